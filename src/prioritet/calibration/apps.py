from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension
from prioritet.core.navigation import NavItem


class CalibrationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.calibration"
    verbose_name = _("Calibration")

    @cached_property
    def extension(self) -> CaseExtension:
        from .demo import load_demo_exercises
        from .policy import USER_ROLES

        return CaseExtension(
            navigation=[
                NavItem(
                    "calibration",
                    _("Calibration"),
                    "calibration:list",
                    roles=set(USER_ROLES),
                    order=55,
                    description=_("Assess the same examples blind and see how alike you assess"),
                )
            ],
            demo_loaded=[load_demo_exercises],
        )
