"""Evidence pages: tenancy, roles, access log, the certainty beside the alternative, sections and the report."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from prioritet.accounts.models import Role
from prioritet.cases import services as case_services
from prioritet.cases.extensions import Place, sections_for
from prioritet.cases.models import CaseAccess
from prioritet.cases.selectors import case_timeline
from prioritet.evidence import grade, services
from prioritet.evidence.models import EvidenceToDecision, MiniHta, Status
from prioritet.evidence.views import CONFLICT

from .conftest import etd_data, hta_data, judgements


def nb(message) -> str:
    with translation.override("nb"):
        return translation.gettext(message) if isinstance(message, str) else str(message)


def form_post(alternative, **extra):
    data = {k: ("" if v is None else v) for k, v in hta_data().items()}
    data.update(extra)
    return data


def etd_post(option, comparison, action="complete", **extra):
    data = {
        "option": option.pk,
        "comparison": comparison.pk,
        "question": "Bør vi?",
        "decision_type": "strong_for",
        "justification": "Klar nytte.",
        "implementation": "",
        "monitoring": "",
        "action": action,
    }
    for c in grade.CRITERIA:
        data[f"{c.key}-judgement"] = c.options[-1][0]
        data[f"{c.key}-research_evidence"] = f"Forskning om {c.key}"
        data[f"{c.key}-additional_considerations"] = ""
    data.update(extra)
    return data


def test_another_municipalitys_evidence_is_404(
    service_case, measure, no_action, leader, user_factory, other_municipality, login_client
):
    hta = services.save_mini_hta(measure, leader, None, hta_data())
    panel = services.save_etd(service_case, leader, None, None, etd_data(measure, no_action), judgements())
    outsider = login_client(user_factory(Role.LEADER, municipality=other_municipality))
    for url in (
        reverse("evidence:for_case", args=[service_case.pk]),
        reverse("evidence:mini_hta", args=[service_case.pk, hta.alternative_id]),
        reverse("evidence:mini_hta_edit", args=[service_case.pk, hta.alternative_id]),
        reverse("evidence:etd_create", args=[service_case.pk]),
        reverse("evidence:etd", args=[service_case.pk, panel.pk]),
        reverse("evidence:etd_edit", args=[service_case.pk, panel.pk]),
    ):
        assert outsider.get(url).status_code == 404, url


def test_readers_read_and_only_workers_edit(service_case, measure, caseworker, login_client):
    services.save_mini_hta(measure, service_case.created_by, None, hta_data())
    client = login_client(caseworker)
    assert client.get(reverse("evidence:mini_hta", args=[service_case.pk, measure.pk])).status_code == 200
    assert client.get(reverse("evidence:mini_hta_edit", args=[service_case.pk, measure.pk])).status_code == 403
    assert client.get(reverse("evidence:etd_create", args=[service_case.pk])).status_code == 403
    assert (
        client.post(
            reverse("evidence:mini_hta_edit", args=[service_case.pk, measure.pk]), form_post(measure)
        ).status_code
        == 403
    )


def test_an_individual_case_has_no_etd_and_its_evidence_reads_are_logged(individual_case, caseworker, login_client):
    client = login_client(caseworker)
    assert client.get(reverse("evidence:etd_create", args=[individual_case.pk])).status_code == 404
    alt = individual_case.alternatives.get()
    client.get(reverse("evidence:mini_hta", args=[individual_case.pk, alt.pk]))
    client.get(reverse("evidence:for_case", args=[individual_case.pk]))
    pages = set(CaseAccess.objects.filter(case=individual_case, user=caseworker).values_list("page", flat=True))
    assert {"mini_hta", "evidence"} <= pages


def test_the_mini_hta_form_saves_a_draft_then_completes(service_case, measure, leader, login_client):
    client = login_client(leader)
    url = reverse("evidence:mini_hta_edit", args=[service_case.pk, measure.pk])
    page = client.get(url).content.decode()
    assert nb("The question (PICO)") in page
    assert "<fieldset" in page
    response = client.post(url, form_post(measure, certainty="", action="draft"))
    assert response.status_code == 302
    hta = MiniHta.objects.get(alternative=measure)
    assert hta.status == Status.DRAFT
    # Completing without a certainty is refused on the field, with the error summary.
    response = client.post(url, form_post(measure, certainty="", version=hta.version, action="complete"))
    assert response.status_code == 200
    assert 'href="#id_certainty_0"' in response.content.decode()
    response = client.post(url, form_post(measure, version=hta.version, action="complete"))
    assert response.status_code == 302
    hta.refresh_from_db()
    assert hta.status == Status.COMPLETED
    assert hta.certainty == "moderate"


def test_a_stale_mini_hta_form_keeps_the_input(service_case, measure, leader, login_client):
    hta = services.save_mini_hta(measure, leader, None, hta_data())
    services.save_mini_hta(measure, leader, hta.version, hta_data(effect="Lagret av en annen."))
    url = reverse("evidence:mini_hta_edit", args=[service_case.pk, measure.pk])
    response = login_client(leader).post(
        url, form_post(measure, effect="Min tekst.", version=hta.version, action="draft")
    )
    page = response.content.decode()
    assert nb(CONFLICT) in page
    assert "Min tekst." in page
    assert "Lagret av en annen." in page


def test_the_certainty_is_shown_beside_the_alternative_on_the_case_page(service_case, measure, leader, login_client):
    services.save_mini_hta(measure, leader, None, hta_data(), complete=True)
    page = login_client(leader).get(reverse("cases:detail", args=[service_case.pk])).content.decode()
    with translation.override("nb"):
        note = "Mini-metodevurdering: moderat sikkerhet"
    assert note in page
    link = reverse("evidence:mini_hta", args=[service_case.pk, measure.pk])
    assert f'<a class="ds-link" href="{link}">{note}</a>' in page
    # Beside its own alternative: after the measure's heading, before the next alternative's.
    assert page.index(f'id="alt-{measure.pk}-title"') < page.index(note)


def test_the_etd_form_prefills_certainty_from_the_mini_hta_and_completes(
    service_case, measure, no_action, leader, login_client
):
    services.save_mini_hta(measure, leader, None, hta_data(certainty="low"), complete=True)
    client = login_client(leader)
    url = reverse("evidence:etd_create", args=[service_case.pk])
    page = client.get(url).content.decode()
    assert (
        'name="certainty-judgement" value="low" class="ds-input" type="radio" id="id_certainty-judgement_1" checked'
        in page
        or ('value="low"' in page and "checked" in page.split('name="certainty-judgement" value="low"')[1][:80])
    )
    response = client.post(url, etd_post(measure, no_action))
    assert response.status_code == 302
    panel = EvidenceToDecision.objects.get(case=service_case)
    assert panel.status == Status.COMPLETED
    detail = client.get(response.url).content.decode()
    assert nb("Strong recommendation for the option") in detail
    assert "Forskning om feasibility" in detail


def test_the_etd_form_shows_a_missing_judgement_on_its_criterion(
    service_case, measure, no_action, leader, login_client
):
    url = reverse("evidence:etd_create", args=[service_case.pk])
    response = login_client(leader).post(url, etd_post(measure, no_action, **{"equity-judgement": ""}))
    assert response.status_code == 200
    assert 'href="#id_equity-judgement_0"' in response.content.decode()
    assert not EvidenceToDecision.objects.exists()


def test_the_saksframlegg_has_the_evidence_sections(service_case, measure, no_action, leader, login_client):
    services.save_mini_hta(measure, leader, None, hta_data(), complete=True)
    services.save_etd(service_case, leader, None, None, etd_data(measure, no_action), judgements(), complete=True)
    client = login_client(leader)
    html = client.get(reverse("reports:saksframlegg", args=[service_case.pk])).content.decode()
    assert 'id="section-evidence"' in html
    assert 'id="section-etd"' in html
    assert "Anbefales innført." in html
    assert "Innbyggere med lette psykiske plager." in html
    assert nb("Conditional recommendation for the option") in html
    assert nb("Priority of the problem") in html
    pdf = client.get(reverse("reports:saksframlegg_pdf", args=[service_case.pk]))
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Anbefales innført." in text
    assert "BMJ 2016;353:i2016" in text


def test_drafts_stay_on_the_case_page_and_completed_panels_go_public(service_case, measure, no_action, leader):
    services.save_mini_hta(measure, leader, None, hta_data())
    panel = services.save_etd(service_case, leader, None, None, etd_data(measure, no_action), judgements())
    assert {s.key for s in sections_for(service_case, Place.CASE, leader)} >= {"evidence", "etd"}
    assert not {s.key for s in sections_for(service_case, Place.REPORT, leader)} & {"evidence", "etd"}
    assert "etd" not in {s.key for s in sections_for(service_case, Place.PUBLIC)}
    services.save_etd(
        service_case, leader, panel, panel.version, etd_data(measure, no_action), judgements(), complete=True
    )
    assert "etd" in {s.key for s in sections_for(service_case, Place.PUBLIC)}
    assert "evidence" not in {s.key for s in sections_for(service_case, Place.PUBLIC)}


def test_evidence_changes_join_the_case_history(service_case, measure, no_action, leader):
    services.save_mini_hta(measure, leader, None, hta_data())
    services.save_etd(service_case, leader, None, None, etd_data(measure, no_action), judgements())
    subjects = [e.subject for e in case_timeline(service_case)]
    assert any("Starte Larvikshjelpa" in s and s != "Alternative «Starte Larvikshjelpa»" for s in subjects)
    assert len(subjects) >= 2 + len(grade.CRITERIA)
    with translation.override("nb"):
        entries = case_timeline(service_case)
        priority = next(e for e in entries if str(grade.BY_KEY["priority"].title) in e.subject)
        # The judgement is shown with GRADE's word, not the stored key.
        assert "Nei" in [c.new for c in priority.changes]


@pytest.mark.django_db
def test_the_demo_has_a_mini_hta_and_an_etd_panel_once():
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    assert MiniHta.objects.filter(status=Status.COMPLETED).count() == 1
    panel = EvidenceToDecision.objects.get()
    assert panel.status == Status.COMPLETED
    assert panel.judgements.exclude(judgement="").count() == len(grade.CRITERIA)
    from prioritet.ethics.models import EthicalReflection

    assert EthicalReflection.objects.filter(status="completed").count() == 1


def test_the_public_page_of_a_published_case_shows_the_completed_panel(service_case, measure, no_action, leader):
    import datetime

    from django.test import Client
    from django.utils import timezone

    from prioritet.cases.judgment import combined_judgment
    from prioritet.public import services as public_services

    services.save_etd(service_case, leader, None, None, etd_data(measure, no_action), judgements(), complete=True)
    for alternative, scores in ((measure, (4, 2)), (no_action, (1, 1))):
        case_services.save_assessment(
            alternative,
            leader,
            None,
            dict(zip(("benefit", "resources"), scores, strict=True)) | {"certainty": "medium"},
        )
    service_case.refresh_from_db()
    case_services.decide(
        service_case,
        leader,
        service_case.version,
        alternative=measure,
        priority="high",
        justification="Bør prioriteres høyt.",
        reassessment_due=timezone.localdate() + datetime.timedelta(days=180),
        signature=combined_judgment(service_case).signature,
    )
    service_case.refresh_from_db()
    publication = public_services.publish(service_case, leader, decided_by_body="Kommunalsjef", summary="Prioriteres.")
    page = Client().get(reverse("public:publication", args=[service_case.municipality.slug, publication.pk]))
    html = page.content.decode()
    assert 'id="section-etd"' in html
    assert nb("Conditional recommendation for the option") in html
    assert "Stor nytte, ingen nye ressurser." in html
    assert leader.get_full_name() not in html
    # The mini-HTA is not a public section.
    assert 'id="section-evidence"' not in html
