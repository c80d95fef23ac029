"""Every route needs a login, and every route with an object id answers 404 to an outsider."""

import pytest
from django.urls import NoReverseMatch, reverse

from tests.security.registry import API_NAMESPACES, OBJECT_URLS, PUBLIC_URLS, READ_ONLY_URLS, kwargs_for
from tests.urlwalk import iter_routes

pytestmark = pytest.mark.django_db

LOGIN_PREFIXES = ("/accounts/login/", "/admin/login/")


def _routes():
    return list(iter_routes())


def _url(route, world):
    try:
        return reverse(route.name, kwargs=kwargs_for(route, world))
    except NoReverseMatch:
        # Admin routes with a regex of app labels: try the first label we know.
        kwargs = kwargs_for(route, world)
        if "app_label" in kwargs:
            kwargs["app_label"] = "partners"
        return reverse(route.name, kwargs=kwargs)


def _request(client, url):
    """GET, or POST when the view only takes POST (405)."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def test_every_route_is_named():
    unnamed = [r.route for r in _routes() if not r.name and not r.route.startswith("admin/")]
    assert not unnamed, f"unnamed routes (name every route): {unnamed}"


def test_walker_sees_the_known_routes():
    """Guard the walker itself: if it stopped finding routes, the tests below would pass emptily."""
    names = {r.name for r in _routes()}
    assert {"home", "login", "healthz", "partners:program_detail", "admin:index"} <= names
    assert len(names) > 20


def find_leaks(client, world):
    leaks = []
    for route in _routes():
        if not route.name or route.name in PUBLIC_URLS:
            continue
        url = _url(route, world)
        response = _request(client, url)
        location = response.get("Location", "")
        if response.status_code == 302 and location.startswith(LOGIN_PREFIXES):
            continue
        if route.namespace in API_NAMESPACES and response.status_code == 401:
            continue
        leaks.append(f"{route.name} {url} -> {response.status_code} {location}")
    return leaks


def test_no_route_is_reachable_without_login(world, client):
    leaks = find_leaks(client, world)
    assert not leaks, "reachable without login:\n" + "\n".join(leaks)


def test_public_routes_are_the_expected_few():
    """The exceptions are login, logout, password reset, language switch and /healthz only."""
    names = {r.name for r in _routes()}
    assert PUBLIC_URLS <= names, "stale PUBLIC_URLS entry"


def test_admin_needs_staff(world, login):
    response = login(world.luar).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_every_object_route_has_an_outsider_case():
    missing = [
        f"add an outsider case for {r.name} ({r.route}) in tests/security/registry.py"
        for r in _routes()
        if r.int_kwargs and r.namespace != "admin" and r.name not in OBJECT_URLS
    ]
    assert not missing, "\n".join(missing)


def test_outsider_gets_404_on_every_object_route(world, client):
    checked, wrong = 0, []
    for route in _routes():
        if not route.int_kwargs or route.name not in OBJECT_URLS:
            continue
        outsider = getattr(world, OBJECT_URLS[route.name][1])
        client.force_login(outsider)
        url = _url(route, world)
        response = _request(client, url)
        checked += 1
        if response.status_code != 404:
            wrong.append(f"{route.name} {url} as {outsider.username} -> {response.status_code}")
    assert checked >= 2
    assert not wrong, "outsider not refused with 404:\n" + "\n".join(wrong)


def test_registry_ids_are_real(world, client):
    """The ids the registry hands out exist: some member of the cast's program can open each GET."""
    members = [world.admin, world.fasilitator, world.manajer, world.staf_a, world.lead_a]
    for route in _routes():
        if route.name not in OBJECT_URLS:
            continue
        url = _url(route, world)
        statuses = []
        for member in members:
            client.force_login(member)
            statuses.append(client.get(url).status_code)
            if statuses[-1] != 404:
                break
        assert statuses[-1] != 404, f"{route.name}: registry id is not found by any member ({url})"


def _open_view(request, pk):
    from django.http import HttpResponse

    return HttpResponse("open")


def test_walker_catches_an_unprotected_route(world, client, settings):
    """The leak finder really fails on a route without @login_required (a test that can fail)."""
    import sys
    import types

    from django.urls import clear_url_caches, include, path

    module = types.ModuleType("tests_open_urlconf")
    module.urlpatterns = [
        path("open/<int:pk>/", _open_view, name="open_page"),
        path("", include("kemitraan.urls")),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()
    try:
        leaks = find_leaks(client, world)
    finally:
        clear_url_caches()
    assert [leak.split()[0] for leak in leaks] == ["open_page"]


@pytest.mark.parametrize("name", sorted(READ_ONLY_URLS))
def test_read_only_member_gets_403(world, client, name):
    make_kwargs, reader = READ_ONLY_URLS[name]
    client.force_login(getattr(world, reader))
    url = reverse(name, kwargs=make_kwargs(world))
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
