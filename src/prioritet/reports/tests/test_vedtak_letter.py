"""The vedtak of the seed's 75-year-old (forvaltningsloven §§ 24–25 and 27), issue 13 §5.

The case is built from the demo data (``demo/data/demo_cases.json``, the scores from the seed's table
``seed_cases.csv``): a 75-year-old with a hip fracture applies for a rehabilitation stay; the home
rehabilitation team is chosen. One test per element the law asks of the reasons and the notice, then
the JSON document against its schema, and the PDF letter's text and accessibility.
"""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import jsonschema_rs
import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area
from prioritet.api.testing import make_integration_token
from prioritet.cases import services, voice
from prioritet.cases.management.commands.load_demo import demo_cases
from prioritet.cases.models import AlternativeKind, CaseAccess, Level
from prioritet.cases.testing import assess, on_team
from prioritet.reports import selectors
from prioritet.reports.summary import vedtak_summary
from prioritet.reports.vedtak import as_json, vedtak_document

from .conftest import decide


def _seed_spec():
    spec = next(s for s in demo_cases() if s.level == Level.INDIVIDUAL and "75 år" in s.title)
    assert spec.voice, "the demo gives the 75-year-old a voice"
    return spec


@pytest.fixture
def seed_vedtak(user_factory, municipality):
    """The demo's 75-year-old, assessed as the seed's table says, with the person's voice, decided."""
    spec = _seed_spec()
    caseworker = user_factory(Role.CASEWORKER, username="tildeling-1")
    health = user_factory(Role.HEALTH_PERSONNEL, username="fysio-1")
    area = make_service_area(municipality, spec.area)
    case = services.create_case(
        municipality,
        caseworker,
        no_action_consequence=spec.consequence,
        level=Level.INDIVIDUAL,
        title=spec.title,
        description=spec.description,
        case_reference=spec.reference,
        service_area=area,
        severity=spec.severity,
        severity_justification=spec.severity_reason,
    )
    on_team(case, health)
    made = [
        services.add_alternative(case, caseworker, title=alt.title, description=alt.description)
        for alt in spec.alternatives
    ]
    for user in (caseworker, health):
        for alt, alternative in zip(spec.alternatives, made, strict=True):
            b, r = alt.scores
            assess(alternative, user, b, r, why_b=alt.reasons[0], why_r=alt.reasons[1])
        assess(case.alternatives.get(kind=AlternativeKind.NO_ACTION), user, *spec.no_action)
    given = dict(spec.voice)
    views = given.pop("views")
    voice.save_voice(case, caseworker, None, given, {a.pk: v for a, v in zip(made, views, strict=True)})
    _, priority, justification, days = spec.decide
    decide(
        case,
        caseworker,
        made[1],
        priority=priority,
        justification=justification,
        reassessment_due=timezone.localdate() + datetime.timedelta(days=days),
    )
    case.refresh_from_db()
    return case, caseworker


@pytest.fixture
def text(seed_vedtak):
    return vedtak_summary(selectors.report(seed_vedtak[0]))


def _part(text: str, heading: str) -> str:
    """The lines under ``heading`` up to the next blank line."""
    start = text.index(heading + "\n") + len(heading) + 1
    end = text.find("\n\n", start)
    return text[start : end if end >= 0 else None]


# § 25 first paragraph: the rules ------------------------------------------------------------------


def test_the_rules_the_decision_rests_on(text):
    rules = _part(text, "Regler vedtaket bygger på")
    for citation in (
        "Helse- og omsorgstjenesteloven § 3-1",
        "Pasient- og brukerrettighetsloven § 2-1 a",
        "Helse- og omsorgstjenesteloven § 4-1",
        "Pasient- og brukerrettighetsloven § 3-1",
        "Forvaltningsloven §§ 24 og 25",
    ):
        assert f"- {citation}: " in rules, citation
    # No child is affected, also not as a relative: the children's rules are not cited.
    assert "Helsepersonelloven § 10 a" not in rules


# § 25 second paragraph: the facts -----------------------------------------------------------------


def test_the_facts(text):
    facts = _part(text, "Faktiske forhold")
    assert "- Søknaden: SAK-2025-0412." in facts
    assert "- Konsekvensen av å ikke starte, utsette eller avslutte: Høy alvorlighet: kan få varig nedsatt" in facts
    assert (
        "- Hvor alvorlig behovet er uten tiltak (alvorlighet): 4 – høy. Høy – kan få varig nedsatt funksjon uten "
        "oppfølging." in facts
    )
    assert "- Hva som er viktig for personen: «Å komme hjem igjen og klare meg selv i eget hus" in facts
    assert "- Belastningen på pårørende: Datteren bor i nabokommunen og arbeider fullt" in facts
    assert "- Ingen barn berøres av vedtaket, heller ikke som pårørende." in facts


# § 25 third paragraph: the main considerations ------------------------------------------------------


def test_the_main_considerations_in_plain_words(text):
    main = _part(text, "Hovedhensyn")
    assert "- Alvorlighet: hvor alvorlig er behovet hvis ingenting gjøres? Jo mer alvorlig, desto høyere" in main
    assert "desto høyere prioritet. Her: 4 – høy.\n" in main
    assert (
        "- Nytte: hvor mye bedre blir det med «Rehabiliteringsteam i hjemmet» enn uten, og hvor sannsynlig er en "
        "varig effekt? Jo større, desto høyere prioritet. Her: 4 – stor. Stor – personen kan bli selvhjulpen" in main
    )
    assert (
        "- Ressurs: hva krever «Rehabiliteringsteam i hjemmet» av personell, tid, utstyr, lokaler og av pårørende?"
        in main
    )
    assert "Her: 3 – moderat. Moderat ved hjemmerehabilitering." in main
    combined = _part(text, "Samlet vurdering")
    assert combined.startswith("Nytte, ressurs og alvorlighet er vurdert samlet med kommunens vekter (versjon 1:")


def test_why_the_chosen_alternative_and_not_the_others(text):
    why = _part(text, "Hvorfor dette alternativet og ikke de andre")
    assert "- «Rehabiliteringsteam i hjemmet» (valgt): Bør prioritere rehabiliteringsteam i hjemmet." in why
    assert (
        "- «Rehabiliteringsopphold i institusjon»: Ikke valgt: lavere samlet verdi, 0,58 mot 0,67 "
        "(ressurs 4 – mye mot 3 – moderat)." in why
    )
    assert "- «Ikke starte, utsette eller avslutte»: Ikke valgt: å ikke gjøre noe ville fått denne konsekvensen:" in why
    # The person's own view of each alternative is quoted beside it.
    alternatives = _part(text, "Vurderte alternativer")
    assert "   Personens syn: «Vil helst ikke på institusjon igjen etter sykehusoppholdet.»" in alternatives


# § 27: the right to complain, the deadline, where to send it; §§ 18–19: the documents -------------------


def test_the_right_to_complain(text):
    part = _part(text, "Du har rett til å klage")
    assert part.startswith(
        "Du kan klage på vedtaket (forvaltningsloven § 28, pasient- og brukerrettighetsloven § 7-2)."
    )


def test_the_complaint_deadline_is_three_weeks(text, settings, seed_vedtak):
    assert "Klagefristen er 3 uker fra den dagen du mottok dette vedtaket." in _part(text, "Du har rett til å klage")
    settings.PRIORITET_COMPLAINT_DAYS = 30  # a municipality's own setting: the letter says days
    again = vedtak_summary(selectors.report(seed_vedtak[0]))
    assert "Klagefristen er 30 dager fra den dagen du mottok dette vedtaket." in again


def test_where_to_send_the_complaint(text):
    part = _part(text, "Du har rett til å klage")
    assert "Send klagen til Larvik kommune, Rehabilitering, som har fattet vedtaket." in part
    assert "sender vi klagen videre til Statsforvalteren, som avgjør den." in part


def test_the_right_to_see_the_documents(text):
    part = _part(text, "Du har rett til innsyn")
    assert part.startswith("Du har rett til å se dokumentene i saken din (forvaltningsloven §§ 18 og 19).")


# The JSON document ----------------------------------------------------------------------------------


def _schema() -> dict:
    path = finders.find("reports/schemas/vedtak-1.schema.json")
    assert path, "the schema is served with the static files"
    return json.loads(Path(path).read_text(encoding="utf-8"))


def test_the_json_document_validates_against_its_schema(seed_vedtak, user_factory):
    case, caseworker = seed_vedtak
    validator = jsonschema_rs.validator_for(_schema())
    data = as_json(vedtak_document(selectors.report(case)))
    errors = [e.message for e in validator.iter_errors(data)]
    assert not errors, errors
    assert data["decided"] is True
    assert data["complaint"]["deadline_days"] == 21
    chosen = [a for a in data["alternatives"] if a["chosen"]]
    assert [a["title"] for a in chosen] == ["Rehabiliteringsteam i hjemmet"]
    assert chosen[0]["scores"] == {"severity": 4, "benefit": 4, "resources": 3}
    assert data["voice"]["what_matters"].startswith("Å komme hjem igjen")
    # The schema says something: a document that breaks it is refused.
    broken = dict(data, complaint={**data["complaint"], "deadline_days": 0})
    assert not validator.is_valid(broken)
    assert not validator.is_valid({k: v for k, v in data.items() if k != "rules"})
    # A draft has the same shape.
    draft_case = services.create_case(
        case.municipality, caseworker, no_action_consequence="Uendret.", level=Level.INDIVIDUAL, title="Utkast"
    )
    draft = as_json(vedtak_document(selectors.report(draft_case)))
    assert validator.is_valid(draft), [e.message for e in validator.iter_errors(draft)]
    assert draft["decision"] is None
    assert draft["children"]["answer"] == ""


def test_the_json_download_and_the_api_give_the_document_and_log_the_read(seed_vedtak, login_client, user_factory):
    case, caseworker = seed_vedtak
    client = login_client(caseworker)
    response = client.get(reverse("reports:vedtak_json", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert f'filename="vedtak-sak-{case.pk}.json"' in response["Content-Disposition"]
    data = response.json()
    assert jsonschema_rs.validator_for(_schema()).is_valid(data)
    assert CaseAccess.objects.filter(case=case, page="vedtak_json").count() == 1
    token, raw = make_integration_token(case.municipality)
    on_team(case, token.integration.user)
    api = Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "nb"})
    from_api = api.get(f"/api/v1/cases/{case.pk}/vedtak").json()
    assert from_api["rules"] == data["rules"]
    assert from_api["alternatives"] == data["alternatives"]
    assert CaseAccess.objects.filter(case=case, page="api:vedtak_document").count() == 1
    # Only individual cases have a vedtak document.
    leader = user_factory(Role.LEADER, username="leder-vedtak")
    service = services.create_case(
        case.municipality, leader, no_action_consequence="Ingen.", level=Level.SERVICE, title="Tjeneste"
    )
    assert login_client(leader).get(reverse("reports:vedtak_json", args=[service.pk])).status_code == 404
    assert api.get(f"/api/v1/cases/{service.pk}/vedtak").status_code == 404


# The PDF letter --------------------------------------------------------------------------------------


def test_the_pdf_letter_holds_every_element_and_is_tagged_pdf_ua(seed_vedtak, login_client):
    case, caseworker = seed_vedtak
    response = login_client(caseworker).get(reverse("reports:vedtak_pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    words = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for element in (
        "Vedtak",
        "Vedtaket: «Rehabiliteringsteam i hjemmet».",
        "Regler vedtaket bygger på",
        "Pasient- og brukerrettighetsloven § 3-1",
        "Faktiske forhold",
        "Hovedhensyn",
        "Hvorfor dette alternativet og ikke de andre",
        "Ikke valgt: lavere samlet verdi, 0,58 mot 0,67",
        "Du har rett til å klage",
        "Klagefristen er 3 uker",
        "Send klagen til Larvik kommune, Rehabilitering",
        "Statsforvalteren",
        "Du har rett til innsyn",
        "forvaltningsloven §§ 18 og 19",
        "«Å komme hjem igjen og klare meg selv",
    ):
        assert element in words, element
    root = reader.root_object
    mark_info = root["/MarkInfo"].get_object()
    assert isinstance(mark_info, DictionaryObject)
    assert bool(mark_info["/Marked"])
    assert str(root["/Lang"]).startswith("nb")
    assert "/StructTreeRoot" in root
    metadata = root["/Metadata"].get_object()
    assert isinstance(metadata, StreamObject)
    assert "pdfuaid" in metadata.get_data().decode("utf-8", "replace")
    assert reader.metadata is not None
    assert "SAK-2025-0412" in (reader.metadata.title or "")
    assert CaseAccess.objects.filter(case=case, page="vedtak_pdf").count() == 1
