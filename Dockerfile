# Kemitraan image: one image for web, worker and beat (compose.yaml picks the command).
# Stage 1 builds wheels from the lock file (hashes checked); stage 2 is the runtime, non-root.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY requirements.lock ./
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --require-hashes -r requirements.lock
COPY . .
# Translations are compiled and static files collected (hashed, compressed) at build time; the
# key and host given here exist only for this step.
RUN DJANGO_ENV=development /opt/venv/bin/python manage.py compile_translations \
 && DJANGO_ENV=production SECRET_KEY=build-only ALLOWED_HOSTS=build /opt/venv/bin/python manage.py collectstatic --noinput


FROM python:3.11-slim-bookworm AS runtime
# WeasyPrint (PDF bulletin) needs Pango and fonts; pg_dump/pg_restore for `manage.py backup`;
# curl for the health checks.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 fonts-dejavu-core \
      postgresql-client curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 1000 kemitraan \
 && useradd --system --uid 1000 --gid kemitraan --home-dir /app --shell /usr/sbin/nologin kemitraan \
 && install -d -o kemitraan -g kemitraan /data /data/private /data/backups
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=kemitraan:kemitraan /src /app
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DJANGO_ENV=production \
    PRIVATE_MEDIA_ROOT=/data/private \
    BACKUP_DIR=/data/backups \
    GUNICORN_BIND=0.0.0.0:8000 \
    LOG_FORMAT=json
USER kemitraan
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS -H "Host: ${HEALTHCHECK_HOST:-localhost}" http://127.0.0.1:8000/healthz || exit 1
CMD ["gunicorn", "-c", "gunicorn.conf.py", "kemitraan.wsgi"]
