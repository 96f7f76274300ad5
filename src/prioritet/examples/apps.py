from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension, CaseLink
from prioritet.core.navigation import NavItem


class ExamplesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.examples"
    verbose_name = _("Examples")

    @cached_property
    def extension(self) -> CaseExtension:
        from .demo import share_demo_cases
        from .policy import can_publish
        from .timeline import timeline

        return CaseExtension(
            navigation=[
                NavItem(
                    "example_bank",
                    _("Example bank"),
                    "examples:search",
                    roles=None,
                    requires_municipality=False,
                    order=55,
                    description=_("Decided prioritisations shared by municipalities, to learn from and reuse"),
                )
            ],
            case_links=[
                CaseLink(
                    "example_bank",
                    _("Share in the example bank"),
                    "examples:publish",
                    applies=lambda case, user: case.is_decided and can_publish(user, case),
                    order=30,
                ),
                CaseLink(
                    "share_lesson",
                    _("Share the lesson in the example bank"),
                    "examples:share_lesson",
                    applies=lambda case, user: can_publish(user, case) and case.follow_ups.exists(),
                    order=31,
                ),
            ],
            history_sources=[timeline],
            demo_loaded=[share_demo_cases],
        )
