"""App config for the shared infrastructure, so its models (audit, idempotency, …) have migrations."""

from __future__ import annotations

from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .extensions import Extension


class CoreConfig(AppConfig):
    """Shared infrastructure: text safety, concurrency, audit, background work."""

    name = "prioritet.core"
    label = "core"
    verbose_name = _("Core")

    @cached_property
    def extension(self) -> Extension:
        """Core's own retention rule: expired sessions."""
        from .retention import SESSIONS

        return Extension(retention_rules=[SESSIONS])

    def ready(self) -> None:
        # Row-level security after every migrate, so tables added later are covered too.
        from django.db.models.signals import post_migrate

        from .tenancy_db import apply_row_level_security

        post_migrate.connect(apply_row_level_security, sender=self, dispatch_uid="prioritet_row_level_security")
