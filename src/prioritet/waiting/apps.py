from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseLink
from prioritet.core.navigation import NavItem
from prioritet.indicators.sources import IndicatorExtension


class WaitingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.waiting"
    verbose_name = _("Waiting lists")

    @cached_property
    def extension(self) -> IndicatorExtension:
        from . import policy
        from .demo import add_demo_waiting_lists
        from .statistics import own_figures

        return IndicatorExtension(
            navigation=[
                NavItem(
                    "waiting",
                    _("Waiting lists"),
                    "waiting:index",
                    roles=policy.READ_ROLES,
                    order=35,
                    description=_("Who waits for a place, in the suggested order; capacity and allocation"),
                )
            ],
            case_links=[
                CaseLink(
                    "waiting",
                    _("Waiting lists"),
                    "waiting:for_case",
                    applies=lambda case, user: policy.can_put_on_list(user, case) and case.is_decided,
                    order=75,
                )
            ],
            own_figures=[own_figures],
            demo_loaded=[add_demo_waiting_lists],
        )
