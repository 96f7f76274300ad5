"""The reflection's writes: step by step, completion rules, concurrency, roles and no identity numbers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prioritet.cases.testing import on_team
from prioritet.core.concurrency import ConcurrentEditError
from prioritet.core.testing import FNR
from prioritet.ethics import services, steps
from prioritet.ethics.models import EthicalReflection, ReflectionStatus


def test_the_six_steps_follow_ks_and_each_has_its_own_field():
    assert steps.COUNT == 6
    assert [s.number for s in steps.STEPS] == [1, 2, 3, 4, 5, 6]
    assert len({s.field for s in steps.STEPS}) == 6
    assert all(hasattr(EthicalReflection, s.field) for s in steps.STEPS)
    assert "ks.no" in steps.SOURCE_URL
    with pytest.raises(LookupError):
        steps.step(7)


def test_a_reflection_is_filled_step_by_step_and_completed(individual_case, caseworker):
    r = services.start(individual_case, caseworker, title="Hjemme eller institusjon?", participants="saksbehandler")
    assert r.status == ReflectionStatus.DRAFT
    assert r.version == 1
    r = services.save_step(r, caseworker, r.version, 1, {"step_challenge": "Bør vi tilby hjemmerehabilitering?"})
    assert r.version == 2
    r = services.save_step(
        r, caseworker, r.version, 6, {"step_deliberation": "Veid.", "conclusion": "Hjem med tiltak.", "follow_up": ""}
    )
    r = services.complete(r, caseworker, r.version)
    r.refresh_from_db()
    assert r.is_completed
    assert r.completed_at is not None
    assert r.conclusion == "Hjem med tiltak."
    assert r.history.count() == 4


def test_a_step_may_only_write_its_own_fields(individual_case, caseworker):
    r = services.start(individual_case, caseworker, title="Dilemma")
    with pytest.raises(TypeError):
        services.save_step(r, caseworker, r.version, 2, {"conclusion": "Snarvei"})


def test_completion_needs_the_challenge_and_the_conclusion(individual_case, caseworker):
    r = services.start(individual_case, caseworker, title="Dilemma")
    with pytest.raises(ValidationError) as err:
        services.complete(r, caseworker, r.version)
    assert len(err.value.messages) == 2
    r.refresh_from_db()
    assert r.status == ReflectionStatus.DRAFT


def test_a_stale_version_is_refused_and_nothing_is_written(individual_case, caseworker, health_personnel_factory):
    r = services.start(individual_case, caseworker, title="Dilemma")
    loaded = r.version
    services.save_step(r, caseworker, loaded, 2, {"step_facts": "Første versjon"})
    colleague = health_personnel_factory()
    on_team(individual_case, colleague)
    with pytest.raises(ConcurrentEditError) as err:
        services.save_step(r, colleague, loaded, 2, {"step_facts": "Andre versjon"})
    assert err.value.current.step_facts == "Første versjon"
    r.refresh_from_db()
    assert r.step_facts == "Første versjon"


def test_a_completed_reflection_is_read_only_until_reopened(individual_case, caseworker):
    r = services.start(individual_case, caseworker, title="Dilemma")
    r = services.save_step(r, caseworker, r.version, 1, {"step_challenge": "Utfordring"})
    r = services.save_step(
        r, caseworker, r.version, 6, {"step_deliberation": "", "conclusion": "Konklusjon", "follow_up": ""}
    )
    r = services.complete(r, caseworker, r.version)
    with pytest.raises(ValidationError):
        services.save_step(r, caseworker, r.version, 2, {"step_facts": "Endring"})
    r = services.reopen(r, caseworker, r.version)
    assert r.status == ReflectionStatus.DRAFT
    assert r.completed_at is None
    services.save_step(r, caseworker, r.version, 2, {"step_facts": "Endring"})


def test_identity_numbers_are_refused_in_the_notes(individual_case, caseworker):
    r = services.start(individual_case, caseworker, title="Dilemma")
    with pytest.raises(ValidationError) as err:
        services.save_step(r, caseworker, r.version, 2, {"step_facts": f"Gjelder {FNR}."})
    assert "step_facts" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.start(individual_case, caseworker, title=f"Søker {FNR}")


def test_only_those_who_work_on_the_level_write(service_case, caseworker, leader):
    with pytest.raises(PermissionDenied):
        services.start(service_case, caseworker, title="Dilemma")
    r = services.start(service_case, leader, title="Dilemma")
    with pytest.raises(PermissionDenied):
        services.save_step(r, caseworker, r.version, 1, {"step_challenge": "x"})


@pytest.fixture
def health_personnel_factory(user_factory):
    from prioritet.accounts.models import Role

    return lambda: user_factory(Role.HEALTH_PERSONNEL)
