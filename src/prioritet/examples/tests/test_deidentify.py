"""An individual case enters the bank only de-identified, after the publisher's explicit check."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from prioritet.cases.models import CaseAccess, Level
from prioritet.core.testing import FNR
from prioritet.examples import deidentify, services
from prioritet.examples.models import Example

from .conftest import REFERENCE


def clean_texts(**overrides) -> dict:
    texts = {
        "title": "Rehabilitering etter lårhalsbrudd for en eldre person",
        "summary": "En person over 70 år søker om rehabilitering etter lårhalsbrudd.",
        "decision": "Rehabiliteringsteam i hjemmet – høy prioritet",
        "justification": "Samme nytte med lavere ressursbruk.",
    }
    texts.update(overrides)
    return texts


def clean_alternatives(case, **overrides) -> list[dict]:
    rows = [
        {"title": a.title, "description": "Beskrivelse uten personopplysninger.", "conclusion": ""}
        for a in services.selectors.case_snapshot(case).alternatives
    ]
    for key, value in overrides.items():
        index, field = key.split("_", 1)
        rows[int(index)][field] = value
    return rows


# The patterns ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Født 12.03.1948.",
        "født 12/3/48",
        "Innlagt 1948-03-12",
        "Født 12. mars 1948",
        "Ring 912 34 567",
        "Tlf. 91234567",
        "telefon +47 22 33 44 55",
        "Skriv til kari.nordmann@example.no",
        f"fnr {FNR}",
        f"Saken {REFERENCE.lower()} gjelder",
    ],
)
def test_identifying_patterns_are_found(text):
    assert deidentify.findings(text, case_reference=REFERENCE)


@pytest.mark.parametrize(
    "text",
    [
        "En person på 75 år med lårhalsbrudd.",
        "Tiltaket koster 12 000 000 kroner over fire år.",
        "Ventetiden er 3 uker, 2 av 5 søknader innvilges.",
        "Økonomiplan 2026–2029.",
    ],
)
def test_ordinary_text_is_not_flagged(text):
    assert deidentify.findings(text, case_reference=REFERENCE) == []


# The service --------------------------------------------------------------------------------------------


def test_a_de_identified_individual_example(individual_case, leader, municipality):
    case, decision = individual_case
    example = services.publish_case(
        case,
        leader,
        decision_id=decision.pk,
        texts=clean_texts(),
        alternative_texts=clean_alternatives(case),
        deidentified_confirmed=True,
    )
    assert example.level == Level.INDIVIDUAL
    assert example.deidentified_confirmed
    assert example.title == "Rehabilitering etter lårhalsbrudd for en eldre person"
    assert example.source_label == ""
    assert example.municipality == municipality  # kept internally, for withdrawal
    assert example.size_class == "medium"
    assert [a.severity for a in example.alternatives.all()] == [4, 4, None]
    everything = [example.title, example.summary, example.decision, example.justification, example.search_document]
    everything += [f"{a.title} {a.description} {a.conclusion}" for a in example.alternatives.all()]
    assert not any(REFERENCE.lower() in text.lower() for text in everything)
    assert not any("larvik" in text.lower() for text in everything)


def test_confirmation_is_required(individual_case, leader):
    case, _ = individual_case
    with pytest.raises(ValidationError) as err:
        services.publish_case(case, leader, texts=clean_texts(), alternative_texts=clean_alternatives(case))
    assert err.value.code == "not_confirmed"
    assert not Example.objects.filter(source_case=case).exists()


def test_texts_of_every_alternative_are_required(individual_case, leader):
    case, _ = individual_case
    with pytest.raises(ValidationError) as err:
        services.publish_case(
            case,
            leader,
            texts=clean_texts(),
            alternative_texts=clean_alternatives(case)[:1],
            deidentified_confirmed=True,
        )
    assert err.value.code == "alternatives"


def test_the_case_text_as_it_is_would_be_refused(individual_case, leader):
    """The description names the case reference: taken over unchanged, it is refused."""
    case, _ = individual_case
    with pytest.raises(ValidationError) as err:
        services.publish_case(
            case,
            leader,
            texts=clean_texts(summary=case.description),
            alternative_texts=clean_alternatives(case),
            deidentified_confirmed=True,
        )
    assert "summary" in err.value.error_dict
    assert not Example.objects.filter(source_case=case).exists()


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("title", "Kari født 12.03.1948"),
        ("justification", "Kontakt datter på 912 34 567."),
        ("decision", "Svar sendt til ola@example.no"),
    ],
)
def test_identifying_texts_are_refused_and_nothing_is_saved(individual_case, leader, field, text):
    case, _ = individual_case
    before = Example.objects.count()
    with pytest.raises(ValidationError) as err:
        services.publish_case(
            case,
            leader,
            texts=clean_texts(**{field: text}),
            alternative_texts=clean_alternatives(case),
            deidentified_confirmed=True,
        )
    assert field in err.value.error_dict
    assert Example.objects.count() == before


def test_identifying_alternative_text_is_refused(individual_case, leader):
    case, _ = individual_case
    with pytest.raises(ValidationError) as err:
        services.publish_case(
            case,
            leader,
            texts=clean_texts(),
            alternative_texts=clean_alternatives(case, **{"1_description": "Bor i Storgata, tlf 22 33 44 55"}),
            deidentified_confirmed=True,
        )
    assert "alternatives-1-description" in err.value.error_dict


def test_national_id_refused_by_the_model_validators_too(individual_case, leader):
    case, _ = individual_case
    with pytest.raises(ValidationError):
        services.publish_case(
            case,
            leader,
            texts=clean_texts(justification=f"Person {FNR}"),
            alternative_texts=clean_alternatives(case),
            deidentified_confirmed=True,
        )
    assert not Example.objects.filter(source_case=case).exists()


def test_caseworker_cannot_share_an_individual_case(individual_case, caseworker):
    from django.core.exceptions import PermissionDenied

    case, _ = individual_case
    with pytest.raises(PermissionDenied):
        services.publish_case(
            case,
            caseworker,
            texts=clean_texts(),
            alternative_texts=clean_alternatives(case),
            deidentified_confirmed=True,
        )


def test_the_database_refuses_an_individual_example_without_the_flag(empty_bank):
    with pytest.raises(IntegrityError), transaction.atomic():
        Example.objects.create(title="X", level=Level.INDIVIDUAL, deidentified_confirmed=False)


# The page -----------------------------------------------------------------------------------------------


def form_data(case, decision, *, checklist=True, **overrides) -> dict:
    snapshot = services.selectors.case_snapshot(case)
    data = {
        "decision": decision.pk,
        "title": "Rehabilitering etter lårhalsbrudd",
        "summary": "En eldre person søker om rehabilitering.",
        "decision_text": "Rehabiliteringsteam i hjemmet – høy prioritet",
        "justification": "Samme nytte med lavere ressursbruk.",
        "alternatives-TOTAL_FORMS": str(len(snapshot.alternatives)),
        "alternatives-INITIAL_FORMS": str(len(snapshot.alternatives)),
        "alternatives-MIN_NUM_FORMS": "0",
        "alternatives-MAX_NUM_FORMS": "1000",
    }
    for i, alternative in enumerate(snapshot.alternatives):
        data[f"alternatives-{i}-title"] = alternative.title
        data[f"alternatives-{i}-description"] = "Uten personopplysninger."
        data[f"alternatives-{i}-conclusion"] = alternative.conclusion
    if checklist:
        data.update(dict.fromkeys(("no_names", "no_numbers", "no_direct_identifiers", "no_rare_details"), "on"))
    data.update(overrides)
    return data


def test_form_is_prefilled_but_never_with_the_case_reference_field(individual_case, leader, login_client):
    case, _ = individual_case
    page = login_client(leader).get(reverse("examples:publish", args=[case.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="title"' in html
    assert "Rehabilitering etter lårhalsbrudd" in html
    assert 'name="case_reference"' not in html
    assert 'name="no_names"' in html
    assert 'name="no_rare_details"' in html
    assert CaseAccess.objects.filter(case=case, user=leader, page="example-bank").exists()
    # The description names the case reference: the page warns before the publisher starts.
    assert "ser identifiserende ut" in html
    assert "sakens referanse" in html


def test_form_without_the_checklist_saves_nothing(individual_case, leader, login_client):
    case, decision = individual_case
    response = login_client(leader).post(
        reverse("examples:publish", args=[case.pk]), form_data(case, decision, checklist=False)
    )
    assert response.status_code == 200
    assert not Example.objects.filter(source_case=case).exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_form_with_an_identifying_text_saves_nothing(individual_case, leader, login_client):
    case, decision = individual_case
    response = login_client(leader).post(
        reverse("examples:publish", args=[case.pk]),
        form_data(case, decision, **{"alternatives-0-description": "Datter: kari@example.no"}),
    )
    assert response.status_code == 200
    assert not Example.objects.filter(source_case=case).exists()
    assert "ds-error-summary" in response.content.decode()


def test_form_with_a_tampered_number_of_alternatives_saves_nothing(individual_case, leader, login_client):
    case, decision = individual_case
    response = login_client(leader).post(
        reverse("examples:publish", args=[case.pk]), form_data(case, decision, **{"alternatives-TOTAL_FORMS": "1"})
    )
    assert response.status_code == 200
    assert not Example.objects.filter(source_case=case).exists()


def test_complete_form_publishes(individual_case, leader, login_client):
    case, decision = individual_case
    response = login_client(leader).post(reverse("examples:publish", args=[case.pk]), form_data(case, decision))
    example = Example.objects.get(source_case=case)
    assert response.status_code == 302
    assert example.deidentified_confirmed
    assert example.source_label == ""
    assert example.summary == "En eldre person søker om rehabilitering."
