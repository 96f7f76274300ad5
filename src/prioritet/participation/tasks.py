"""Background work of the participation app (``django.tasks``): sending invitations by e-mail.

Never in the request: the leader asks, a record is made and this task sends it. It works inside the
record's municipality (``scoped_to``), so PostgreSQL's row-level security holds in the worker too.
"""

from __future__ import annotations

from django.tasks import task

from prioritet.core.tasks import scoped_to

from . import services
from .models import InvitationEmail


@task()
@scoped_to(InvitationEmail)
def send_invitation_email(record_id: int) -> str:
    """Send one invitation e-mail (:func:`prioritet.participation.services.deliver_invitation_email`)."""
    return services.deliver_invitation_email(record_id)
