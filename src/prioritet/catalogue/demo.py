"""The demo municipality's measures catalogue (``manage.py load_demo``): services and measures its
administrator keeps, with typical yearly amounts, ready to take into a case."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from prioritet.accounts.models import ServiceArea
from prioritet.portfolio import services as portfolio_services

from . import services
from .models import CatalogueEntry, EntryKind

if TYPE_CHECKING:
    from prioritet.accounts.models import Municipality, User

#: name, kind, service area, description, yearly cost (kr), årsverk.
ENTRIES = (
    (
        "Hverdagsrehabilitering",
        EntryKind.SERVICE,
        "Rehabilitering",
        "Tverrfaglig team (fysioterapeut, ergoterapeut, sykepleier) som trener hjemmeboende i daglige "
        "gjøremål i 4–10 uker etter et funksjonsfall.",
        2_450_000,
        3,
    ),
    (
        "Dagaktivitetstilbud for personer med demens, 10 plasser",
        EntryKind.SERVICE,
        "Demensomsorg og dagaktivitet",
        "Aktivitet, måltider og fellesskap to dager i uka; avlaster pårørende som bor sammen med personen.",
        950_000,
        1.2,
    ),
    (
        "Pårørendeskole for pårørende til personer med demens",
        EntryKind.MEASURE,
        "Demensomsorg og dagaktivitet",
        "Kurs over fem kvelder og samtalegrupper, drevet av demenskoordinatoren.",
        180_000,
        0.2,
    ),
    (
        "Trygghetsalarm med responssenter",
        EntryKind.SERVICE,
        "Hjemmetjenesten",
        "Digital trygghetsalarm i hjemmet, besvart døgnet rundt av et bemannet responssenter.",
        1_450_000,
        2,
    ),
    (
        "Fallforebyggende treningsgrupper",
        EntryKind.MEASURE,
        "Rehabilitering",
        "Styrke- og balansetrening i grupper to ganger i uka for hjemmeboende eldre med falltendens.",
        380_000,
        0.4,
    ),
    (
        "Rask psykisk helsehjelp",
        EntryKind.SERVICE,
        "Psykisk helse og rus",
        "Lavterskeltilbud uten henvisning for voksne med lette til moderate angst- og depresjonsplager.",
        1_180_000,
        1.5,
    ),
)


def add_demo_catalogue(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Fill the demo municipality's catalogue (idempotent: entries already there are left as they are)."""
    admin = users["demo-kommuneadmin"]
    portfolio_services.ensure_default_columns(municipality)
    have = set(CatalogueEntry.objects.for_municipality(municipality).values_list("name", flat=True))
    for name, kind, area, description, cost, fte in ENTRIES:
        if name in have:
            continue
        services.create_entry(
            municipality,
            admin,
            name=name,
            kind=kind,
            service_area=ServiceArea.objects.filter(municipality=municipality, name=area).first(),
            description=description,
            resources={"cost_nok": Decimal(cost), "fte": Decimal(str(fte))},
        )
