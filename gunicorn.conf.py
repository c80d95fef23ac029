"""gunicorn settings for Kemitraan: `gunicorn -c gunicorn.conf.py kemitraan.wsgi`.

Every value can be changed through the environment without editing this file.
"""

import multiprocessing
import os

# Listen on loopback by default: a TLS-terminating proxy (Caddy, nginx) sits in front.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# The usual (2 x CPU) + 1 sync workers; pages are database-bound, not CPU-bound.
# docs/scaling.md says when to add web nodes instead of workers.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A request that takes longer than this is killed and logged (the PDF bulletin is built by a
# Celery task, not in a request, so nothing legitimate comes close).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Recycle workers now and then so a slow leak cannot grow for ever; jitter avoids all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# Access log to stdout (journald or the container log collects it), errors to stderr.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" request_id=%({x-request-id}o)s'

# The proxy on the same host sets X-Forwarded-Proto; trust it only from loopback by default.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Load the app once in the master so a broken configuration (no SECRET_KEY) stops the start.
preload_app = True
