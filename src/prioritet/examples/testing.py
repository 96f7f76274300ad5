"""The shared test factory for the example bank: an example made directly, without publishing a case
(publishing has its own tests), for the examples, API and calibration tests."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone

from prioritet.accounts.models import Municipality
from prioritet.cases.models import Level
from prioritet.examples.models import Example, ExampleAlternative, SizeClass
from prioritet.examples.services import refresh_search_document


def make_example(
    title: str,
    *,
    level: str = Level.SERVICE,
    summary: str = "",
    service_area: str = "",
    size_class: str = SizeClass.MEDIUM,
    alternatives: Sequence[tuple[str, str, tuple[int, int, int], bool]] = (),
    days_ago: int = 0,
    municipality=None,
    alternative_fields: Mapping[str, Any] | None = None,
    **fields,
) -> Example:
    """An example of the bank, searchable. ``alternatives``: (title, description, (severity, benefit,
    resources), chosen), the guideline table's order; ``alternative_fields`` go to every alternative,
    ``fields`` to the example."""
    example = Example.objects.create(
        title=title,
        summary=summary,
        level=level,
        service_area=service_area,
        size_class=size_class,
        municipality=municipality,
        deidentified_confirmed=level == Level.INDIVIDUAL,
        **fields,
    )
    for position, (name, description, (severity, benefit, resources), chosen) in enumerate(alternatives):
        ExampleAlternative.objects.create(
            example=example,
            position=position,
            title=name,
            description=description,
            severity=severity,
            benefit=benefit,
            resources=resources,
            chosen=chosen,
            **(alternative_fields or {}),
        )
    if days_ago:
        Example.objects.filter(pk=example.pk).update(published_at=timezone.now() - datetime.timedelta(days=days_ago))
    refresh_search_document(example)
    return example


DEMENTIA = "Dagaktivitet for personer med demens"
REHAB = "Rehabilitering etter lårhalsbrudd"
NIGHT = "Nattpatrulje i hjemmetjenesten"


def search_bank(municipality: Municipality | None = None) -> dict[str, Example]:
    """Three examples to search, published a day apart, newest first: the night patrol (service level,
    shared by ``municipality``), rehabilitation after a hip fracture (individual, a large municipality)
    and the dementia day centre (political, a small municipality, decided with high priority)."""
    dementia = make_example(
        DEMENTIA,
        level=Level.POLITICAL,
        summary="Kommunen vurderer å øke tilbudet.",
        service_area="Demensomsorg",
        size_class=SizeClass.SMALL,
        source_label="Testkommune",
        decision="Øke tilbudet – høy prioritet",
        priority="high",
        justification="Avlaster pårørende.",
        alternatives=[
            ("Øke tilbudet", "Bedrer livskvalitet og avlaster pårørende.", (4, 4, 2), True),
            ("Videreføre", "Ingen endring.", (2, 2, 1), False),
        ],
        days_ago=3,
    )
    rehab = make_example(
        REHAB,
        level=Level.INDIVIDUAL,
        summary="Søknad om rehabiliteringsopphold.",
        service_area="Rehabilitering",
        size_class=SizeClass.LARGE,
        alternatives=[
            ("Institusjon", "Høy ressursbruk.", (4, 4, 4), False),
            ("Rehabiliteringsteam i hjemmet", "Moderat ressursbruk.", (4, 4, 3), False),
        ],
        days_ago=2,
    )
    night = make_example(
        NIGHT,
        summary="Brukere med demens trenger tilsyn om natten.",
        service_area="hjemmetjenesten",
        municipality=municipality,
        alternatives=[("Digitalt tilsyn", "Kamera og sensorer.", (3, 3, 3), True)],
        days_ago=1,
    )
    return {"dementia": dementia, "rehab": rehab, "night": night}
