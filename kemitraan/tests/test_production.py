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


def test_production_keeps_database_connections_and_checks_them_before_reuse():
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        " print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = run("shell", "-c", code, DJANGO_ENV="production", SECRET_KEY=SECRET, ALLOWED_HOSTS="kemitraan.example.id")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["60", "True"]
    # Behind PgBouncer in transaction mode the operator turns it off.
    result = run(
        "shell",
        "-c",
        code,
        DJANGO_ENV="production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="kemitraan.example.id",
        CONN_MAX_AGE="0",
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["0", "True"]


def test_the_celery_worker_preloads_the_pdf_engine_before_forking():
    code = (
        "import sys; from kemitraan.celery import preload_pdf_engine; "
        "print('weasyprint' in sys.modules); preload_pdf_engine(); print('weasyprint' in sys.modules)"
    )
    result = run("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-2:] == ["False", "True"]


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


def _server_env(**overrides):
    """The environment of a server process: no DJANGO_ENV, nothing from the test session."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DATABASE_URL": "sqlite:////tmp/kemitraan-production-check.sqlite3", **overrides})
    return env


def load_server_module(module, **env_overrides):
    code = f"import {module}; from django.conf import settings; print('DEBUG', settings.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE,
        env=_server_env(**env_overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("module", ["kemitraan.wsgi", "kemitraan.asgi"])
def test_wsgi_and_asgi_refuse_to_start_without_secret_key(module):
    result = load_server_module(module, ALLOWED_HOSTS="kemitraan.example.id")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_wsgi_refuses_to_start_without_allowed_hosts():
    result = load_server_module("kemitraan.wsgi", SECRET_KEY=SECRET)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("module", ["kemitraan.wsgi", "kemitraan.asgi"])
def test_wsgi_and_asgi_start_in_production_mode_by_default(module):
    result = load_server_module(module, SECRET_KEY=SECRET, ALLOWED_HOSTS="kemitraan.example.id")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "DEBUG False"


def test_development_mode_is_chosen_explicitly():
    result = load_server_module("kemitraan.wsgi", DJANGO_ENV="development")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "DEBUG True"


def test_an_unknown_mode_is_refused():
    result = load_server_module("kemitraan.wsgi", DJANGO_ENV="prod", SECRET_KEY=SECRET, ALLOWED_HOSTS="x.id")
    assert result.returncode != 0
    assert "DJANGO_ENV must be" in result.stderr


def test_the_test_session_itself_runs_in_development_mode():
    assert os.environ["DJANGO_ENV"] == "development"
    assert not settings.PRODUCTION


def test_gunicorn_config_takes_workers_from_the_cpu_count(monkeypatch):
    import multiprocessing
    import runpy

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: 4)
    config = runpy.run_path(str(BASE / "gunicorn.conf.py"))
    assert config["workers"] == 9
    assert config["timeout"] == 30
    assert config["accesslog"] == "-"
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert runpy.run_path(str(BASE / "gunicorn.conf.py"))["workers"] == 3
