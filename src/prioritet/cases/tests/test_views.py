"""Pages: tenancy, role rules, access log, concurrency messages, htmx partials, the due list."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from prioritet.accounts.models import Role
from prioritet.accounts.testing import lead
from prioritet.cases import services
from prioritet.cases.models import Assessment, Case, CaseAccess, Decision, Level, Status
from prioritet.cases.testing import future, on_team, prepared
from prioritet.cases.views import CONFLICT
from prioritet.core.tenancy_db import municipality_scope
from prioritet.core.testing import FNR


def scope_overhead(municipality) -> int:
    """The queries a request spends on its database tenancy scope (PostgreSQL; none on SQLite).

    A fixed cost per request, not per row: query budgets add it so they keep measuring N+1 queries.
    """
    with CaptureQueriesContext(connection) as queries, municipality_scope(municipality.pk):
        pass
    return len(queries)


def nb(message) -> str:
    with translation.override("nb"):
        return str(message)


def detail(case) -> str:
    return reverse("cases:detail", args=[case.pk])


# Tenancy ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "cases:detail",
        "cases:history",
        "cases:edit",
        "cases:decide",
        "cases:reassess",
        "cases:phase",
        "cases:alternative_create",
    ],
)
def test_another_municipalitys_case_is_404(seed_case, user_factory, other_municipality, login_client, name):
    case, *_ = seed_case
    outsider = user_factory(Role.CASEWORKER, municipality=other_municipality)
    response = login_client(outsider).get(reverse(name, args=[case.pk]))
    assert response.status_code == 404
    assert not CaseAccess.objects.exists()


def test_another_municipalitys_alternative_is_404(seed_case, user_factory, other_municipality, login_client):
    case, _, home, _ = seed_case
    outsider = user_factory(Role.CASEWORKER, municipality=other_municipality)
    url = reverse("cases:assessment", args=[case.pk, home.pk])
    assert login_client(outsider).post(url, {"benefit": 1, "severity": 1, "resources": 1}).status_code == 404
    assert not Assessment.objects.filter(assessor=outsider).exists()


def test_an_alternative_of_another_case_is_404(seed_case, make_case, caseworker, login_client):
    _case, _, home, _ = seed_case
    other = make_case(caseworker, title="Annen sak")
    assert login_client(caseworker).get(reverse("cases:assessment", args=[other.pk, home.pk])).status_code == 404


def test_the_list_shows_only_the_own_municipalitys_cases(
    make_case, caseworker, user_factory, other_municipality, login_client
):
    make_case(caseworker, title="Vår sak", case_reference="VÅR-1")
    outsider = user_factory(Role.CASEWORKER, municipality=other_municipality)
    make_case(outsider, title="Deres sak", case_reference="DERES-1")
    content = login_client(caseworker).get(reverse("cases:list")).content.decode()
    assert "VÅR-1" in content
    assert "DERES-1" not in content
    assert "Vår sak" not in content  # an individual case is listed by its reference, not its title


# Role rules ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CASEWORKER, 302),
        (Role.HEALTH_PERSONNEL, 302),
        (Role.LEADER, 302),
        (Role.DIRECTOR, 403),
        (Role.MUNICIPAL_ADMIN, 403),
    ],
)
def test_who_may_read_an_individual_case_outside_its_team(seed_case, user_factory, login_client, role, status):
    """Outside the case team a role that could need the case is sent to the emergency access page; others 403."""
    case, *_ = seed_case
    response = login_client(user_factory(role)).get(detail(case))
    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("cases:break_glass", args=[case.pk]))


def test_the_case_team_reads_an_individual_case(
    seed_case, caseworker, health_personnel, user_factory, login_client, area
):
    case, *_ = seed_case
    assert login_client(caseworker).get(detail(case)).status_code == 200  # the responsible caseworker
    assert login_client(health_personnel).get(detail(case)).status_code == 200  # a member
    area_leader = lead(user_factory(Role.LEADER, username="områdeleder"), area)
    assert login_client(area_leader).get(detail(case)).status_code == 200  # a leader of the service area


def test_the_national_admin_sees_no_cases(seed_case, national_admin, login_client):
    case, *_ = seed_case
    client = login_client(national_admin)
    assert client.get(detail(case)).status_code == 403
    assert client.get(reverse("cases:list")).status_code == 403


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER, Role.DIRECTOR, Role.MUNICIPAL_ADMIN]
)
def test_everyone_with_a_role_reads_service_and_political_cases(
    make_case, leader, director, user_factory, login_client, role
):
    service = make_case(leader, level=Level.SERVICE, title="Tjenestesak")
    political = make_case(director, level=Level.POLITICAL, title="Politisk sak")
    client = login_client(user_factory(role))
    assert client.get(detail(service)).status_code == 200
    assert client.get(detail(political)).status_code == 200


def test_admins_do_not_see_individual_cases_in_lists(make_case, caseworker, leader, municipal_admin, login_client):
    individual = make_case(caseworker, title="Individsak")
    make_case(leader, level=Level.SERVICE, title="Tjenestesak")
    services.decide  # noqa: B018 - the due list is checked below with a decided case
    content = login_client(municipal_admin).get(reverse("cases:list")).content.decode()
    assert "Tjenestesak" in content
    assert individual.title not in content


def test_a_leader_reads_but_cannot_work_on_individual_cases(seed_case, leader, login_client, area):
    case, _, home, _ = seed_case
    lead(leader, area)
    client = login_client(leader)
    assert client.get(detail(case)).status_code == 200
    assert client.get(reverse("cases:edit", args=[case.pk])).status_code == 403
    assert client.post(reverse("cases:assessment", args=[case.pk, home.pk]), {}).status_code == 403
    assert client.get(reverse("cases:decide", args=[case.pk])).status_code == 403


def test_a_caseworker_cannot_work_on_service_cases(make_case, leader, caseworker, login_client):
    case = make_case(leader, level=Level.SERVICE)
    client = login_client(caseworker)
    response = client.post(reverse("cases:alternative_create", args=[case.pk]), {"title": "Mitt forslag"})
    assert response.status_code == 403
    assert case.alternatives.count() == 1


def test_create_offers_only_the_levels_of_the_role(leader, municipal_admin, login_client):
    content = login_client(leader).get(reverse("cases:create")).content.decode()
    assert 'value="service"' in content
    assert 'value="individual"' not in content
    assert 'value="political"' not in content
    assert login_client(municipal_admin).get(reverse("cases:create")).status_code == 403


def test_a_caseworker_cannot_post_a_political_case(caseworker, login_client):
    response = login_client(caseworker).post(
        reverse("cases:create"),
        {"level": "political", "title": "Budsjett", "plan_process": "annual_budget", "no_action_consequence": "x"},
    )
    assert response.status_code == 200  # the form refuses the level
    assert not Case.objects.exists()


# Access log -----------------------------------------------------------------------------------------


def test_every_read_of_an_individual_case_is_logged(seed_case, caseworker, leader, login_client, area):
    case, *_ = seed_case
    lead(leader, area)
    login_client(caseworker).get(detail(case))
    login_client(leader).get(detail(case))
    login_client(caseworker).get(detail(case))
    log = list(CaseAccess.objects.order_by("id").values_list("user", "case", "page"))
    assert log == [
        (caseworker.pk, case.pk, "detail"),
        (leader.pk, case.pk, "detail"),
        (caseworker.pk, case.pk, "detail"),
    ]


def test_reads_of_service_cases_are_not_logged(make_case, leader, login_client):
    case = make_case(leader, level=Level.SERVICE)
    assert login_client(leader).get(detail(case)).status_code == 200
    assert not CaseAccess.objects.exists()


def test_leaders_review_the_access_log_filtered_by_user_and_case(
    seed_case, make_case, caseworker, health_personnel, leader, login_client
):
    case, *_ = seed_case
    other = on_team(make_case(caseworker, title="Annen individsak", case_reference="SAK-77"), health_personnel)
    login_client(caseworker).get(detail(case))
    login_client(health_personnel).get(detail(other))
    client = login_client(leader)
    url = reverse("cases:access_log")
    everything = client.get(url)
    assert everything.status_code == 200
    assert len(everything.context["page"].object_list) == 2
    by_user = client.get(url, {"user": health_personnel.pk}).context["page"].object_list
    assert [a.case_id for a in by_user] == [other.pk]
    by_case = client.get(url, {"case": case.pk}).context["page"].object_list
    assert [a.user_id for a in by_case] == [caseworker.pk]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert list(client.get(url, {"date_from": tomorrow}).context["page"].object_list) == []


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.DIRECTOR, Role.MUNICIPAL_ADMIN])
def test_only_leaders_see_the_access_log(user_factory, login_client, role):
    assert login_client(user_factory(role)).get(reverse("cases:access_log")).status_code == 403


def test_the_access_log_shows_only_the_own_municipality(
    seed_case, user_factory, other_municipality, login_client, make_case
):
    case, *_ = seed_case
    their_worker = user_factory(Role.CASEWORKER, municipality=other_municipality)
    their_case = make_case(their_worker, title="Deres")
    login_client(their_worker).get(detail(their_case))
    their_leader = user_factory(Role.LEADER, municipality=other_municipality)
    page = login_client(their_leader).get(reverse("cases:access_log"), {"case": case.pk}).context["page"]
    assert list(page.object_list) == []


# Forms: national ID, concurrency, htmx ---------------------------------------------------------------


def test_the_create_form_refuses_a_national_id_number_with_a_clear_message(caseworker, login_client, area):
    response = login_client(caseworker).post(
        reverse("cases:create"),
        {
            "level": "individual",
            "title": "Søknad om avlastning",
            "description": "Gjelder 150765 00565",
            "service_area": area.pk,
            "plan_process": "daily_operations",
            "no_action_consequence": "Pårørende blir utslitt.",
        },
    )
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert "fødselsnummer" in response.content.decode()
    assert not Case.objects.exists()


def test_create_makes_the_case_and_redirects(caseworker, login_client, area):
    response = login_client(caseworker).post(
        reverse("cases:create"),
        {
            "level": "individual",
            "title": "Søknad om avlastning",
            "service_area": area.pk,
            "plan_process": "daily_operations",
            "case_reference": "SAK-2025-9",
            "no_action_consequence": "Pårørende blir utslitt.",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == detail(case)
    assert case.alternatives.get().description == "Pårørende blir utslitt."


def test_a_stale_edit_shows_the_conflict_and_keeps_the_input(
    make_case, caseworker, health_personnel, login_client, area
):
    case = on_team(make_case(caseworker, title="Opprinnelig"), health_personnel)
    loaded = case.version
    services.update_case(case, health_personnel, loaded, title="Lagret av kollega")
    form = {
        "level": "individual",
        "title": "Min endring",
        "description": "Mine nye opplysninger",
        "service_area": area.pk,
        "plan_process": "daily_operations",
        "version": loaded,
    }
    response = login_client(caseworker).post(reverse("cases:edit", args=[case.pk]), form)
    assert response.status_code == 200
    content = response.content.decode()
    assert nb(CONFLICT["case"]) in content.replace("&#x27;", "'")
    assert "Min endring" in content
    assert "Mine nye opplysninger" in content
    assert "Lagret av kollega" in content  # and the saved version is shown beside it
    case.refresh_from_db()
    assert case.title == "Lagret av kollega"
    assert response.context["form"]["version"].value() == str(case.version)


def test_the_conflict_message_is_norwegian():
    with translation.override("nb"):
        assert str(CONFLICT["case"]).startswith("Saken er endret av en annen")
    with translation.override("nn"):
        assert str(CONFLICT["case"]).startswith("Saka er endra av ein annan")


def test_a_stale_assessment_form_is_refused_with_input_kept(seed_case, caseworker, login_client, assess):
    case, _, home, _ = seed_case
    old = home.assessments.get(assessor=caseworker)
    assess(home, caseworker, 5, 5)  # saved in another window
    response = login_client(caseworker).post(
        reverse("cases:assessment", args=[case.pk, home.pk]),
        {
            "benefit": 2,
            "resources": 2,
            "certainty": "low",
            "version": old.version,
            "benefit_justification": "Min begrunnelse",
        },
    )
    assert response.status_code == 200
    assert "Min begrunnelse" in response.content.decode()
    saved = home.assessments.get(assessor=caseworker)
    assert (saved.benefit, saved.resources) == (5, 5)


def test_add_alternative_with_htmx_returns_the_section(seed_case, caseworker, login_client):
    case, *_ = seed_case
    response = login_client(caseworker).post(
        reverse("cases:alternative_create", args=[case.pk]),
        {"title": "Dagrehabilitering"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="alternatives"')
    assert "Dagrehabilitering" in content
    assert "<html" not in content


def test_add_alternative_without_js_redirects(seed_case, caseworker, login_client):
    case, *_ = seed_case
    response = login_client(caseworker).post(reverse("cases:alternative_create", args=[case.pk]), {"title": "Nytt"})
    assert response.status_code == 302
    assert case.alternatives.filter(title="Nytt").exists()


def test_save_assessment_with_htmx_returns_the_form(seed_case, caseworker, login_client):
    case, _, home, _ = seed_case
    own = home.assessments.get(assessor=caseworker)
    response = login_client(caseworker).post(
        reverse("cases:assessment", args=[case.pk, home.pk]),
        {
            "benefit": 5,
            "resources": 3,
            "certainty": "high",
            "knowledge_basis": ["research", "user"],
            "version": own.version,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<form id="assessment-form"')
    own.refresh_from_db()
    assert (own.benefit, own.certainty, own.basis_research, own.basis_clinical, own.basis_user) == (
        5,
        "high",
        True,
        False,
        True,
    )


def test_an_incomplete_htmx_assessment_brings_focus_to_an_error_summary(seed_case, caseworker, login_client):
    """htmx replaces the focused button: app.js then focuses [data-focus-on-load], the summary here."""
    case, _, home, _ = seed_case
    response = login_client(caseworker).post(
        reverse("cases:assessment", args=[case.pk, home.pk]),
        {"benefit_justification": f"Fastlegen til {FNR}"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    summary = content[content.index('class="ds-error-summary') : content.index("</ul>")]
    assert "data-focus-on-load" in summary
    assert 'tabindex="-1"' in summary
    assert 'href="#id_benefit_0"' in summary  # a radio group: its first button
    assert 'href="#id_benefit_justification"' in summary
    assert "Begrunnelse for nytte: Dette ser ut som et fødselsnummer" in summary
    assert 'href="#id_resources_0"' in summary
    assert "id_severity_0" not in summary
    assert content.count("data-focus-on-load") == 1


def test_a_saved_htmx_assessment_brings_focus_to_the_confirmation(seed_case, caseworker, login_client):
    case, _, home, _ = seed_case
    own = home.assessments.get(assessor=caseworker)
    response = login_client(caseworker).post(
        reverse("cases:assessment", args=[case.pk, home.pk]),
        {"benefit": 5, "resources": 3, "certainty": "high", "version": own.version},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    status = content[content.index('role="status"') :]
    assert status.index("data-focus-on-load") < status.index("</div>")
    assert content.count("data-focus-on-load") == 1


def test_the_case_form_speaks_norwegian_in_its_empty_choice(caseworker, login_client, area):
    content = login_client(caseworker).get(reverse("cases:create")).content.decode()
    assert '<option value="" selected>Ingen tjenesteområde</option>' in content
    assert "Select an option" not in content


def test_the_decision_form_labels_conditionally_required_fields(seed_case, caseworker, login_client):
    case, *_ = seed_case
    content = login_client(caseworker).get(reverse("cases:decide", args=[case.pk])).content.decode()
    for label in ("Begrunnelse for å avvike fra den foreslåtte rekkefølgen", "Begrunnelse for forsvarlighet"):
        start = content.index(label)
        assert content[start : content.index("</label>", start)].endswith("(påkrevd i noen tilfeller)</span>")
    assert "Påkrevd når valget reduserer en tjeneste" in content


def test_the_assessment_form_is_accessible_and_shows_the_guideline(seed_case, caseworker, login_client):
    case, _, home, _ = seed_case
    content = login_client(caseworker).get(reverse("cases:assessment", args=[case.pk, home.pk])).content.decode()
    assert content.count("<fieldset") >= 4
    assert content.count("<legend") >= 4
    # Benefit (the gain over no action) and resources; severity is the need's, on the case.
    assert 'type="radio" name="benefit" value="4"' in content
    assert 'name="severity"' not in content
    assert "sammenlignet med å ikke starte, utsette eller avslutte" in content
    assert "5 – svært stor" in content
    assert "1 – svært lite" in content
    assert "livskvalitet" in content
    assert "pårørende" in content
    assert "checked" in content  # the saved scores are preselected


def test_the_case_form_asks_for_the_needs_severity_with_the_guideline(seed_case, caseworker, login_client):
    case, *_ = seed_case
    client = login_client(caseworker)
    content = client.get(reverse("cases:edit", args=[case.pk])).content.decode()
    assert 'type="radio" name="severity" value="4"' in content
    assert "4 – høy" in content
    assert "hastegrad" in content  # a sub-dimension of severity
    assert "Hva er konsekvensen av å ikke iverksette" in content
    data = {
        "level": case.level,
        "title": case.title,
        "plan_process": case.plan_process,
        "case_reference": case.case_reference,
        "severity": "5",
        "severity_justification": "Svært høy – bor alene.",
        "version": case.version,
    }
    assert client.post(reverse("cases:edit", args=[case.pk]), data).status_code == 302
    case.refresh_from_db()
    assert (case.severity, case.severity_justification) == (5, "Svært høy – bor alene.")
    detail_page = client.get(detail(case)).content.decode()
    assert "5 – svært høy" in detail_page
    assert "Svært høy – bor alene." in detail_page


def test_without_the_needs_severity_the_case_and_decide_pages_say_it_must_be_assessed(
    make_case, caseworker, login_client, assess
):
    case = make_case(caseworker, severity=None)
    assess(services.add_alternative(case, caseworker, title="Tiltak"), caseworker, 4, 2)
    client = login_client(caseworker)
    for url in (detail(case), reverse("cases:decide", args=[case.pk])):
        content = client.get(url).content.decode()
        assert 'data-testid="severity-missing"' in content
        assert "Alvorlighetsgraden til behovet må vurderes" in content


# Detail, decision and reassessment pages -------------------------------------------------------------


def test_the_detail_page_shows_the_combined_judgment_like_the_seed(seed_case, caseworker, login_client):
    case, *_ = seed_case
    response = login_client(caseworker).get(detail(case))
    content = response.content.decode()
    assert "4 – høy" in content  # severity
    assert "4 – stor" in content  # benefit
    assert "3 – moderat" in content
    assert "4 – mye" in content
    assert "<svg" in content
    assert 'role="img"' in content
    assert "<title" in content
    assert "<desc" in content
    rows = [r.alternative.title for r in response.context["judgment"].ranked]
    assert rows[0] == "Rehabiliteringsteam i hjemmet"
    assert content.index("Rehabiliteringsteam i hjemmet: 67") > 0  # the chart's text alternative


def test_the_decision_page_requires_a_departure_reason(seed_case, caseworker, login_client):
    from prioritet.cases.judgment import combined_judgment

    case, institution, home, _ = seed_case
    client = login_client(caseworker)
    url = reverse("cases:decide", args=[case.pk])
    page = client.get(url)
    assert page.context["form"]["alternative"].value() == home.pk  # the suggestion is preselected
    data = {
        "alternative": institution.pk,
        "priority": "high",
        "justification": "Samlet vurdering",
        "reassessment_due": future().isoformat(),
        "version": case.version,
        "signature": combined_judgment(case).signature,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "departure_reason" in response.context["form"].errors
    assert not Decision.objects.exists()
    response = client.post(url, {**data, "departure_reason": "Bor alene"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    # Read-only now: the edit pages send the user back to the decision and change nothing.
    edit = client.post(
        reverse("cases:edit", args=[case.pk]),
        {"level": "individual", "title": "Etter vedtak", "plan_process": "daily_operations", "version": case.version},
    )
    assert edit.status_code == 302
    assert client.get(reverse("cases:assessment", args=[case.pk, home.pk])).status_code == 302
    case.refresh_from_db()
    assert case.title != "Etter vedtak"


def test_reassessment_page_reopens_the_case(seed_case, caseworker, login_client):
    case, _, home, _ = seed_case
    services.decide(
        case, caseworker, case.version, alternative=home, priority="high", justification="x", reassessment_due=future()
    )
    case.refresh_from_db()
    response = login_client(caseworker).post(
        reverse("cases:reassess", args=[case.pk]), {"reason": "Ny informasjon", "version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.reassessments.get().reason == "Ny informasjon"
    content = login_client(caseworker).get(detail(case)).content.decode()
    assert "Ny informasjon" in content  # shown among earlier decisions and reassessments


def test_the_history_timeline_loads_after_the_case_page_on_its_own_url(
    seed_case, caseworker, health_personnel, login_client
):
    """The case page does not wait for the history tables; it loads them with htmx when the history
    tab is opened (scrolled into view), or links to them."""
    case, _, home, _ = seed_case
    services.update_alternative(home, health_personnel, home.version, title="Hjemmerehabilitering")
    client = login_client(caseworker)
    history = reverse("cases:history", args=[case.pk])
    content = client.get(detail(case)).content.decode()
    assert 'id="history"' in content
    assert f'hx-get="{history}" hx-trigger="case-tab-open once, intersect once"' in content
    assert f'href="{history}"' in content  # without JavaScript
    assert "Hjemmerehabilitering</ins>" not in content
    change = "<del>Rehabiliteringsteam i hjemmet</del> → <ins>Hjemmerehabilitering</ins>"
    partial = client.get(history, headers={"HX-Request": "true"}).content.decode()
    assert change in partial
    assert "<html" not in partial
    page = client.get(history).content.decode()
    assert change in page
    assert "<html" in page


def test_reading_the_history_of_an_individual_case_is_logged(seed_case, caseworker, login_client):
    case, *_ = seed_case
    login_client(caseworker).get(reverse("cases:history", args=[case.pk]))
    assert CaseAccess.objects.filter(case=case, user=caseworker, page="history").exists()


def test_phase_change_page(seed_case, caseworker, login_client):
    case = prepared(seed_case[0], caseworker)
    response = login_client(caseworker).post(
        reverse("cases:phase", args=[case.pk]), {"to_phase": "plan", "note": "Utredes", "version": case.version}
    )
    assert response.status_code == 302
    assert case.phase_changes.order_by("-id").first().note == "Utredes"


# Due for reassessment and the list at scale ----------------------------------------------------------


def test_due_list_shows_cases_due_within_30_days_soonest_first(make_case, leader, login_client, assess):
    def decided(title, days):
        case = make_case(leader, level=Level.SERVICE, title=title)
        alternative = services.add_alternative(case, leader, title="Tiltak")
        assess(alternative, leader, 2, 1)
        case.refresh_from_db()
        services.decide(
            case,
            leader,
            case.version,
            alternative=alternative,
            priority="low",
            justification="x",
            reassessment_due=timezone.localdate() + datetime.timedelta(days=days),
            forsvarlighet_confirmed=True,
            forsvarlighet_justification="Forsvarlig.",
        )
        return case

    later = decided("Om 25 dager", 25)
    soon = decided("Om 3 dager", 3)
    decided("Om 31 dager", 31)
    response = login_client(leader).get(reverse("cases:due"))
    assert [c.title for c in response.context["page"].object_list] == [soon.title, later.title]


def test_the_case_list_filters_and_stays_fast_with_10000_cases(
    municipality, caseworker, leader, area, login_client, django_assert_max_num_queries
):
    now = timezone.now()
    Case.objects.bulk_create(
        [
            Case(
                municipality=municipality,
                level=Level.SERVICE if i % 3 else Level.INDIVIDUAL,
                title=f"Sak nummer {i}",
                phase=["prepare", "plan", "carry_out", "evaluate", "follow_up"][i % 5],
                service_area=area if i % 2 else None,
                created_by=leader,
                created_at=now,
            )
            for i in range(10_000)
        ],
        batch_size=1000,
    )
    lead(leader, area)
    client = login_client(leader)
    budget = 7 + scope_overhead(municipality)
    with django_assert_max_num_queries(budget):
        response = client.get(reverse("cases:list"))
    # Service cases, and the individual cases of the leader's service area (on their team).
    service = sum(1 for i in range(10_000) if i % 3)
    in_area = sum(1 for i in range(10_000) if not i % 3 and i % 2)
    assert response.context["page"].paginator.count == service + in_area
    assert len(response.context["page"].object_list) == 25
    with django_assert_max_num_queries(budget + 1):  # the chosen service area is looked up
        response = client.get(
            reverse("cases:list"),
            {"level": "service", "phase": "plan", "service_area": area.pk, "q": "nummer 1", "page": 2},
        )
    page = response.context["page"]
    assert page.number == 2
    assert all(
        c.level == "service" and c.phase == "plan" and c.service_area_id == area.pk and "nummer 1" in c.title
        for c in page.object_list
    )
    caseworker_count = login_client(caseworker).get(reverse("cases:list")).context["page"].paginator.count
    assert caseworker_count == service  # on no individual case's team
