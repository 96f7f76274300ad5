"""WSGI entry point (``prioritet.web.wsgi:application``) for a production server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prioritet.web.settings")

application = get_wsgi_application()
