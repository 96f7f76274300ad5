"""The overview by service area: open cases by phase and reassessments coming due, counted only."""

from __future__ import annotations

import datetime

from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area, make_user
from prioritet.cases import selectors, services
from prioritet.cases.models import Case, CaseAccess, Level, Phase
from prioritet.cases.testing import decided_case, prepared


def _open(user, area, title, phase=Phase.PREPARE, level=Level.SERVICE):
    case = services.create_case(
        user.municipality, user, no_action_consequence="Ingen.", level=level, title=title, service_area=area
    )
    if phase != Phase.PREPARE:
        case = prepared(case, user)
        case = services.change_phase(case, user, case.version, phase)
    return case


def test_open_cases_are_counted_by_phase_and_reassessments_by_when_they_fall_due(municipality, leader):
    home = make_service_area(municipality, "Hjemmetjenester")
    institution = make_service_area(municipality, "Institusjon")
    _open(leader, home, "A")
    _open(leader, home, "B", Phase.PLAN)
    _open(leader, institution, "C", Phase.PLAN)
    _open(leader, None, "D")
    today = timezone.localdate()
    for title, days in (("E", -3), ("F", 10), ("G", 90)):
        case, _ = decided_case(leader, [("Tiltak", (4, 2))], title=title, service_area=home)
        Case.objects.filter(pk=case.pk).update(reassessment_due=today + datetime.timedelta(days=days))

    rows = {row.area_name: row for row in selectors.phase_overview(municipality, leader, today=today)}
    assert list(rows) == ["Hjemmetjenester", "Institusjon", ""]
    assert rows["Hjemmetjenester"].by_phase == {
        Phase.PREPARE: 1,
        Phase.PLAN: 1,
        Phase.CARRY_OUT: 0,
        Phase.EVALUATE: 0,
        Phase.FOLLOW_UP: 0,
    }
    assert (rows["Hjemmetjenester"].reassessment_overdue, rows["Hjemmetjenester"].reassessment_due_soon) == (1, 1)
    assert rows["Institusjon"].by_phase[Phase.PLAN] == 1
    assert rows[""].by_phase[Phase.PREPARE] == 1


def test_only_the_levels_the_user_reads_are_counted_and_no_case_is_logged_as_read(municipality, caseworker, leader):
    politician = make_user(Role.POLITICIAN, municipality=municipality, username="politiker-oversikt")
    area = make_service_area(municipality, "Hjemmetjenester")
    _open(caseworker, area, "Søknad", level=Level.INDIVIDUAL)
    _open(leader, area, "Dagsenter", level=Level.SERVICE)
    assert selectors.phase_overview(municipality, caseworker)[0].by_phase[Phase.PREPARE] == 2  # both levels
    counted = selectors.phase_overview(municipality, politician)
    assert sum(row.by_phase[Phase.PREPARE] for row in counted) == 1  # the service case, not the individual one
    assert not CaseAccess.objects.exists()


def test_the_page_links_each_count_to_the_filtered_case_list(municipality, leader, login_client, other_municipality):
    area = make_service_area(municipality, "Hjemmetjenester")
    _open(leader, area, "Dagsenter", Phase.PLAN)
    stranger = make_user(Role.LEADER, municipality=other_municipality, username="fremmed-leder")
    _open(stranger, make_service_area(other_municipality, "Fremmed område"), "Fremmed sak")
    html = login_client(leader).get("/cases/overview/").content.decode()
    assert f'href="/cases/?service_area={area.pk}&amp;phase=plan">1</a>' in html
    assert "Fremmed område" not in html
    assert login_client(stranger).get("/cases/overview/").content.decode().count("Hjemmetjenester") == 0
