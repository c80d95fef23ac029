"""The container and service files, checked where Docker is not available (docs/deploy.md):
compose.yaml parses and has every service with a health check and only settings the app reads;
the Dockerfile is multi-stage and non-root; gunicorn with gunicorn.conf.py in production mode,
as the image runs it, answers /healthz."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.conf import settings

BASE = Path(settings.BASE_DIR)
SERVICES = {"web", "worker", "beat", "db", "redis", "proxy"}
# Variables compose.yaml itself substitutes (from .env), and those of the official images.
COMPOSE_ONLY = {"KEMITRAAN_HOST", "POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}


def compose():
    return yaml.safe_load((BASE / "compose.yaml").read_text())


def names_the_app_reads():
    """Every environment variable named in settings.py, gunicorn.conf.py, manage.py, wsgi/celery."""
    sources = ["kemitraan/settings.py", "gunicorn.conf.py", "manage.py", "kemitraan/wsgi.py", "kemitraan/celery.py"]
    text = "\n".join((BASE / name).read_text() for name in sources)
    pattern = r'(?:env(?:\.\w+)?|os\.environ\.(?:get|setdefault))\(\s*"([A-Z][A-Z0-9_]+)"'
    return set(re.findall(pattern, text))


def test_compose_has_every_service_each_with_a_health_check():
    services = compose()["services"]
    assert SERVICES <= set(services)
    for name in SERVICES:
        check = services[name].get("healthcheck")
        assert check and check.get("test") and not check.get("disable"), f"{name} has no health check"


def test_compose_sets_only_variables_the_settings_read():
    read = names_the_app_reads()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SENTRY_DSN"} <= read
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DJANGO_ENV"] == "production"
        unknown = set(env) - read
        assert not unknown, f"{name} sets variables the app never reads: {unknown}"
    example = {
        line.split("=", 1)[0].lstrip("# ").strip()
        for line in (BASE / "deploy" / "env.example").read_text().splitlines()
        if re.match(r"^#? ?[A-Z][A-Z0-9_]+=", line)
    }
    assert not example - read - COMPOSE_ONLY, example - read - COMPOSE_ONLY


def test_the_proxy_terminates_tls_and_compresses():
    proxy = compose()["services"]["proxy"]
    assert "443:443" in proxy["ports"]
    caddyfile = (BASE / "deploy" / "Caddyfile").read_text()
    assert "encode zstd gzip" in caddyfile
    assert "reverse_proxy web:8000" in caddyfile
    assert "X-Forwarded-Proto" in caddyfile


def test_dockerfile_is_multi_stage_non_root_with_weasyprint_packages_and_the_lock_file():
    dockerfile = (BASE / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", dockerfile, re.M)) >= 2
    assert re.search(r"^USER kemitraan$", dockerfile, re.M)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core", "postgresql-client"):
        assert package in dockerfile
    assert "--require-hashes -r requirements.lock" in dockerfile
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py", "kemitraan.wsgi"]' in dockerfile


@pytest.mark.parametrize("unit", ["kemitraan-web", "kemitraan-worker", "kemitraan-beat"])
def test_systemd_units_run_in_production_mode(unit):
    text = (BASE / "deploy" / "systemd" / f"{unit}.service").read_text()
    assert "Environment=DJANGO_ENV=production" in text
    assert "User=kemitraan" in text
    assert re.search(r"^ExecStart=/srv/kemitraan/app/\.venv/bin/(gunicorn|celery) ", text, re.M)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_with_the_image_settings_answers_healthz(tmp_path):
    """Production mode, gunicorn.conf.py, loopback: the same command as the image's CMD."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY="gunicorn-test-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        LOG_FORMAT="json",
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py", "kemitraan.wsgi"],
        cwd=BASE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, body, status = time.monotonic() + 90, None, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    status, body = response.status, response.read().decode()
                    request_id = response.headers["X-Request-ID"]
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, server.stdout.read() if server.poll() is not None else "no answer"
        assert '"status": "ok"' in body and '"database": "ok"' in body
        assert len(request_id) == 32
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"request_id={request_id}" in output  # the access log line of that request
