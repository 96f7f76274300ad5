"""The formannskap's innstilling to the økonomiplan on the public pages (kommuneloven § 14-3): it is
recorded with the council's meeting date, published with its year-by-year table, warned about when
the meeting leaves less than 14 days, and shown to anyone without login; roles and tenants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.budgetplan import notice, services
from prioritet.budgetplan.demo import CASE_TITLE, FRAMES
from prioritet.budgetplan.models import PlanInnstilling, PlanMeasure
from prioritet.core.testing import FNR

#: The notice's alert on the plan page and the form, by its colour (the words depend on the language).
SUCCESS, INFO, DANGER = (f'data-color="{c}" data-testid="innstilling-notice"' for c in ("success", "info", "danger"))


def _url(plan, name="budgetplan:innstilling"):
    return reverse(name, args=[plan.case_id])


def _post(client, plan, days: int | None, action="publish", **extra):
    meeting = "" if days is None else (timezone.localdate() + timedelta(days=days)).isoformat()
    data = {"recommended": "proposal", "meeting_date": meeting, "text": "Formannskapet rår til.", "action": action}
    return client.post(_url(plan), {**data, **extra})


def _warnings(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_fourteen_days_before_the_meeting_is_in_time_and_thirteen_is_not():
    meeting = date(2027, 12, 15)
    assert notice.latest_publication(meeting) == date(2027, 12, 1)
    assert notice.days_before(date(2027, 12, 1), meeting) == 14
    assert notice.in_time(date(2027, 12, 1), meeting)
    assert not notice.in_time(date(2027, 12, 2), meeting)
    assert notice.in_time(date(2027, 11, 30), meeting)
    late = notice.notice(meeting, None, today=date(2027, 12, 2))
    assert late is not None
    assert not late.in_time
    assert late.days == 13
    assert not late.is_published
    assert notice.notice(None, None, today=date(2027, 12, 2)) is None


def test_publishing_fourteen_days_before_the_meeting_gives_no_warning(demo, login_client):
    plan, director = demo
    client = login_client(director)
    response = _post(client, plan, 14)
    assert response.status_code == 302
    assert _warnings(response) == []
    record = PlanInnstilling.objects.get(plan=plan)
    assert record.published
    assert timezone.localdate(record.published_at) == timezone.localdate()
    assert record.published_by == director
    page = client.get(reverse("budgetplan:for_case", args=[plan.case_id]))
    assert page.context["notice"].in_time
    assert SUCCESS in page.content.decode()


def test_publishing_thirteen_days_before_the_meeting_warns_with_the_date_it_had_to_go_out(demo, login_client):
    plan, director = demo
    client = login_client(director)
    form = client.get(_url(plan))
    assert form.status_code == 200
    response = _post(client, plan, 13)
    assert response.status_code == 302
    latest = timezone.localdate() - timedelta(days=1)
    (warning,) = _warnings(response)
    assert "§ 14-3" in warning
    assert str(latest.year) in warning
    assert PlanInnstilling.objects.get(plan=plan).published  # a warning, not a refusal
    page = client.get(reverse("budgetplan:for_case", args=[plan.case_id]))
    assert not page.context["notice"].in_time
    assert page.context["notice"].latest == latest
    assert DANGER in page.content.decode()


def test_the_plan_page_shows_the_date_by_which_the_innstilling_must_go_out(demo, login_client):
    plan, director = demo
    client = login_client(director)
    assert _post(client, plan, 30, action="save").status_code == 302
    record = PlanInnstilling.objects.get(plan=plan)
    assert not record.published
    assert record.meeting_date == timezone.localdate() + timedelta(days=30)
    page = client.get(reverse("budgetplan:for_case", args=[plan.case_id]))
    assert page.context["notice"].latest == timezone.localdate() + timedelta(days=16)
    assert page.context["notice"].in_time
    assert INFO in page.content.decode()
    # A meeting ten days away: publishing now is already too late, and the page says so before anyone publishes.
    assert _post(client, plan, 10, action="save").status_code == 302
    page = client.get(reverse("budgetplan:for_case", args=[plan.case_id]))
    assert not page.context["notice"].in_time
    assert DANGER in page.content.decode()
    form = client.get(_url(plan))
    assert DANGER in form.content.decode()


def test_the_public_page_shows_the_recommended_plan_year_by_year_without_login(demo, login_client, client):
    plan, director = demo
    _post(login_client(director), plan, 20)
    url = reverse("budgetplan:public_innstilling", args=[plan.municipality.slug, plan.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "public" in page["Cache-Control"]
    assert "max-age=300" in page["Cache-Control"]
    assert "Set-Cookie" not in page
    body = page.content.decode()
    assert CASE_TITLE in body
    assert "Formannskapet rår til." in body
    data = page.context["data"]
    assert data["years"] == [2027, 2028, 2029, 2030]
    cost = next(t for t in data["tables"] if t["column"] == "cost_nok")
    assert cost["frame"] == FRAMES["cost_nok"]
    # The totals are the sums of the rows, year by year, and within the frames (the proposal balances).
    for t in range(4):
        assert cost["used"][t] == pytest.approx(sum(r["amounts"][t] for r in cost["rows"]))
        assert cost["used"][t] <= cost["frame"][t]
    night = next(r for r in cost["rows"] if r["name"] == "Forsvarlig nattbemanning i sykehjem")
    assert night["amounts"] == [4_150_000.0] * 4
    assert {"name": "To nye korttidsplasser i sykehjem", "start": 2030} in data["measures"]
    listing = client.get(reverse("public:municipality", args=[plan.municipality.slug]))
    assert url in listing.content.decode()
    # What went out stays as it went out when the plan changes afterwards.
    PlanMeasure.objects.filter(plan=plan, code="nattbemanning-sykehjem").update(name="Endret navn")
    assert "Forsvarlig nattbemanning i sykehjem" in client.get(url).content.decode()


def test_a_withdrawn_or_unpublished_innstilling_is_not_public(demo, login_client, client, other_municipality):
    plan, director = demo
    url = reverse("budgetplan:public_innstilling", args=[plan.municipality.slug, plan.pk])
    staff = login_client(director)
    _post(staff, plan, 20, action="save")
    assert client.get(url).status_code == 404
    _post(staff, plan, 20)
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("budgetplan:public_innstilling", args=[other_municipality.slug, plan.pk])).status_code == 404
    )
    assert client.post(url).status_code == 405
    assert staff.post(_url(plan, "budgetplan:innstilling_withdraw")).status_code == 302
    assert client.get(url).status_code == 404
    assert PlanInnstilling.objects.get(plan=plan).meeting_date is not None  # kept, not deleted


def test_a_submitted_alternative_can_be_recommended_and_a_draft_cannot(
    demo, municipal_admin, user_factory, login_client
):
    plan, director = demo
    politician = user_factory(role=Role.POLITICIAN, username="rep")
    group = services.save_party_group(plan.municipality, municipal_admin, "Venstre", [politician])
    draft = services.create_alternative(plan, politician, group, "Venstres utkast")
    client = login_client(director)
    assert _post(client, plan, 20, recommended=str(draft.pk)).status_code == 400
    draft.plan = plan
    services.submit_alternative(draft, draft.version, politician)
    assert _post(client, plan, 20, recommended=str(draft.pk)).status_code == 302
    record = PlanInnstilling.objects.get(plan=plan)
    assert record.alternative_id == draft.pk
    assert record.snapshot["recommended"] == {
        "kind": "alternative",
        "name": "Venstres utkast",
        "party_group": "Venstre",
    }


def test_an_innstilling_that_does_not_balance_is_not_published(demo, login_client):
    plan, director = demo
    plan.frames = {**FRAMES, "cost_nok": [1_000_000.0] * 4}
    plan.save()
    response = _post(login_client(director), plan, 20)
    assert response.status_code == 400
    assert "§ 14-4" in response.content.decode()
    assert not PlanInnstilling.objects.filter(plan=plan, published_at__isnull=False).exists()


def test_the_innstilling_text_keeps_the_text_rules(demo, login_client):
    plan, director = demo
    client = login_client(director)
    assert _post(client, plan, 20, text=f"Gjelder {FNR}").status_code == 400
    assert _post(client, plan, 20, text="Rår til\x07").status_code == 400
    assert _post(client, plan, 20, text="x" * 4001).status_code == 400
    assert _post(client, plan, 20, meeting_date="not a date").status_code == 400
    assert not PlanInnstilling.objects.filter(plan=plan).exists()


def test_only_the_case_workers_publish_and_other_municipalities_see_nothing(
    demo, login_client, user_factory, other_municipality
):
    plan, _director = demo
    politician = user_factory(role=Role.POLITICIAN, username="rep")
    leader = user_factory(role=Role.LEADER, username="leder")
    for user in (politician, leader):
        client = login_client(user)
        assert client.get(_url(plan)).status_code == 403
        assert _post(client, plan, 20).status_code == 403
        assert client.post(_url(plan, "budgetplan:innstilling_withdraw")).status_code == 403
    # The politician reads the plan page, with the innstilling's state, without the link to change it.
    page = login_client(politician).get(reverse("budgetplan:for_case", args=[plan.case_id]))
    assert page.status_code == 200
    assert _url(plan) not in page.content.decode()
    outsider = login_client(user_factory(role=Role.DIRECTOR, municipality=other_municipality, username="ut"))
    assert outsider.get(_url(plan)).status_code == 404
    assert _post(outsider, plan, 20).status_code == 404
    assert outsider.post(_url(plan, "budgetplan:innstilling_withdraw")).status_code == 404
    assert not PlanInnstilling.objects.exists()
