"""Signals of the cases app for the apps built on it."""

from django.dispatch import Signal

#: Sent by ``manage.py load_demo`` inside its transaction, after the demo cases exist, with
#: ``municipality`` and ``users`` (username → User), so other apps can add their demo content
#: without the cases app knowing them. Receivers must be idempotent, like the command.
demo_loaded = Signal()
