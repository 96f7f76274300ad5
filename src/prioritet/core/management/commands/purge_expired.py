"""``manage.py purge_expired [--dry-run]``: delete or anonymise what is past its retention period."""

from __future__ import annotations

import getpass
import socket
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from prioritet.core import retention


class Command(BaseCommand):
    help = (
        "Delete or anonymise records past their retention period (PRIORITET_RETENTION_DAYS) and record "
        "each purge in the audit chain."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; change nothing.")
        parser.add_argument("--user", help="Username of the person running the purge, recorded with it.")

    def handle(self, *args: Any, dry_run: bool = False, user: str | None = None, **options: Any) -> None:
        person = None
        if user:
            person = get_user_model().objects.filter(username=user).first()
            if person is None:
                raise CommandError(f"No user {user!r}.")
        actor = f"{user or getpass.getuser()}@{socket.gethostname()} (purge_expired)"
        for purged in retention.run(actor=actor, user=person, dry_run=dry_run):
            verb = "would " + purged.rule.action if dry_run else purged.rule.action + "d"
            self.stdout.write(
                f"{purged.rule.kind}: {verb} {purged.count} ({purged.rule.description.format(days=purged.days)})"
            )
        if not dry_run:
            keys = retention.purge_idempotency_keys()
            if keys is not None:
                self.stdout.write(f"idempotency keys: deleted {keys}")
