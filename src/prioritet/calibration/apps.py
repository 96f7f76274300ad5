from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalibrationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.calibration"
    verbose_name = _("Calibration")

    def ready(self) -> None:
        from prioritet.cases.signals import demo_loaded
        from prioritet.core.navigation import NavItem, register

        from .demo import load_demo_exercises
        from .policy import USER_ROLES

        register(
            NavItem(
                "calibration",
                _("Calibration"),
                "calibration:list",
                roles=set(USER_ROLES),
                order=55,
                description=_("Assess the same examples blind and see how alike you assess"),
            )
        )
        demo_loaded.connect(load_demo_exercises, dispatch_uid="calibration.load_demo_exercises")
