"""App config for the shared infrastructure, so its models (audit, idempotency, …) have migrations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared infrastructure: text safety, concurrency, audit, background work."""

    name = "prioritet.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Row-level security after every migrate, so tables added later are covered too.
        from django.db.models.signals import post_migrate

        from .tenancy_db import apply_row_level_security

        post_migrate.connect(apply_row_level_security, sender=self, dispatch_uid="prioritet_row_level_security")
