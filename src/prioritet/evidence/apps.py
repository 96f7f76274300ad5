from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.evidence"
    verbose_name = _("Evidence")

    def ready(self) -> None:
        from prioritet.cases import annotations, history, links, sections
        from prioritet.cases.signals import demo_prepared

        from . import policy
        from .demo import add_demo_evidence
        from .extensions import alternative_annotations, etd_section, mini_hta_section, timeline

        Place = sections.Place  # noqa: N806
        links.register(
            links.CaseLink(
                "evidence",
                _("Knowledge basis: mini-HTA and evidence to decision"),
                "evidence:for_case",
                applies=lambda case, user: policy.can_read(user, case),
                order=35,
            )
        )
        sections.register(
            sections.CaseSection(
                "evidence",
                _("Mini-HTA of the measures"),
                "evidence/section_mini_hta.html",
                mini_hta_section,
                frozenset({Place.CASE, Place.REPORT}),
                order=50,
            )
        )
        sections.register(
            sections.CaseSection(
                "etd",
                _("Evidence to decision"),
                "evidence/section_etd.html",
                etd_section,
                frozenset({Place.CASE, Place.REPORT, Place.PUBLIC}),
                order=55,
            )
        )
        annotations.register("evidence", alternative_annotations)
        history.register("evidence", timeline)
        demo_prepared.connect(add_demo_evidence, dispatch_uid="evidence.add_demo_evidence")
