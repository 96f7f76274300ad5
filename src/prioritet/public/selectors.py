"""Reads of the public app. Public reads take a municipality by its slug and show nothing personal."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from prioritet.accounts.models import Municipality
from prioritet.accounts.tenancy import get_for_municipality_or_404
from prioritet.cases.models import Alternative, AlternativeKind, Case, Decision, Status
from prioritet.engine import Priority, priority_band
from prioritet.indicators import selectors as indicator_selectors
from prioritet.indicators import suppression
from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, PeerGroup, period_order
from prioritet.indicators.models import Status as FigureStatus
from prioritet.indicators.suppression import Shown
from prioritet.weighting.models import WeightVersion

from . import policy
from .models import Publication, PublishedIndicator

_RELATED = ("case", "decision", "decision__alternative", "decision__weight_version")


def municipality_by_slug(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def municipalities_with_publications() -> QuerySet[Municipality]:
    """Municipalities that have published at least one prioritisation, with how many and the latest."""
    return (
        Municipality.objects.filter(publications__isnull=False)
        .annotate(publication_count=Count("publications"), latest_publication=Max("publications__published_at"))
        .order_by("name")
    )


def publications_of(municipality: Municipality) -> QuerySet[Publication]:
    return Publication.objects.for_municipality(municipality).select_related(*_RELATED).order_by("-published_at", "-id")


def get_publication(municipality: Municipality, pk: int) -> Publication:
    return get_for_municipality_or_404(Publication.objects.select_related(*_RELATED), municipality, pk=pk)


def weight_history(municipality: Municipality) -> list[WeightVersion]:
    """Every weight version, newest first (no names: the public sees the body that decided)."""
    return list(WeightVersion.objects.filter(municipality=municipality).order_by("-number"))


@dataclass(frozen=True)
class JudgmentRow:
    """One row of the seed's table «Vurderes samlet»: an alternative as the decision saw it."""

    alternative: int
    title: str
    severity: int
    benefit: int
    resources: int
    rank: int
    value: float
    band: Priority
    chosen: bool

    @property
    def points(self) -> int:
        """The value on the 0–100 scale the public pages use."""
        return round(self.value * 100)


def reference_of(decision: Decision) -> Alternative | None:
    """The case's no-action alternative: the reference, shown with its consequence and never ranked."""
    return Alternative.objects.filter(case_id=decision.case_id, kind=AlternativeKind.NO_ACTION).first()


def judgment_rows(decision: Decision, reference: Alternative | None) -> list[JudgmentRow]:
    """The combined judgment the decision was made on (``Decision.suggestion``), best first.

    The no-action alternative is the reference, never a suggestion: a decision made before it became
    one (issue 11) stored it among the ranked rows, so it is left out here and the others' ranks are
    counted again in the stored order (equal values share a rank). ``reference`` is
    :func:`reference_of` the decision, read once by the caller.
    """
    kept: list[dict] = []
    for row in decision.suggestion or []:
        if not row.get("scores") or (reference is not None and row["alternative"] == reference.pk):
            continue
        kept.append(row)
    kept.sort(key=lambda r: int(r.get("rank") or 0))
    rows: list[JudgmentRow] = []
    for position, row in enumerate(kept, start=1):
        scores = row["scores"]
        value = float(row["value"])
        rank = rows[-1].rank if rows and rows[-1].value == value else position
        rows.append(
            JudgmentRow(
                alternative=row["alternative"],
                title=row["title"],
                severity=int(scores["severity"]),
                benefit=int(scores["benefit"]),
                resources=int(scores["resources"]),
                rank=rank,
                value=value,
                band=priority_band(value),
                chosen=row["alternative"] == decision.alternative_id,
            )
        )
    return rows


# The public key figures ----------------------------------------------------------------------------

#: The country's region codes: «EAK» in SSB's KOSTRA tables, «0» in the population tables.
COUNTRY = ("EAK", "0")


def public_figure(value: IndicatorValue) -> Shown:
    """The cell as it may be shown publicly: through the suppression gate (a figure about fewer than
    five people becomes «:»), and a cell stored with «:» loses any number stored beside it."""
    cell = suppression.shown(value)
    if cell.status == FigureStatus.SUPPRESSED and cell.value is not None:
        return replace(cell, value=None, persons=None)
    return cell


@dataclass
class KeyFigure:
    """A published indicator: the municipality's series beside its KOSTRA group's and the country's."""

    definition: IndicatorDefinition
    explanation: str
    #: The municipality's code first, then the KOSTRA group and the country where they have figures.
    regions: list[str]
    names: dict[str, str]
    periods: list[str]
    #: {region: {period: figure}}
    cells: dict[str, dict[str, Shown]] = field(default_factory=dict)
    demo: bool = False
    updated: datetime.datetime | None = None

    @property
    def headings(self) -> list[str]:
        """The regions' names, in :attr:`regions`' order."""
        return [self.names[region] for region in self.regions]

    @property
    def latest_period(self) -> str | None:
        """The newest period the municipality itself has a cell for (a number or a symbol)."""
        own = self.cells.get(self.regions[0], {})
        return max(own, key=period_order) if own else None

    @property
    def latest(self) -> list[tuple[str, Shown | None]]:
        """Each region's cell in :attr:`latest_period`: the municipality's and its comparisons'."""
        period = self.latest_period
        return [(self.names[region], self.cells[region].get(period) if period else None) for region in self.regions]

    @property
    def rows(self) -> list[tuple[str, list[Shown | None]]]:
        """The table alternative to the chart: one row per period, one cell per region."""
        return [(period, [self.cells[region].get(period) for region in self.regions]) for period in self.periods]

    def numbers(self, region: str) -> list[float | None]:
        """The chart's line for ``region``: a gap where there is a symbol (never a zero)."""
        cells = self.cells[region]
        return [
            indicator_selectors.number(cells[p].value, self.definition.decimals) if p in cells else None
            for p in self.periods
        ]


def has_key_figures(municipality: Municipality) -> bool:
    return PublishedIndicator.objects.for_municipality(municipality).exists()


def key_figures(municipality: Municipality) -> list[KeyFigure]:
    """The municipality's published indicators with its own figures, its KOSTRA group's and the
    country's — never a peer municipality's, and only values the municipality holds itself."""
    published = list(
        PublishedIndicator.objects.for_municipality(municipality)
        .filter(definition__in=IndicatorDefinition.objects.visible_to(municipality))
        .select_related("definition")
        .order_by("definition__order", "definition__key")
    )
    if not published:
        return []
    group = PeerGroup.objects.for_municipality(municipality).first()
    kostra = [group.kostra_group] if group and group.kostra_group else []
    wanted = list(dict.fromkeys([municipality.number, *kostra, *COUNTRY]))
    values: dict[int, list[IndicatorValue]] = {}
    for value in IndicatorValue.objects.for_municipality(municipality).filter(
        definition__in=[item.definition for item in published], region__in=wanted
    ):
        values.setdefault(value.definition_id, []).append(value)
    names = indicator_selectors.region_names(municipality, wanted)
    out = []
    for item in published:
        cells: dict[str, dict[str, Shown]] = {region: {} for region in wanted}
        rows = values.get(item.definition_id, [])
        for value in rows:
            cells[value.region][value.period] = public_figure(value)
        regions = [region for region in wanted if region == municipality.number or cells[region]]
        own = [value for value in rows if value.region == municipality.number]
        out.append(
            KeyFigure(
                definition=item.definition,
                explanation=item.explanation,
                regions=regions,
                names=names,
                periods=sorted({value.period for value in rows}, key=period_order),
                cells={region: cells[region] for region in regions},
                demo=any(value.demo for value in rows),
                updated=max((value.updated_at for value in own), default=None),
            )
        )
    return out


# The internal publishing pages ---------------------------------------------------------------------


def publishable_cases(municipality, user) -> QuerySet[Case]:
    """Decided cases the user may publish, and published ones (also when reopened), newest first."""
    return (
        Case.objects.for_municipality(municipality)
        .filter(level__in=policy.publishable_levels(user))
        .filter(Q(status=Status.DECIDED) | Q(publication__isnull=False))
        .select_related("publication", "service_area")
        .order_by("-updated_at", "-id")
    )


def current_decision(case: Case) -> Decision | None:
    return case.decisions.select_related("alternative", "weight_version").order_by("-decided_at", "-id").first()


def key_figure_choices(municipality: Municipality) -> list[tuple[IndicatorDefinition, PublishedIndicator | None]]:
    """Every indicator the municipality reads, with its public key-figure entry where it has one."""
    chosen = {item.definition_id: item for item in PublishedIndicator.objects.for_municipality(municipality)}
    return [(item, chosen.get(item.pk)) for item in IndicatorDefinition.objects.visible_to(municipality)]


def key_figure_choice(municipality: Municipality, pk: int) -> tuple[IndicatorDefinition, PublishedIndicator | None]:
    """One indicator the municipality reads (404 otherwise) and its key-figure entry, if published."""
    definition = get_object_or_404(IndicatorDefinition.objects.visible_to(municipality), pk=pk)
    return definition, PublishedIndicator.objects.for_municipality(municipality).filter(definition=definition).first()
