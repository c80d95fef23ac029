"""Publishing: the facilitator opts in, each partner lead agrees or withdraws."""

import pytest
from django.urls import reverse

from public.actions import do_add_recipient
from public.models import PublicConsent, PublicPage
from public.selectors import published_pages

pytestmark = pytest.mark.django_db


def test_facilitator_publishes_and_leads_agree(cast, login):
    response = login(cast.fasilitator).post(reverse("public:publish", args=[cast.program.pk]), {"publish": "1"})
    assert response.status_code == 302
    page = PublicPage.objects.get(program=cast.program)
    assert page.is_published and not published_pages().exists()
    login(cast.lead_a).post(reverse("public:consent", args=[cast.program.pk]), {"agree": "1"})
    assert not published_pages().exists()
    login(cast.lead_b).post(reverse("public:consent", args=[cast.program.pk]), {"agree": "1"})
    assert list(published_pages()) == [page]


def test_lead_withdraws_own_partner_only(cast, login):
    client = login(cast.lead_a)
    client.post(reverse("public:consent", args=[cast.program.pk]), {"agree": "1"})
    client.post(reverse("public:consent", args=[cast.program.pk]), {"agree": "1"})  # twice: one row
    assert PublicConsent.objects.filter(partner=cast.partner_a).count() == 1
    client.post(reverse("public:consent", args=[cast.program.pk]), {"agree": "0"})
    assert not PublicConsent.objects.exists()


def test_staff_and_facilitator_cannot_agree_for_a_partner(cast, login):
    for user in (cast.staf_a, cast.fasilitator, cast.manajer):
        response = login(user).post(reverse("public:consent", args=[cast.program.pk]), {"agree": "1"})
        assert response.status_code == 403
    assert not PublicConsent.objects.exists()


def test_only_the_facilitator_publishes(cast, login):
    for user in (cast.lead_a, cast.staf_a, cast.manajer):
        response = login(user).post(reverse("public:publish", args=[cast.program.pk]), {"publish": "1"})
        assert response.status_code == 403
    assert not PublicPage.objects.exists()


def test_outsider_gets_404(cast, login):
    client = login(cast.luar)
    assert client.get(reverse("public:publication", args=[cast.program.pk])).status_code == 404
    assert client.post(reverse("public:publish", args=[cast.program.pk]), {"publish": "1"}).status_code == 404
    assert client.post(reverse("public:consent", args=[cast.program.pk]), {"agree": "1"}).status_code == 404


def test_publication_page_lists_partners(cast, login):
    html = login(cast.lead_a).get(reverse("public:publication", args=[cast.program.pk])).content.decode()
    assert "Yayasan Mitra A" in html and "PT Mitra B" in html
    assert reverse("public:consent", args=[cast.program.pk]) in html


def test_facilitator_sees_the_bulletin_settings(cast, login):
    do_add_recipient(cast.fasilitator, cast.program, name="Pak Kades", email="kades@example.org", language="id")
    html = login(cast.fasilitator).get(reverse("public:publication", args=[cast.program.pk])).content.decode()
    assert reverse("public:bulletin_schedule", args=[cast.program.pk]) in html
    assert "Pak Kades" in html
    assert reverse("public:bulletin_pack", args=[cast.program.pk]) in html
