"""``manage.py verify_audit``: walk every audit chain; exit non-zero naming the first broken row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from prioritet.core import audit


class Command(BaseCommand):
    help = "Verify the hash chains of the access log and the case history; --heads prints the chain heads."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--heads", action="store_true", help="Print each chain's newest hash, to be written down elsewhere."
        )

    def handle(self, *args: Any, heads: bool = False, **options: Any) -> None:
        problems = list(audit.verify())
        if heads:
            for head in audit.head_hashes():
                self.stdout.write(f"{head.chain}\t{head.chain_municipality}\t{head.sequence}\t{head.last_hash}")
        if problems:
            for problem in problems[1:]:
                self.stderr.write(f"Also broken: {problem}")
            raise CommandError(f"Audit chain broken: {problems[0]}")
        self.stdout.write(self.style.SUCCESS("Every audit chain holds."))
