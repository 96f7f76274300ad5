"""App config for the shared infrastructure, so its models (audit, idempotency, …) have migrations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared infrastructure: text safety, concurrency, audit, background work."""

    name = "prioritet.core"
    label = "core"
    verbose_name = _("Core")
