from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension
from prioritet.core.navigation import NavItem


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.indicators"
    verbose_name = _("Indicators")

    @cached_property
    def extension(self) -> CaseExtension:
        from . import home, policy
        from .demo import add_demo_case_system, add_demo_indicators, add_demo_own_figures, add_demo_projection

        return CaseExtension(
            navigation=[
                NavItem(
                    "indicators",
                    _("Indicators"),
                    "indicators:list",
                    roles=policy.VIEW_ROLES,
                    order=55,
                    description=_("KOSTRA figures and the municipality's own, against targets and peers"),
                ),
                NavItem(
                    "indicators-dashboard",
                    _("Dashboard"),
                    "indicators:dashboard",
                    roles=policy.VIEW_ROLES,
                    order=54,
                    description=_("Your figures against targets, peers and trend, and your workload"),
                ),
            ],
            home_sources=[home.key_figures],
            demo_loaded=[add_demo_indicators, add_demo_projection, add_demo_case_system, add_demo_own_figures],
        )
