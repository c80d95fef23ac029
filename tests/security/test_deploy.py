"""Production settings pass Django's deploy checks; every page carries a strict CSP."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _production_env(**extra):
    # The test run sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment must not.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="kemitraan.example.org",
        DJANGO_SETTINGS_MODULE="kemitraan.settings",
    )
    env.update(extra)
    return env


def test_check_deploy_passes_with_zero_warnings_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = _production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _csp(response):
    return response.get("Content-Security-Policy", "")


def _directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_login_page_carries_strict_csp(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    directives = _directives(_csp(response))
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]


@pytest.mark.django_db
def test_logged_in_pages_carry_csp_and_no_inline_script(world, login):
    """Every parameterless and registered GET page an admin can open: CSP header, no inline script/on*=."""
    from tests.security.html_checks import inline_script_problems, pages_for

    client = login(world.fasilitator)
    seen = 0
    for name, url in pages_for(world, client):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen += 1
        assert "script-src 'self'" in _csp(response), f"{name}: no CSP header"
        problems = inline_script_problems(response.content.decode())
        assert not problems, f"{name} {url}: {problems}"
    assert seen >= 4
