"""The consistency report: on generated decided cases where one district was made stricter, the
report finds that district (and no other); caseworkers named to the leader only, small groups
suppressed; the pages for leaders only, the model fitted by a task, a GET writing nothing but the
access log."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.accounts.testing import lead, make_service_area, sign_in
from prioritet.cases import consistency
from prioritet.cases.models import (
    AccessBasis,
    Alternative,
    AlternativeKind,
    Case,
    CaseAccess,
    ConsistencyReport,
    Decision,
    Level,
)
from prioritet.cases.models import Status as CaseStatus
from prioritet.core.audit import verify
from prioritet.core.records import TaskStatus
from prioritet.engine.consistency import fit_ordinal, group_effect
from prioritet.weighting.services import ensure_weights

DISTRICTS = ("Nord", "Sør", "Øst", "Vest")


def generate(municipality, area, deciders, *, n: int = 400, stricter: str = "Nord", seed: int = 7) -> None:
    """``n`` decided individual cases whose outcome follows the scores (severity and benefit up,
    resources down, logistic noise), with ``stricter``'s outcomes pushed down 1.5 on the latent scale;
    two cases in a district «Liten» (a small cell)."""
    rng = np.random.default_rng(seed)
    version = ensure_weights(municipality)
    x = rng.integers(1, 6, size=(n, 3))
    district = [DISTRICTS[i % len(DISTRICTS)] for i in range(n)]
    district[0] = district[1] = "Liten"
    latent = 0.9 * x[:, 0] + 0.7 * x[:, 1] - 0.5 * x[:, 2] + rng.logistic(size=n)
    latent -= 1.5 * np.asarray([d == stricter for d in district])
    outcome = np.digitize(latent, [1.5, 2.5, 3.5])
    cases = Case.objects.bulk_create(
        Case(
            municipality=municipality,
            level=Level.INDIVIDUAL,
            title=f"Sak {i}",
            service_area=area,
            status=CaseStatus.DECIDED,
            case_reference=f"K-{i:04d}",
            district=district[i],
            created_by=deciders[0],
        )
        for i in range(n)
    )
    kinds = [AlternativeKind.NO_ACTION if o == 0 else AlternativeKind.MEASURE for o in outcome]
    alternatives = Alternative.objects.bulk_create(
        Alternative(case=c, kind=k, title="Tiltak", created_by=deciders[0]) for c, k in zip(cases, kinds, strict=True)
    )
    Decision.objects.bulk_create(
        Decision(
            case=c,
            alternative=a,
            priority={0: "", 1: "low", 2: "medium", 3: "high"}[int(o)],
            justification="Generert.",
            level=Level.INDIVIDUAL,
            weight_version=version,
            suggestion=[
                {
                    "alternative": a.pk,
                    "title": "Tiltak",
                    "scores": {"severity": int(s), "benefit": int(b), "resources": int(r)},
                    "value": 0.5,
                    "rank": 1,
                }
            ],
            reassessment_due=timezone.localdate() + datetime.timedelta(days=30),
            decided_by=deciders[i % len(deciders)],
        )
        for i, (c, a, o, (s, b, r)) in enumerate(zip(cases, alternatives, outcome, x, strict=True))
    )


@pytest.fixture
def deciders(caseworker, user_factory):
    return [caseworker, user_factory(Role.CASEWORKER, username="saksbehandler2", first_name="Jonas", last_name="Vik")]


def _report(municipality, area, leader) -> ConsistencyReport:
    today = timezone.localdate()
    return ConsistencyReport.objects.create(
        municipality=municipality,
        service_area=area,
        date_from=today - datetime.timedelta(days=30),
        date_to=today,
        requested_by=leader,
    )


def test_the_report_finds_the_stricter_district(municipality, area, leader, deciders):
    generate(municipality, area, deciders)
    result = consistency.compute(_report(municipality, area, leader))
    assert result["n"] == 400
    assert result["error"] == ""
    terms = {t["name"]: t for t in result["terms"]}
    assert terms["severity"]["coefficient"] > 0
    assert terms["benefit"]["coefficient"] > 0
    assert terms["resources"]["coefficient"] < 0
    rows = {row["key"]: row for row in result["districts"]["rows"]}
    # The small district is never shown on its own, nor is the pool of two cases.
    assert "Liten" not in rows
    assert all(not row["pooled"] for row in rows.values())
    assert result["districts"]["lr_p_value"] < 0.001
    nord = rows["Nord"]
    others = [rows[d] for d in DISTRICTS if d != "Nord"]
    assert nord["mean_residual"] < 0
    assert all(nord["mean_residual"] < row["mean_residual"] for row in others)
    reference = next(row for row in rows.values() if row["reference"])
    assert reference["key"] != "Nord"
    assert nord["coefficient"] < 0
    assert nord["p_value"] < 0.01
    for row in others:
        if not row["reference"]:
            assert row["p_value"] > 0.001  # no other district is clearly different
    # Caseworkers were given cases alike: no clear difference.
    assert result["caseworkers"]["lr_p_value"] > 0.001
    assert len(result["furthest"]) == consistency.FURTHEST


def test_without_a_stricter_district_none_is_found(municipality, area, leader, deciders):
    generate(municipality, area, deciders, stricter="", seed=11)
    result = consistency.compute(_report(municipality, area, leader))
    assert result["districts"]["lr_p_value"] > 0.01


def test_no_cases_or_one_outcome_only_says_so(municipality, area, leader, deciders):
    result = consistency.compute(_report(municipality, area, leader))
    assert result["n"] == 0
    assert result["error"] == "too_few"
    generate(municipality, area, deciders, n=30)
    Decision.objects.filter(case__municipality=municipality).update(priority="high")
    Alternative.objects.filter(case__municipality=municipality).update(kind=AlternativeKind.MEASURE)
    result = consistency.compute(_report(municipality, area, leader))
    assert result["error"] == "one_outcome"


def test_group_effect_pools_small_groups_and_hides_a_small_pool() -> None:
    rng = np.random.default_rng(3)
    x = rng.integers(1, 6, size=(120, 3)).astype(float)
    y = np.digitize(x[:, 0] + rng.logistic(size=120), [2, 3, 4])
    names = ["severity", "benefit", "resources"]
    base = fit_ordinal(x, y, names)
    groups = ["A"] * 60 + ["B"] * 50 + ["c1"] * 4 + ["c2"] * 3 + ["c3"] * 3
    effect = group_effect(x, y, names, groups, min_cell=5, base=base)
    keys = [row.key for row in effect.rows]
    assert "c1" not in keys
    assert "c2" not in keys
    assert any(row.key != "A" and row.key != "B" for row in effect.rows)  # the pool of 10 is shown
    effect = group_effect(x, y, names, ["A"] * 60 + ["B"] * 57 + ["c"] * 3, min_cell=5, base=base)
    assert [row.key for row in effect.rows] == ["A", "B"]


def test_the_pages_queue_the_task_and_show_the_report_to_a_leader(client, municipality, area, leader, deciders):
    generate(municipality, area, deciders)
    sign_in(client, lead(leader, area))
    today = timezone.localdate()
    response = client.get(reverse("cases:consistency"))
    assert response.status_code == 200
    assert not ConsistencyReport.objects.exists()  # a GET writes nothing
    response = client.post(
        reverse("cases:consistency"),
        {
            "service_area": area.pk,
            "date_from": (today - datetime.timedelta(days=30)).isoformat(),
            "date_to": today.isoformat(),
        },
    )
    report = ConsistencyReport.objects.get()
    assert response.status_code == 302
    assert report.status == TaskStatus.DONE  # the tests run tasks at once
    before = CaseAccess.objects.count()
    page = client.get(reverse("cases:consistency_report", args=[report.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="consistency-districts"' in content
    assert "Nord" in content
    assert "Jonas Vik" in content  # the leader sees the caseworkers named
    assert "Liten" not in content
    assert "Sak 1" not in content  # no free text of a case
    assert CaseAccess.objects.count() - before == consistency.FURTHEST
    reads = CaseAccess.objects.order_by("-id")[: consistency.FURTHEST]
    assert {(read.page, read.basis) for read in reads} == {("consistency report", AccessBasis.AREA_LEADER)}
    assert not list(verify())


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.DIRECTOR, Role.POLITICIAN])
def test_only_leaders_and_the_administrator_read_the_consistency_report(
    client, municipality, area, leader, user_factory, role
):
    report = _report(municipality, area, leader)
    sign_in(client, user_factory(role, username=f"u-{role}"))
    assert client.get(reverse("cases:consistency")).status_code == 403
    assert client.get(reverse("cases:consistency_report", args=[report.pk])).status_code == 403
    assert client.post(reverse("cases:consistency"), _period(area)).status_code == 403
    assert ConsistencyReport.objects.count() == 1


def _period(area) -> dict:
    today = timezone.localdate()
    return {
        "service_area": "" if area is None else area.pk,
        "date_from": (today - datetime.timedelta(days=30)).isoformat(),
        "date_to": today.isoformat(),
    }


@pytest.fixture
def other_area(municipality):
    return make_service_area(municipality, "Sykehjem")


def test_a_leader_reads_and_requests_only_the_reports_of_the_areas_they_lead(
    client, municipality, area, other_area, leader, user_factory, deciders
):
    generate(municipality, area, deciders, n=60)
    theirs = _report(municipality, area, leader)
    unassigned = _report(municipality, None, leader)
    other_leader = lead(user_factory(Role.LEADER, username="leder-sykehjem"), other_area)
    own = _report(municipality, other_area, other_leader)
    sign_in(client, other_leader)
    listing = client.get(reverse("cases:consistency")).content.decode()
    assert reverse("cases:consistency_report", args=[own.pk]) in listing
    assert reverse("cases:consistency_report", args=[theirs.pk]) not in listing
    assert reverse("cases:consistency_report", args=[unassigned.pk]) not in listing
    assert f'value="{area.pk}"' not in listing  # another area is not offered
    assert client.get(reverse("cases:consistency_report", args=[own.pk])).status_code == 200
    before = CaseAccess.objects.count()
    assert client.get(reverse("cases:consistency_report", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("cases:consistency_report", args=[unassigned.pk])).status_code == 404
    assert CaseAccess.objects.count() == before
    # Neither another area nor the cases without one can be requested.
    for chosen in (area, None):
        response = client.post(reverse("cases:consistency"), _period(chosen))
        assert response.status_code == 200
        assert "service_area" in response.context["form"].errors
    assert ConsistencyReport.objects.count() == 3
    assert client.post(reverse("cases:consistency"), _period(other_area)).status_code == 302
    assert ConsistencyReport.objects.filter(service_area=other_area).count() == 2


def test_a_leader_of_no_area_is_told_how_to_be_tied_to_one(client, area, leader):
    sign_in(client, leader)
    content = client.get(reverse("cases:consistency")).content.decode()
    assert 'data-testid="consistency-no-areas"' in content
    assert 'name="service_area"' not in content
    assert client.post(reverse("cases:consistency"), _period(area)).status_code == 200
    assert not ConsistencyReport.objects.exists()


def test_the_administrator_reads_every_area_without_names_or_cases(
    client, municipality, area, leader, municipal_admin, deciders
):
    generate(municipality, area, deciders)
    report = _report(municipality, area, leader)
    report.finish(result=consistency.compute(report))
    sign_in(client, municipal_admin)
    listing = client.get(reverse("cases:consistency")).content.decode()
    assert reverse("cases:consistency_report", args=[report.pk]) in listing
    before = CaseAccess.objects.count()
    content = client.get(reverse("cases:consistency_report", args=[report.pk])).content.decode()
    assert 'data-testid="consistency-districts"' in content
    assert 'data-testid="consistency-furthest-hidden"' in content
    assert 'data-testid="consistency-furthest"' not in content
    assert "K-0" not in content  # no case reference
    assert "Jonas Vik" not in content
    assert "Saksbehandler A" in content
    assert CaseAccess.objects.count() == before  # no individual case shown, none read
    # The cases without a service area have no leader: the administrator asks for their report.
    assert client.post(reverse("cases:consistency"), _period(None)).status_code == 302
    assert ConsistencyReport.objects.filter(service_area__isnull=True, requested_by=municipal_admin).exists()


def test_no_one_reads_another_municipality_s_reports(
    client, municipality, other_municipality, area, leader, user_factory
):
    report = _report(municipality, area, leader)
    their_area = make_service_area(other_municipality, "Hjemmetjenester")
    for role in (Role.LEADER, Role.MUNICIPAL_ADMIN):
        outsider = user_factory(role, username=f"annen-{role}", municipality=other_municipality)
        if role == Role.LEADER:
            lead(outsider, their_area)
        sign_in(client, outsider)
        assert client.get(reverse("cases:consistency_report", args=[report.pk])).status_code == 404
        assert (
            reverse("cases:consistency_report", args=[report.pk])
            not in client.get(reverse("cases:consistency")).content.decode()
        )
        response = client.post(reverse("cases:consistency"), _period(area))
        assert response.status_code == 200
        assert "service_area" in response.context["form"].errors
    assert ConsistencyReport.objects.count() == 1


def test_a_period_ending_before_it_starts_is_refused(client, leader, area):
    sign_in(client, lead(leader, area))
    response = client.post(reverse("cases:consistency"), {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert not ConsistencyReport.objects.exists()
