import pytest
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db


def first(*names):
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return reverse("partners:program_list")


@pytest.mark.parametrize(
    "who,target",
    [
        ("fasilitator", "facilitation:dashboard"),
        ("staf_a", "roadmap:my_milestones"),
        ("lead_b", "roadmap:my_milestones"),
        ("manajer", "reports:portfolio"),
        ("admin", "partners:program_list"),
    ],
)
def test_home_sends_each_role_to_its_work(cast, login, who, target):
    response = login(getattr(cast, who)).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == first(target)


def test_home_needs_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
