#!/usr/bin/env python
import os
import sys


def main():
    # A developer's command line is development mode unless told otherwise; servers load
    # kemitraan.wsgi / kemitraan.asgi, which default to production. Set DJANGO_ENV=production
    # for management commands on a server (migrate, collectstatic, backup).
    os.environ.setdefault("DJANGO_ENV", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kemitraan.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
