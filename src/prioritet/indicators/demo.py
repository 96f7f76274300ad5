"""The demo municipality's figures: made-up yearly series 2015–2024, a KOSTRA group and three peers,
a made-up population projection to 2040 with a home-care need projection and two scenarios, and the
open health-and-care plan case citing the projection and an indicator."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from prioritet import demo
from prioritet.accounts.models import Municipality, Role, ServiceArea, User
from prioritet.cases.models import Case

from . import imports, own, selectors, services
from .models import (
    AGE_GROUPS,
    IndicatorDefinition,
    IndicatorTarget,
    IndicatorValue,
    NeedProjection,
    PeerGroup,
    PeriodKind,
    SourceKind,
    Status,
)

#: The label every page showing demo figures carries.
DEMO_LABEL = "Demotall (oppdiktede)"

YEARS = range(2015, 2025)
#: The KOSTRA group and three peers (real codes, made-up figures).
KOSTRA_GROUP = "EKG13"
PEERS = ("3907", "3905", "4204")

#: key → (value in 2015, change per year, offsets of the three peers and the KOSTRA group); made up,
#: roughly the size of real figures. A KOSTRA group's figure is the group's average, as SSB gives it
#: (a weighted average of its municipalities for a rate), never the group's sum: the group's
#: population 80+ is the average per member municipality, comparable with the municipality's own.
SERIES: dict[str, tuple[float, float, tuple[float, ...]]] = {
    "nursing_home_80": (13.5, -0.35, (1.2, -0.8, 0.4, 0.1)),
    "home_care_67_79": (68.0, -0.9, (4.0, -3.0, 1.5, 0.5)),
    "home_care_80": (30.5, -0.25, (1.2, -0.9, 0.6, 0.2)),
    "cost_per_user": (402_000, 9_500, (15_000, -11_000, 6_000, 2_500)),
    "population_80": (2_150, 95, (900, 1_400, -300, 350)),
}


def _value(start: float, step: float, index: int, wobble: int) -> Decimal:
    figure = start + step * index + ((index * 7 + wobble) % 5 - 2) * abs(step) * 0.3
    return Decimal(f"{figure:.1f}")


def add_demo_indicators(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Yearly series 2015–2024 for a few indicators, the group's and the peers' too, and two targets.

    Idempotent like ``load_demo``: a municipality that has values already is left as it is.
    """
    if IndicatorValue.objects.for_municipality(municipality).exists():
        return
    PeerGroup.objects.update_or_create(
        municipality=municipality, defaults={"kostra_group": KOSTRA_GROUP, "peers": list(PEERS)}
    )
    regions = (municipality.number, *PEERS, KOSTRA_GROUP)
    definitions = {d.key: d for d in IndicatorDefinition.objects.filter(owner__isnull=True, key__in=SERIES)}
    values = []
    for key, (start, step, offsets) in SERIES.items():
        definition = definitions.get(key)
        if definition is None:
            continue
        for r, region in enumerate(regions):
            base = start + (0 if r == 0 else offsets[r - 1])
            for index, year in enumerate(YEARS):
                value: Decimal | None = _value(base, step, index, r)
                status = ""
                # One suppressed cell in a small peer, to show the symbol.
                if key == "nursing_home_80" and region == PEERS[2] and year == 2019:
                    value, status = None, Status.SUPPRESSED
                values.append(
                    IndicatorValue(
                        municipality=municipality,
                        definition=definition,
                        region=region,
                        period=str(year),
                        period_kind=PeriodKind.YEAR,
                        value=value,
                        status=status,
                        demo=True,
                        source=SourceKind.IMPORT,
                    )
                )
    IndicatorValue.objects.bulk_create(values)
    for key, target in (("nursing_home_80", Decimal("10.0")), ("home_care_80", Decimal("30.0"))):
        if key in definitions:
            IndicatorTarget.objects.create(
                municipality=municipality, definition=definitions[key], from_year=2024, value=target
            )


#: The made-up population projection 2025–2040: age group → (persons in 2025, growth a year).
POPULATION: dict[str, tuple[float, float]] = {
    "0-66": (46_000, -0.002),
    "67-79": (7_200, 0.015),
    "80-89": (2_500, 0.045),
    "90+": (620, 0.035),
}
PROJECTION_YEARS = range(2025, 2041)


def add_demo_projection(municipality: Municipality, users: Mapping[str, User]) -> None:
    """A made-up population projection to 2040 and a home-care need projection with two scenarios.

    Idempotent: a municipality that has a projection already is left as it is.
    """
    if NeedProjection.objects.for_municipality(municipality).exists():
        return
    leader = users.get("demo-leder") or User.objects.filter(municipality=municipality, role=Role.LEADER).first()
    if leader is None:
        return
    definitions = {
        d.key: d
        for d in IndicatorDefinition.objects.filter(owner__isnull=True, key__in=[g.definition_key for g in AGE_GROUPS])
    }
    values = []
    for group in AGE_GROUPS:
        definition = definitions.get(group.definition_key)
        start, growth = POPULATION[group.key]
        if (
            definition is None
            or IndicatorValue.objects.filter(municipality=municipality, definition=definition).exists()
        ):
            continue
        values += [
            IndicatorValue(
                municipality=municipality,
                definition=definition,
                region=municipality.number,
                period=str(year),
                period_kind=PeriodKind.YEAR,
                value=Decimal(round(start * (1 + growth) ** (year - PROJECTION_YEARS[0]))),
                demo=True,
                source=SourceKind.IMPORT,
            )
            for year in PROJECTION_YEARS
        ]
    IndicatorValue.objects.bulk_create(values)
    projection = services.create_projection(
        municipality,
        leader,
        name="Hjemmetjenester mot 2040",
        service="Hjemmetjenester (hjemmesykepleie og praktisk bistand)",
        service_area=ServiceArea.objects.for_municipality(municipality).filter(name="Hjemmetjenesten").first(),
        base_year=PROJECTION_YEARS[0],
        end_year=PROJECTION_YEARS[-1],
        coverage={"0-66": 0.012, "67-79": 0.065, "80-89": 0.26, "90+": 0.55},
        fte_per_user=Decimal("0.45"),
        cost_per_user=Decimal("430000"),
        capacity_users=Decimal("2050"),
        capacity_fte=Decimal("900"),
        budget=Decimal("870000000"),
        sources=f"{DEMO_LABEL}: dekningsgrader og enhetstall i KOSTRAs størrelsesorden, ikke virkelige tall.",
    )
    services.create_scenario(
        projection,
        leader,
        name="Hverdagsrehabilitering",
        description="Flere eldre klarer seg selv etter et kort, intensivt opplegg hjemme.",
        adjustments=[
            {"kind": "coverage", "amount": -0.02, "from_year": None, "by_year": 2030, "groups": ["80-89"]},
            {"kind": "coverage", "amount": -0.02, "from_year": None, "by_year": 2030, "groups": ["90+"]},
            {"kind": "cost_growth", "amount": 0.01, "from_year": None, "by_year": None, "groups": []},
        ],
    )
    services.create_scenario(
        projection,
        leader,
        name="Velferdsteknologi",
        description="Digitalt tilsyn og medisindispensere gir færre årsverk per mottaker.",
        adjustments=[
            {"kind": "fte_per_user", "amount": -0.05, "from_year": None, "by_year": 2030, "groups": []},
            {"kind": "cost_growth", "amount": 0.01, "from_year": None, "by_year": None, "groups": []},
        ],
    )


def add_demo_case_system(municipality: Municipality, users: Mapping[str, User]) -> None:
    """The made-up case-system export (:data:`prioritet.demo.IPLOS`), read as an upload is and saved as demo figures.

    Idempotent: a municipality that has any of its figures already is left as it is.
    """
    checked = imports.preview(municipality, None, demo.IPLOS.read_bytes(), demo.IPLOS.name)
    if (
        checked.problems
        or IndicatorValue.objects.for_municipality(municipality).filter(definition_id__in=checked.values).exists()
    ):
        return
    definitions = IndicatorDefinition.objects.in_bulk(list(checked.values))
    for pk, values in checked.values.items():
        services.write(services.plan(municipality, definitions[pk], values, source=SourceKind.IMPORT, demo=True))


def add_demo_own_figures(municipality: Municipality, users: Mapping[str, User]) -> None:
    """The own figures computed from the demo's (made-up) cases, labelled as demo figures."""
    own.compute_own_indicators(municipality, demo=True)


#: The open political case that cites the figures, and what it cites.
CITING_CASE = "Ny plan for helse og omsorg 2026–2030"
CITED_SCENARIO = "Hverdagsrehabilitering"
CITED_INDICATOR = "home_care_80"


def add_demo_citations(municipality: Municipality, users: Mapping[str, User]) -> None:
    """The plan case cites the home-care projection to 2040 (its «Hverdagsrehabilitering» scenario)
    and home-care coverage 80+ against the peers, as its responsible director would in forberede.

    Idempotent: a case that cites anything already, or is decided, is left as it is.
    """
    case = Case.objects.filter(municipality=municipality, title=CITING_CASE).first()
    director = users.get("demo-direktor")
    if case is None or director is None or case.is_decided or case.citations.exists():
        return
    projection = NeedProjection.objects.for_municipality(municipality).filter(end_year=2040).first()
    if projection is not None:
        services.cite_projection(
            case,
            director,
            projection,
            projection.scenarios.filter(name=CITED_SCENARIO).first(),
            note=(
                "Mottakerne av hjemmetjenester øker langt over dagens kapasitet mot 2040, også når "
                "hverdagsrehabilitering demper veksten: planen må ta høyde for gapet."
            ),
        )
    indicator = IndicatorDefinition.objects.filter(owner__isnull=True, key=CITED_INDICATOR).first()
    if (
        indicator is not None
        and IndicatorValue.objects.for_municipality(municipality).filter(definition=indicator).exists()
    ):
        services.cite(
            case,
            director,
            indicator,
            regions=selectors.comparison_regions(municipality),
            first="2020",
            note="Dekningen for 80 år og over faller, men ligger fortsatt over KOSTRA-gruppen.",
        )
