from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension, CaseLink, CaseSection, Place


class EvidenceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.evidence"
    verbose_name = _("Evidence")

    @cached_property
    def extension(self) -> CaseExtension:
        from . import policy
        from .demo import add_demo_evidence
        from .extensions import alternative_annotations, etd_section, mini_hta_section, timeline

        return CaseExtension(
            case_links=[
                CaseLink(
                    "evidence",
                    _("Knowledge basis: mini-HTA and evidence to decision"),
                    "evidence:for_case",
                    applies=lambda case, user: policy.can_read(user, case),
                    order=35,
                )
            ],
            case_sections=[
                CaseSection(
                    "evidence",
                    _("Mini-HTA of the measures"),
                    "evidence/section_mini_hta.html",
                    mini_hta_section,
                    frozenset({Place.CASE, Place.REPORT}),
                    order=50,
                ),
                CaseSection(
                    "etd",
                    _("Evidence to decision"),
                    "evidence/section_etd.html",
                    etd_section,
                    frozenset({Place.CASE, Place.REPORT, Place.PUBLIC}),
                    order=55,
                ),
            ],
            annotation_sources=[alternative_annotations],
            history_sources=[timeline],
            demo_prepared=[add_demo_evidence],
        )
