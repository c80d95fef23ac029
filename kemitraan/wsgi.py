"""Server entry point: production mode unless DJANGO_ENV says otherwise (gunicorn and every WSGI server).

Production refuses to start without SECRET_KEY and ALLOWED_HOSTS (kemitraan/settings.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_ENV", "production")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kemitraan.settings")
application = get_wsgi_application()
