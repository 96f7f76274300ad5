"""The whole flow through the API: create a case, add alternatives, assess, judge, decide."""

from __future__ import annotations

from decimal import Decimal

import pytest

from prioritet.accounts.models import Role
from prioritet.cases.judgment import combined_judgment, engine_id, median_score
from prioritet.cases.models import AlternativeKind, Case, CaseAccess, Decision, Status
from prioritet.cases.testing import future
from prioritet.engine import CRITERIA, Measures, priority_band, rank
from prioritet.weighting import selectors as weighting_selectors
from prioritet.weighting import services as weighting_services
from prioritet.weighting.models import WeightVersion

from .conftest import join, new_case, scores


def ids_by_kind(alternatives):
    no_action = next(a["id"] for a in alternatives if a["kind"] == "no_action")
    measures = [a["id"] for a in alternatives if a["kind"] == "measure"]
    return no_action, measures


def test_the_whole_flow(api_as, caseworker, health_personnel, area, municipality):
    cw, hp = api_as(caseworker), api_as(health_personnel)

    # 1. The case system creates the case with two alternatives; «not start» comes with it.
    response = cw.post("/cases", new_case(service_area="hjemmetjenester"))
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["level"] == "individual"
    assert case["phase"] == "prepare"
    assert case["status"] == "open"
    assert case["service_area"] == {"id": area.pk, "name": "Hjemmetjenester"}
    assert case["created_by"] == cw.token.integration.user.username
    assert case["web_url"].endswith(f"/cases/{case['id']}/")
    case_id = case["id"]
    join(case_id, hp)  # the second assessor's integration on the case team

    # 2. A third alternative, then the list: the no-action alternative is part of every case.
    response = cw.post(f"/cases/{case_id}/alternatives", {"title": "Korttidsopphold", "reduces_service": False})
    assert response.status_code == 201, response.content
    alternatives = cw.get(f"/cases/{case_id}/alternatives").json()
    assert [a["kind"] for a in alternatives] == ["no_action", "measure", "measure", "measure"]
    assert alternatives[0]["description"] == "Varig funksjonstap uten oppfølging."
    assert alternatives[0]["needs_forsvarlighet"] is True
    no_action, (institution, home, short_stay) = ids_by_kind(alternatives)

    # 3. Two assessors (the seed's numbers for the first three alternatives).
    plan = {institution: (4, 4), home: (4, 3), no_action: (1, 1), short_stay: (3, 4)}  # severity 4: the case's
    for client in (cw, hp):
        for alternative, (b, r) in plan.items():
            response = client.put(f"/alternatives/{alternative}/assessments/mine", scores(b, r))
            assert response.status_code == 201, response.content
    # One assessor changes their mind on the short stay: an update with the version read.
    mine = hp.get(f"/alternatives/{short_stay}/assessments/mine").json()
    assert mine["assessor"] == hp.token.integration.user.username
    assert mine["knowledge_basis"] == ["clinical"]
    response = hp.put(f"/alternatives/{short_stay}/assessments/mine", scores(2, 4, version=mine["version"]))
    assert response.status_code == 200, response.content
    assert response.json()["version"] == mine["version"] + 1

    # 4. The combined judgment: the home team first, as in the seed.
    judgment = cw.get(f"/cases/{case_id}/judgment").json()
    assert judgment["suggested_alternative_ids"] == [home]
    assert judgment["alternatives"][0]["alternative_id"] == home
    # No weights saved yet: the default equal weights, version 1, not saved (id and date null).
    assert (judgment["weights"]["id"], judgment["weights"]["created_at"]) == (None, None)
    assert judgment["weights"]["version"] == 1
    assert not WeightVersion.objects.filter(municipality=municipality).exists()
    assert judgment["method"] == "additive"
    short = next(row for row in judgment["alternatives"] if row["alternative_id"] == short_stay)
    assert short["medians"]["benefit"] == {"exact": 2.5, "used": 3}
    assert short["rounded"] is True

    # 5. The decision: the suggested alternative, so no departure reason is needed.
    case_version = cw.get(f"/cases/{case_id}").json()["version"]
    body = {
        "version": case_version,
        "signature": judgment["signature"],
        "alternative_id": home,
        "priority": "high",
        "justification": "Stor nytte og høy alvorlighet; hjemmet krever minst ressurser.",
        "reassessment_due": future(),
    }
    # Not before the children question is answered (issue 13 §4): the person's voice records it.
    refused = cw.post(f"/cases/{case_id}/decision", body)
    assert refused.status_code == 422, refused.content
    assert "Svar på spørsmålet om barn" in refused.json()["errors"]["non_field_errors"]
    assert cw.get(f"/cases/{case_id}/voice").status_code == 404
    voice = {
        "what_matters": "Å klare meg selv hjemme.",
        "relatives_burden": "Datteren kan hjelpe i helgene.",
        "children": "none",
        "views": [{"alternative_id": home, "view": "Ønsker dette."}],
    }
    response = cw.put(f"/cases/{case_id}/voice", voice)
    assert response.status_code == 201, response.content
    recorded = response.json()
    assert recorded["views"] == [{"alternative_id": home, "view": "Ønsker dette."}]
    assert recorded["children"] == "none"
    response = cw.put(f"/cases/{case_id}/voice", {"relatives_view": "Støtter.", "version": recorded["version"]})
    assert response.status_code == 200, response.content
    assert response.json()["what_matters"] == "Å klare meg selv hjemme."  # left out: kept
    assert response.json()["children"] == "none"
    stale = cw.put(f"/cases/{case_id}/voice", {"relatives_view": "Annet.", "version": recorded["version"]})
    assert stale.status_code == 409
    assert hp.get(f"/cases/{case_id}/voice").json()["relatives_view"] == "Støtter."
    assert CaseAccess.objects.filter(case_id=case_id, page="api:voice").exists()
    response = cw.post(f"/cases/{case_id}/decision", body)
    assert response.status_code == 201, response.content
    decision = response.json()
    assert decision["alternative"] == {"id": home, "title": "Rehabiliteringsteam i hjemmet"}
    # The decision saved the default as version 1, and names it.
    saved = WeightVersion.objects.get(municipality=municipality)
    assert decision["weights"] == {"id": saved.pk, "version": 1}
    assert cw.get(f"/cases/{case_id}/judgment").json()["weights"]["id"] == saved.pk
    assert decision["decided_by"] == cw.token.integration.user.username
    assert decision["suggestion"][0]["alternative"] == home

    assert hp.get(f"/cases/{case_id}/decision").json()["id"] == decision["id"]
    stored = Case.objects.get(pk=case_id)
    assert stored.status == Status.DECIDED
    assert stored.reassessment_due == body["reassessment_due"]
    assert Decision.objects.get().decided_by == cw.token.integration.user
    assert cw.get(f"/cases/{case_id}").json()["status"] == "decided"


def test_judgment_numbers_equal_the_engine_on_the_median_scores(api_as, caseworker, health_personnel, user_factory):
    third = user_factory(Role.CASEWORKER, username="saksbehandler2")
    clients = [api_as(user) for user in (caseworker, health_personnel, third)]
    case_id = clients[0].post("/cases", new_case()).json()["id"]
    join(case_id, *clients[1:])
    alternatives = clients[0].get(f"/cases/{case_id}/alternatives").json()
    # benefit and resources per assessor; severity is the case's (4, new_case), the same in every row
    given = {
        alternatives[0]["id"]: [(1, 1), (2, 1), (1, 2)],
        alternatives[1]["id"]: [(4, 4), (5, 4), (3, 5)],
        alternatives[2]["id"]: [(4, 3), (4, 2), (3, 3)],
    }
    for alternative, pairs in given.items():
        for client, (b, r) in zip(clients, pairs, strict=True):
            assert client.put(f"/alternatives/{alternative}/assessments/mine", scores(b, r)).status_code == 201

    judgment = clients[0].get(f"/cases/{case_id}/judgment").json()

    # «No action» is the reference: listed last with its medians, never ranked (issue 11).
    kinds = {a["id"]: a["kind"] for a in alternatives}
    [reference] = [pk for pk in given if kinds[pk] == "no_action"]
    ids = sorted(pk for pk in given if pk != reference)
    medians = {
        pk: [median_score([b for b, _ in given[pk]])[1], 4, median_score([r for _, r in given[pk]])[1]] for pk in given
    }  # the criteria's order of the engine (CRITERIA) is benefit, severity, resources
    assert [c.value for c in CRITERIA] == ["benefit", "severity", "resources"]
    titles = {a["id"]: a["title"] for a in alternatives}
    measures = Measures.build([engine_id(pk) for pk in ids], [titles[pk] for pk in ids], [medians[pk] for pk in ids])
    weights = weighting_services.to_engine(weighting_selectors.current_weights(Case.objects.get().municipality))
    ranking = rank(measures, weights)
    expected_order = [ids[i] for i in ranking.order]
    ranks = ranking.ranks()

    assert [row["alternative_id"] for row in judgment["alternatives"]] == [*expected_order, reference]
    last = judgment["alternatives"][-1]
    assert last["is_reference"] is True
    assert (last["value"], last["rank"], last["priority_band"], last["is_top"]) == (None, None, None, False)
    assert [last["medians"][c.value]["used"] for c in CRITERIA] == medians[reference]
    assert reference not in judgment["suggested_alternative_ids"]
    for i, pk in enumerate(ids):
        row = next(r for r in judgment["alternatives"] if r["alternative_id"] == pk)
        assert row["value"] == pytest.approx(float(ranking.values[i]), abs=1e-12)
        assert row["rank"] == int(ranks[i])
        assert row["priority_band"] == priority_band(float(ranking.values[i])).value
        assert [row["medians"][c.value]["used"] for c in CRITERIA] == medians[pk]
        assert row["assessor_count"] == 3
        assert row["is_reference"] is False

    # And exactly what the case page computes.
    web = combined_judgment(Case.objects.get(pk=case_id))
    assert [r.alternative.pk for r in web.rows] == [r["alternative_id"] for r in judgment["alternatives"]]
    assert [r.value for r in web.rows] == [r["value"] for r in judgment["alternatives"]]
    assert web.signature == judgment["signature"]


def test_the_judgment_uses_the_municipalitys_current_weights(api_as, caseworker, municipality, admin_factory):
    version = weighting_services.create_version(
        municipality,
        admin_factory(municipality),
        benefit=Decimal(2),
        severity=Decimal(1),
        resources=Decimal(1),
        reason="Vedtatt av kommunestyret",
        decided_by_body="Kommunestyret",
    )
    client = api_as(caseworker)
    case_id = client.post("/cases", new_case()).json()["id"]
    judgment = client.get(f"/cases/{case_id}/judgment").json()
    assert judgment["weights"]["id"] == version.pk
    assert judgment["weights"]["version"] == version.number
    assert judgment["weights"]["normalised"] == pytest.approx({"benefit": 0.5, "severity": 0.25, "resources": 0.25})
    assert judgment["alternatives"][0]["value"] is None  # nobody has assessed anything yet
    assert judgment["suggested_alternative_ids"] == []


def test_create_with_phase_and_no_alternatives(api_as, leader):
    client = api_as(leader)
    body = new_case(level="service", case_reference="", phase="plan", alternatives=[], plan_process="annual_budget")
    response = client.post("/cases", body)
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.phase == "plan"
    assert list(case.phase_changes.values_list("to_phase", flat=True)) == ["prepare", "plan"]
    assert list(case.alternatives.values_list("kind", flat=True)) == [AlternativeKind.NO_ACTION]
    assert response.json()["version"] == case.version


def test_reads_of_individual_cases_are_in_the_access_log_naming_the_token_and_its_creator(
    api_as, caseworker, leader, admin_factory
):
    client = api_as(caseworker)
    token = client.token
    individual = client.post("/cases", new_case()).json()["id"]
    service = api_as(leader).post("/cases", new_case(level="service", case_reference="")).json()["id"]
    earlier = CaseAccess.objects.count()  # the access log cannot be emptied (audit rows)

    client.get(f"/cases/{individual}")
    client.get(f"/cases/{individual}/judgment")
    client.get(f"/cases/{individual}/alternatives")
    client.get(f"/cases/{service}")

    log = list(
        CaseAccess.objects.order_by("id").values_list(
            "case_id", "user_id", "page", "api_token_id", "api_token_name", "api_token_created_by"
        )
    )[earlier:]
    system_user, admin = token.integration.user_id, admin_factory(caseworker.municipality).pk
    assert log == [
        (individual, system_user, "api:detail", token.pk, "Fagsystem", admin),
        (individual, system_user, "api:judgment", token.pk, "Fagsystem", admin),
        (individual, system_user, "api:alternatives", token.pk, "Fagsystem", admin),
    ]
    assert caseworker.pk not in {row[1] for row in log}


def test_the_list_filters_and_pages(api_as, caseworker, leader):
    cw = api_as(caseworker)
    for number in range(3):
        assert cw.post("/cases", new_case(title=f"Sak {number}", case_reference=f"2026/{number}")).status_code == 201
    api_as(leader).post("/cases", new_case(level="service", case_reference="", title="Tjenestesak"))

    everything = cw.get("/cases").json()
    assert everything["count"] == 4
    assert "description" not in everything["items"][0]
    # An individual case is listed by its reference, not its title: a list is not a read.
    assert [c["title"] for c in everything["items"]][:3] == ["Tjenestesak", "2026/2", "2026/1"]

    page = cw.get("/cases", page=2, page_size=3).json()
    assert page["count"] == 4
    assert [c["title"] for c in page["items"]] == ["2026/0"]

    assert cw.get("/cases", level="service").json()["count"] == 1
    listed = cw.get("/cases", case_reference="2026/1").json()["items"][0]
    assert listed["title"] == "2026/1"
    assert cw.get(f"/cases/{listed['id']}").json()["title"] == "Sak 1"  # reading the case (logged) gives it
    # Another integration is on none of the individual cases' teams: it lists only the service case.
    assert [c["title"] for c in api_as(caseworker).get("/cases").json()["items"]] == ["Tjenestesak"]
    assert cw.get("/cases", phase="plan").json()["count"] == 0

    Case.objects.filter(title="Sak 0").update(updated_at="2020-01-01T00:00:00Z")
    recent = cw.get("/cases", updated_since="2025-01-01T00:00:00").json()
    assert recent["count"] == 3
    assert cw.get("/cases", level="nonsense").status_code == 422


def test_the_director_does_not_see_individual_cases_in_the_list(api_as, caseworker, director):
    api_as(caseworker).post("/cases", new_case())
    assert api_as(director).get("/cases").json()["count"] == 0


def test_service_areas_are_listed_and_found_by_id(api_as, leader, area):
    client = api_as(leader)
    assert client.get("/service-areas").json() == [{"id": area.pk, "name": "Hjemmetjenester"}]
    response = client.post("/cases", new_case(level="service", case_reference="", service_area=area.pk))
    assert response.json()["service_area"]["id"] == area.pk


def test_patch_changes_fields_phase_and_archive_in_one_request(api_as, caseworker):
    client = api_as(caseworker)
    case = client.post("/cases", new_case()).json()
    response = client.patch(
        f"/cases/{case['id']}",
        {"version": case["version"], "title": "Ny tittel", "phase": "plan", "phase_note": "Klar", "archived": True},
    )
    assert response.status_code == 200, response.content
    changed = response.json()
    assert (changed["title"], changed["phase"], changed["archived"]) == ("Ny tittel", "plan", True)
    assert changed["version"] > case["version"]
    assert Case.objects.get().phase_changes.last().note == "Klar"
    # Removing the service area with null.
    response = client.patch(f"/cases/{case['id']}", {"version": changed["version"], "service_area": None})
    assert response.status_code == 200
    assert response.json()["service_area"] is None


def test_health_personnel_and_leader_roles_as_on_the_web(api_as, caseworker, leader):
    case_id = api_as(caseworker).post("/cases", new_case()).json()["id"]
    # A leader on the case team reads individual cases but does not work on them; off it, 403.
    reader = api_as(leader)
    assert reader.get(f"/cases/{case_id}").status_code == 403
    join(case_id, reader)
    assert reader.get(f"/cases/{case_id}").status_code == 200
    response = reader.post(f"/cases/{case_id}/alternatives", {"title": "Noe annet"})
    assert response.status_code == 403
    assert leader.role == Role.LEADER


def test_a_decided_cases_judgment_is_the_one_it_was_decided_on(api_as, leader, municipality, admin_factory):
    from prioritet.cases.testing import decided_case

    case, decision = decided_case(leader, [("Utvidet tilbud", (5, 5)), ("Lavterskel", (3, 1))])
    weighting_services.create_version(
        municipality,
        admin_factory(municipality),
        benefit=Decimal(8),
        severity=Decimal(1),
        resources=Decimal(1),
        reason="Nytte vektlegges mer.",
        decided_by_body="Kommunestyret",
    )
    judgment = api_as(leader).get(f"/cases/{case.pk}/judgment").json()
    assert judgment["weights"]["id"] == decision.weight_version_id
    ranked = sorted((a for a in judgment["alternatives"] if a["rank"]), key=lambda a: a["rank"])
    assert [a["title"] for a in ranked] == ["Lavterskel", "Utvidet tilbud"]
    assert judgment["suggested_alternative_ids"] == [decision.alternative_id]


def test_moving_a_case_on_with_unmet_exit_conditions_is_422_listing_them_under_phase(api_as, caseworker):
    client = api_as(caseworker)
    case = client.post("/cases", new_case(involvement_plan="", management_information="Ventetid fra IPLOS.")).json()
    assert case["management_information"] == "Ventetid fra IPLOS."
    assert case["follows_id"] is None
    response = client.patch(f"/cases/{case['id']}", {"version": case["version"], "phase": "plan"})
    assert response.status_code == 422
    message = response.json()["errors"]["phase"]
    assert "Planlegge" in message
    assert "medvirkning" in message
    assert Case.objects.get(pk=case["id"]).phase == "prepare"
    patched = client.patch(
        f"/cases/{case['id']}", {"version": case["version"], "involvement_plan": "Personen deltar.", "phase": "plan"}
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["phase"] == "plan"
