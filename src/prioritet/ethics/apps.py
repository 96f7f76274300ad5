from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EthicsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.ethics"
    verbose_name = _("Ethics")
