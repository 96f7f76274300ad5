"""``manage.py create_national_admin``: a national administrator, the role that manages municipalities.

The national administrator is a role, not a superuser: it opens the product's own pages for
municipalities and sees no cases. Operators who need the Django admin in an emergency use
``createsuperuser`` (a break-glass account without a role, whose every read and action is logged).
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prioritet.accounts import services
from prioritet.accounts.models import Role

PASSWORD_VARIABLE = "NATIONAL_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = "Create a national administrator (a role that manages municipalities; not a superuser)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Take the password from ${PASSWORD_VARIABLE}; without it, the user signs in through OpenID Connect.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get(PASSWORD_VARIABLE, "") if not options["interactive"] else self._ask_password()
        try:
            if password:
                validate_password(password)
            user = services.create_user(
                municipality=None,
                username=options["username"],
                role=Role.NATIONAL_ADMIN,
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                password=password or None,
            )
        except ValidationError as err:
            raise CommandError("; ".join(err.messages)) from err
        self.stdout.write(self.style.SUCCESS(f"National administrator «{user.username}» created."))

    def _ask_password(self) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
