"""Services: the case's rules hold for every caller, not only the forms."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prioritet.accounts.models import Role
from prioritet.cases import services
from prioritet.cases.models import (
    Alternative,
    AlternativeKind,
    Assessment,
    Case,
    Decision,
    Level,
    Phase,
    PhaseChange,
    Reassessment,
    Status,
)
from prioritet.cases.testing import future, on_team, prepared, scores
from prioritet.core.concurrency import ConcurrentEditError
from prioritet.core.testing import FNR

# Creation and the no-action alternative ----------------------------------------------------------


def test_a_new_case_has_the_no_action_alternative_with_its_consequence(make_case, caseworker):
    case = make_case(caseworker, consequence="Kan få varig nedsatt funksjon.")
    no_action = case.alternatives.get()
    assert no_action.kind == AlternativeKind.NO_ACTION
    assert no_action.description == "Kan få varig nedsatt funksjon."
    assert case.phase == Phase.PREPARE
    assert PhaseChange.objects.get(case=case).to_phase == Phase.PREPARE


def test_the_no_action_consequence_is_required(make_case, caseworker):
    with pytest.raises(ValidationError) as err:
        make_case(caseworker, consequence="  ")
    assert "no_action_consequence" in err.value.message_dict
    assert not Case.objects.exists()


def test_the_no_action_alternative_cannot_be_archived_or_emptied(make_case, caseworker):
    case = make_case(caseworker)
    no_action = case.alternatives.get()
    with pytest.raises(ValidationError):
        services.set_alternative_archived(no_action, caseworker, no_action.version, True)
    with pytest.raises(ValidationError):
        services.update_alternative(no_action, caseworker, no_action.version, description="")
    no_action.refresh_from_db()
    assert not no_action.archived
    assert no_action.description


@pytest.mark.parametrize("field", ["title", "description"])
def test_national_id_numbers_are_refused_in_case_text(make_case, caseworker, field):
    fields = {"title": "Søknad", field: f"Gjelder {FNR}"}
    with pytest.raises(ValidationError) as err:
        make_case(caseworker, **fields)
    assert field in err.value.message_dict
    assert not Case.objects.exists()


def test_national_id_numbers_are_refused_in_alternatives_assessments_and_decisions(seed_case, caseworker, assess):
    case, _institution, home, _ = seed_case
    with pytest.raises(ValidationError):
        services.add_alternative(case, caseworker, title="Tiltak", description=f"for {FNR}")
    with pytest.raises(ValidationError):
        assess(home, caseworker, 4, 3, benefit_justification=f"fnr {FNR[:6]} {FNR[6:]}")
    with pytest.raises(ValidationError) as err:
        services.decide(
            case,
            caseworker,
            case.version,
            alternative=home,
            priority="high",
            justification=f"Vedtak for {FNR}",
            reassessment_due=future(),
        )
    assert "justification" in err.value.message_dict
    assert not Decision.objects.exists()


def test_case_reference_is_for_individual_cases_only(make_case, leader):
    with pytest.raises(ValidationError) as err:
        make_case(leader, level=Level.SERVICE, case_reference="SAK-1")
    assert "case_reference" in err.value.message_dict


def test_service_area_must_belong_to_the_municipality(make_case, caseworker, other_municipality):
    from prioritet.accounts.testing import make_service_area

    foreign = make_service_area(other_municipality, "Fremmed")
    with pytest.raises(ValidationError) as err:
        make_case(caseworker, service_area=foreign)
    assert "service_area" in err.value.message_dict


# Role rules in the services -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "level", "allowed"),
    [
        (Role.CASEWORKER, Level.INDIVIDUAL, True),
        (Role.HEALTH_PERSONNEL, Level.INDIVIDUAL, True),
        (Role.LEADER, Level.INDIVIDUAL, False),
        (Role.LEADER, Level.SERVICE, True),
        (Role.CASEWORKER, Level.SERVICE, False),
        (Role.DIRECTOR, Level.POLITICAL, True),
        (Role.LEADER, Level.POLITICAL, False),
        (Role.MUNICIPAL_ADMIN, Level.SERVICE, False),
        (Role.MUNICIPAL_ADMIN, Level.INDIVIDUAL, False),
    ],
)
def test_who_may_create_cases_at_each_level(make_case, user_factory, role, level, allowed):
    user = user_factory(role)
    if allowed:
        assert make_case(user, level=level).level == level
    else:
        with pytest.raises(PermissionDenied):
            make_case(user, level=level)
        assert not Case.objects.exists()


def test_a_caseworker_cannot_assess_a_service_case(make_case, leader, caseworker, assess):
    case = make_case(leader, level=Level.SERVICE)
    with pytest.raises(PermissionDenied):
        assess(case.alternatives.get(), caseworker, 3, 3)
    assert not Assessment.objects.exists()


def test_opening_a_case_with_alternatives_and_a_phase_is_all_or_nothing(area, caseworker):
    case = services.open_case(
        caseworker.municipality,
        caseworker,
        no_action_consequence="Funksjonstap uten tiltak.",
        alternatives=[{"title": "Hjemmerehabilitering", "reduces_service": False}],
        phase=Phase.PLAN,
        level=Level.INDIVIDUAL,
        title="Søknad om rehabilitering",
        service_area=area,
        description="Søker om rehabilitering etter brudd.",
        severity=4,
        severity_justification="Kan få varig funksjonstap.",
        involvement_plan="Personen og pårørende deltar i samtalen.",
    )
    assert list(case.alternatives.exclude(kind=AlternativeKind.NO_ACTION).values_list("title", flat=True)) == [
        "Hjemmerehabilitering"
    ]
    assert list(case.phase_changes.values_list("to_phase", flat=True)) == [Phase.PREPARE, Phase.PLAN]
    with pytest.raises(ValidationError) as err:
        services.open_case(
            caseworker.municipality,
            caseworker,
            no_action_consequence="Funksjonstap uten tiltak.",
            alternatives=[{"title": "Gyldig"}, {"title": ""}],
            level=Level.INDIVIDUAL,
            title="Ny sak",
        )
    assert list(err.value.message_dict) == ["alternatives.1.title"]
    assert Case.objects.count() == 1


def test_editing_a_case_checks_the_version_once_for_fields_phase_and_archive(make_case, caseworker):
    case = prepared(make_case(caseworker), caseworker)
    loaded = case.version
    edited = services.edit_case(case, caseworker, loaded, phase=Phase.PLAN, archived=True, title="Endret")
    assert (edited.title, edited.phase, edited.archived) == ("Endret", Phase.PLAN, True)
    with pytest.raises(ConcurrentEditError):
        services.edit_case(case, caseworker, loaded, title="For sent")
    case.refresh_from_db()
    assert case.title == "Endret"


# Optimistic concurrency ---------------------------------------------------------------------------


def test_a_stale_case_edit_is_refused_and_the_first_edit_kept(make_case, caseworker, health_personnel):
    case = on_team(make_case(caseworker), health_personnel)
    loaded = case.version
    services.update_case(case, caseworker, loaded, title="Først lagret")
    with pytest.raises(ConcurrentEditError) as err:
        services.update_case(case, health_personnel, loaded, title="Andre lagring")
    assert err.value.current.title == "Først lagret"
    case.refresh_from_db()
    assert case.title == "Først lagret"
    assert case.version == loaded + 1
    assert case.history.filter(title="Andre lagring").count() == 0


def test_a_stale_alternative_edit_is_refused(seed_case, caseworker, health_personnel):
    _, institution, _, _ = seed_case
    v = institution.version
    services.update_alternative(institution, caseworker, v, title="Institusjon, 3 uker")
    with pytest.raises(ConcurrentEditError):
        services.update_alternative(institution, health_personnel, v, title="Institusjon, 6 uker")
    institution.refresh_from_db()
    assert institution.title == "Institusjon, 3 uker"


def test_a_stale_assessment_edit_is_refused(make_case, caseworker):
    case = make_case(caseworker)
    alternative = case.alternatives.get()
    first = services.save_assessment(alternative, caseworker, None, scores(2, 2))
    services.save_assessment(alternative, caseworker, first.version, scores(3, 2))
    with pytest.raises(ConcurrentEditError):
        services.save_assessment(alternative, caseworker, first.version, scores(5, 5))
    # Creating again from a form that loaded no assessment is a conflict too, not a silent overwrite.
    with pytest.raises(ConcurrentEditError):
        services.save_assessment(alternative, caseworker, None, scores(1, 1))
    saved = Assessment.objects.get()
    assert (saved.benefit, saved.resources) == (3, 2)
    assert saved.severity is None  # the need's severity is the case's
    assert saved.version == 2


def test_a_phase_change_with_a_stale_version_is_refused(make_case, caseworker):
    case = prepared(make_case(caseworker), caseworker)
    services.change_phase(case, caseworker, case.version, Phase.PLAN, "Utredning")
    with pytest.raises(ConcurrentEditError):
        services.change_phase(case, caseworker, case.version, Phase.CARRY_OUT)
    case.refresh_from_db()
    assert case.phase == Phase.PLAN
    assert list(case.phase_changes.values_list("to_phase", flat=True)) == [Phase.PREPARE, Phase.PLAN]


def test_phase_change_records_who_from_to_and_note(make_case, caseworker):
    case = prepared(make_case(caseworker), caseworker)
    services.change_phase(case, caseworker, case.version, Phase.PLAN, "Alternativer utredes")
    change = case.phase_changes.order_by("-id").first()
    assert (change.from_phase, change.to_phase, change.note, change.changed_by) == (
        Phase.PREPARE,
        Phase.PLAN,
        "Alternativer utredes",
        caseworker,
    )


# History -------------------------------------------------------------------------------------------


def test_every_change_is_kept_with_who_made_it(seed_case, caseworker, health_personnel, assess):
    from prioritet.cases.selectors import case_timeline
    from prioritet.core.formatting import scale_word
    from prioritet.engine import Criterion

    case, _institution, home, _ = seed_case
    services.update_case(case, health_personnel, case.version, title="Lårhalsbrudd, 75 år")
    services.update_alternative(home, caseworker, home.version, description="Team to ganger daglig")
    assess(home, health_personnel, 5, 3)

    titles = list(case.history.order_by("history_id").values_list("title", "history_user"))
    assert titles[0] == ("Person på 75 år med lårhalsbrudd", caseworker.pk)
    assert titles[-1] == ("Lårhalsbrudd, 75 år", health_personnel.pk)
    assert home.history.count() == 2
    assessment = home.assessments.get(assessor=health_personnel)
    assert list(assessment.history.order_by("history_id").values_list("benefit", flat=True)) == [4, 5]

    timeline = case_timeline(case)
    newest = timeline[0]
    assert newest.user == health_personnel
    # Scores are shown with the guideline's scale word («4 – stor»), as everywhere else.
    assert [(c.old, c.new) for c in newest.changes] == [
        (scale_word(Criterion.BENEFIT, 4), scale_word(Criterion.BENEFIT, 5))
    ]
    renamed = next(e for e in timeline if any(c.new == "Lårhalsbrudd, 75 år" for c in e.changes))
    change = next(c for c in renamed.changes if c.new == "Lårhalsbrudd, 75 år")
    assert change.old == "Person på 75 år med lårhalsbrudd"


@pytest.mark.parametrize("app", ["cases", "accounts"])
def test_every_field_has_a_translatable_name(app):
    """The history timeline labels changes with the fields' verbose names: none may fall back to the
    English one Django makes from the attribute name («Assessor», «Started by»)."""
    from django.apps import apps
    from django.utils.functional import Promise

    untranslated = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields
        if field.name != "id" and not isinstance(field.verbose_name, Promise)
    ]
    assert not untranslated


# Decision rules -------------------------------------------------------------------------------------


def _decide(case, user, alternative, **kwargs):
    kwargs.setdefault("priority", "high")
    kwargs.setdefault("justification", "Samlet vurdering.")
    kwargs.setdefault("reassessment_due", future())
    return services.decide(case, user, case.version, alternative=alternative, **kwargs)


def test_choosing_the_suggested_alternative_needs_no_departure_reason(seed_case, caseworker):
    case, _, home, _ = seed_case
    decision = _decide(case, caseworker, home)
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    assert case.reassessment_due == decision.reassessment_due
    assert decision.level == Level.INDIVIDUAL
    assert decision.weight_version.number == 1
    assert decision.decided_by == caseworker
    assert next(s["title"] for s in decision.suggestion) == "Rehabiliteringsteam i hjemmet"


def test_departing_from_the_suggestion_requires_a_reason(seed_case, caseworker):
    case, institution, _, _ = seed_case
    with pytest.raises(ValidationError) as err:
        _decide(case, caseworker, institution)
    assert "departure_reason" in err.value.message_dict
    assert not Decision.objects.exists()
    case.refresh_from_db()
    assert case.status == Status.OPEN
    decision = _decide(case, caseworker, institution, departure_reason="Bor alene uten tilsyn om natten.")
    assert decision.departure_reason


def test_no_action_requires_confirmed_forsvarlighet_with_justification(seed_case, caseworker):
    case, _, _, no_action = seed_case
    base = {"departure_reason": "Søker trakk søknaden."}
    with pytest.raises(ValidationError) as err:
        _decide(case, caseworker, no_action, **base)
    assert {"forsvarlighet_confirmed", "forsvarlighet_justification"} <= set(err.value.message_dict)
    with pytest.raises(ValidationError) as err:
        _decide(case, caseworker, no_action, forsvarlighet_confirmed=True, **base)
    assert set(err.value.message_dict) == {"forsvarlighet_justification"}
    assert not Decision.objects.exists()
    decision = _decide(
        case,
        caseworker,
        no_action,
        forsvarlighet_confirmed=True,
        forsvarlighet_justification="Trygghetsalarm og hjemmesykepleie dekker behovet.",
        **base,
    )
    assert decision.forsvarlighet_confirmed


def test_an_alternative_that_reduces_a_service_requires_forsvarlighet(make_case, leader, assess):
    case = make_case(leader, level=Level.SERVICE)
    cut = services.add_alternative(case, leader, title="Stenge én dag", reduces_service=True)
    assess(cut, leader, 4, 1)
    assess(case.alternatives.get(kind=AlternativeKind.NO_ACTION), leader, 1, 3)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as err:
        _decide(case, leader, cut)
    assert "forsvarlighet_confirmed" in err.value.message_dict
    _decide(case, leader, cut, forsvarlighet_confirmed=True, forsvarlighet_justification="Forsvarlig fordi …")


def test_a_case_affecting_children_requires_the_childs_best_interest(make_case, caseworker, assess):
    case = make_case(caseworker, child_affected=True)
    alternative = services.add_alternative(case, caseworker, title="Avlastning")
    assess(alternative, caseworker, 4, 2)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as err:
        _decide(case, caseworker, alternative)
    assert set(err.value.message_dict) == {"child_best_interest"}
    decision = _decide(case, caseworker, alternative, child_best_interest="Barnet trenger stabile rammer.")
    assert decision.child_best_interest


def test_a_decision_needs_an_assessment_and_a_future_reassessment_date(make_case, caseworker, assess):
    import datetime

    case = make_case(caseworker)
    alternative = services.add_alternative(case, caseworker, title="Tiltak")
    case.refresh_from_db()
    with pytest.raises(ValidationError) as err:
        _decide(case, caseworker, alternative)
    assert "__all__" in err.value.message_dict
    assess(alternative, caseworker, 4, 2)
    with pytest.raises(ValidationError) as err:
        _decide(case, caseworker, alternative, reassessment_due=datetime.date(2000, 1, 1))
    assert "reassessment_due" in err.value.message_dict


def test_a_decision_needs_the_needs_severity(make_case, caseworker, assess):
    case = make_case(caseworker, severity=None)
    alternative = services.add_alternative(case, caseworker, title="Tiltak")
    assess(alternative, caseworker, 4, 2)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as err:
        _decide(case, caseworker, alternative)
    assert err.value.message_dict["__all__"] == ["Vurder behovets alvorlighet (på saken) før saken kan avgjøres."]
    case = services.update_case(case, caseworker, case.version, severity=4, severity_justification="Høy.")
    assert _decide(case, caseworker, alternative).priority == "high"


def test_the_needs_severity_is_a_score_1_to_5(make_case, caseworker):
    case = make_case(caseworker)
    with pytest.raises(ValidationError) as err:
        services.update_case(case, caseworker, case.version, severity=6)
    assert "severity" in err.value.message_dict


def test_a_decision_on_a_changed_basis_is_refused(seed_case, caseworker, health_personnel, assess):
    from prioritet.cases.judgment import combined_judgment

    case, _, home, _ = seed_case
    seen = combined_judgment(case).signature
    assess(home, health_personnel, 2, 5)  # someone changes an assessment after the page was loaded
    with pytest.raises(ConcurrentEditError):
        _decide(case, caseworker, home, signature=seen)
    assert not Decision.objects.exists()


def test_a_decision_with_a_stale_case_version_is_refused(seed_case, caseworker):
    case, _, home, _ = seed_case
    stale = case.version
    services.update_case(case, caseworker, stale, description="Ny opplysning")
    with pytest.raises(ConcurrentEditError):
        services.decide(
            case,
            caseworker,
            stale,
            alternative=home,
            priority="high",
            justification="x",
            reassessment_due=future(),
        )
    assert not Decision.objects.exists()


# A decided case is read-only; reassessment reopens it -------------------------------------------------


def test_a_decided_case_is_read_only(seed_case, caseworker, assess):
    case, _, home, _ = seed_case
    _decide(case, caseworker, home)
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.update_case(case, caseworker, case.version, title="Endret etter vedtak")
    with pytest.raises(ValidationError):
        services.add_alternative(case, caseworker, title="Nytt")
    with pytest.raises(ValidationError):
        services.update_alternative(home, caseworker, home.version, title="Endret")
    with pytest.raises(ValidationError):
        assess(home, caseworker, 1, 1)
    with pytest.raises(ValidationError):
        _decide(case, caseworker, home)
    case.refresh_from_db()
    assert case.title == "Person på 75 år med lårhalsbrudd"
    assert Decision.objects.count() == 1
    assert home.assessments.get(assessor=caseworker).benefit == 4


def test_reassessment_reopens_the_case_and_keeps_the_old_decision(seed_case, caseworker, assess):
    case, institution, home, _ = seed_case
    first = _decide(case, caseworker, home)
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.start_reassessment(case, caseworker, "  ")
    reassessment = services.start_reassessment(case, caseworker, "Ny funksjonsvurdering fra fysioterapeut")
    assert isinstance(reassessment, Reassessment)
    assert reassessment.previous_decision == first
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.reassessment_due is None
    # Open again: assessments can change and a new decision is made; the first one is untouched.
    assess(institution, caseworker, 5, 4)
    case.refresh_from_db()
    second = _decide(case, caseworker, institution, departure_reason="Trenger døgnoppfølging.")
    first.refresh_from_db()
    assert first.alternative == home
    assert list(case.decisions.order_by("decided_at", "id")) == [first, second]
    with pytest.raises(ValidationError):
        services.start_reassessment(Case.objects.get(pk=case.pk), caseworker, "")


def test_only_decided_cases_can_be_reassessed(make_case, caseworker):
    case = make_case(caseworker)
    with pytest.raises(ValidationError):
        services.start_reassessment(case, caseworker, "Ny informasjon")
    assert not Reassessment.objects.exists()


def test_archive_instead_of_delete(make_case, caseworker):
    case = make_case(caseworker)
    services.set_archived(case, caseworker, case.version, True)
    case.refresh_from_db()
    assert case.archived
    assert Case.objects.filter(pk=case.pk).exists()
    assert Alternative.objects.filter(case=case).exists()
