"""Signals of the cases app for the apps built on it."""

from django.dispatch import Signal

#: Sent by ``manage.py load_demo`` inside its transaction, after the demo cases exist, with
#: ``municipality`` and ``users`` (username → User), so other apps can add their demo content
#: without the cases app knowing them. Receivers must be idempotent, like the command.
demo_loaded = Signal()

#: Sent by ``manage.py load_demo`` before the demo cases are decided, with the same arguments, for
#: demo content that must be written while a case is open (a decided case's mini-HTA, EtD panel and
#: ethical reflection are frozen). Receivers must be idempotent and skip decided cases.
demo_prepared = Signal()
