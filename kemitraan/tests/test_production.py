"""Production mode (DJANGO_ENV=production): refuses to start without secrets, passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
SECRET = "k3m1traan-" + "Zq8vR2mX7pL4sT9wB6nC1dF5gH0jK3aE" + "-production-test-key-xyz"


def run(*args, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DJANGO_ENV",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "REDIS_URL",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update({"DATABASE_URL": "sqlite:////tmp/kemitraan-production-check.sqlite3", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "env",
    [
        {"DJANGO_ENV": "production"},
        {"DJANGO_ENV": "production", "ALLOWED_HOSTS": "kemitraan.example.id"},
        {"DJANGO_ENV": "production", "SECRET_KEY": SECRET},
        {"DJANGO_ENV": "production", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": ""},
    ],
    ids=["nothing", "no-secret-key", "no-allowed-hosts", "empty-allowed-hosts"],
)
def test_production_refuses_to_start_without_secret_key_and_allowed_hosts(env):
    result = run("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_passes_with_zero_warnings():
    result = run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="kemitraan.example.id",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_cookies_are_secure_and_http_only():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_AGE, s.SESSION_SAVE_EVERY_REQUEST, s.SESSION_ABSOLUTE_TIMEOUT)"
    )
    result = run("shell", "-c", code, DJANGO_ENV="production", SECRET_KEY=SECRET, ALLOWED_HOSTS="kemitraan.example.id")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["False", "True", "True", "True", "1800", "True", "43200"]


def test_development_runs_with_nothing_set():
    result = run("check")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_session_cookie_is_sent_secure_and_http_only(cast, client, settings):
    settings.SESSION_COOKIE_SECURE = True  # as in production
    response = client.post("/accounts/login/", {"username": "staf_a", "password": "rahasia-demo-123"}, secure=True)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["max-age"] == 30 * 60
