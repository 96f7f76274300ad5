"""A shorter plan period clears what falls outside it: proposed starts, earliest starts before the
first year, and draft alternatives' starts; a submitted alternative stays as it was submitted."""

from __future__ import annotations

from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.budgetplan import services
from prioritet.budgetplan.demo import FRAMES
from prioritet.budgetplan.models import EconomyPlan, PlanAlternative, PlanMeasure


def _starts(plan):
    return {m.code: (m.earliest, m.proposed_start) for m in PlanMeasure.objects.filter(plan=plan)}


def _shorten(client, plan, first, last):
    plan = EconomyPlan.objects.get(pk=plan.pk)
    post = {"first_year": first, "last_year": last, "version": plan.version}
    for column, amounts in FRAMES.items():
        for t in range(last - first + 1):
            post[f"frame__{column}__{t}"] = amounts[first - 2027 + t]
    return client.post(reverse("budgetplan:edit", args=[plan.case_id]), post)


def test_shortening_the_period_clears_proposed_starts_after_the_new_last_year(demo, login_client):
    plan, director = demo
    assert _starts(plan)["korttid-2"] == (2029, 2030)
    assert _shorten(login_client(director), plan, 2027, 2029).status_code == 302
    after = _starts(plan)
    # Proposed for 2030, now outside: the proposal leaves it out; its earliest year (2029) still lies within.
    assert after["korttid-2"] == (2029, None)
    assert after["nattbemanning-sykehjem"] == (None, 2027)
    assert after["institusjonsplasser-ned"] == (2028, 2029)


def test_moving_the_first_year_later_clears_earlier_starts_and_earliest_years(demo, login_client):
    plan, director = demo
    assert _shorten(login_client(director), plan, 2029, 2030).status_code == 302
    after = _starts(plan)
    assert after["nattbemanning-sykehjem"] == (None, None)  # proposed for 2027
    assert after["helsestasjon-norm"] == (None, None)  # earliest 2028 and proposed 2028, both before 2029
    assert after["institusjonsplasser-ned"] == (None, 2029)  # earliest 2028 cleared, the start kept
    assert after["korttid-2"] == (2029, 2030)
    # The page shows the shorter plan and its proposal is evaluated without stale years.
    page = login_client(director).get(reverse("budgetplan:for_case", args=[plan.case_id]))
    assert page.context["years"] == (2029, 2030)
    assert set(page.context["proposal"].start.values()) <= {2029, 2030}


def test_an_earliest_year_after_the_new_period_is_kept_so_the_measure_cannot_start(demo):
    plan, director = demo
    services.edit_plan(plan, plan.version, director, 2027, 2028, {c: a[:2] for c, a in FRAMES.items()})
    after = _starts(plan)
    assert after["korttid-4"] == (2029, None)
    assert after["korttid-2"] == (2029, None)


def test_a_draft_alternative_loses_the_starts_outside_the_period_and_a_submitted_one_is_kept(
    demo, municipal_admin, user_factory
):
    plan, director = demo
    politician = user_factory(role=Role.POLITICIAN, username="rep")
    group = services.save_party_group(plan.municipality, municipal_admin, "Venstre", [politician])
    draft = services.create_alternative(plan, politician, group, "Utkast")
    frozen = PlanAlternative.objects.create(
        municipality=plan.municipality,
        plan=plan,
        party_group=group,
        name="Levert",
        starts={"korttid-2": 2030},
        submitted_at="2026-11-01T12:00:00Z",
        created_by=politician,
    )
    assert draft.starts["korttid-2"] == 2030
    services.edit_plan(plan, plan.version, director, 2027, 2029, {c: a[:3] for c, a in FRAMES.items()})
    draft.refresh_from_db()
    assert "korttid-2" not in draft.starts
    assert draft.starts["nattbemanning-sykehjem"] == 2027
    assert draft.version == 2
    frozen.refresh_from_db()
    assert frozen.starts == {"korttid-2": 2030}
