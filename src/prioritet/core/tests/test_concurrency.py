"""Concurrency primitives: one of two saves from the same loaded version wins, and every save is recorded.

Each app's services test these rules for its own records; here they are shown once on their own,
on a real versioned model (a case), without any app's service around them.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from prioritet.cases.models import Case
from prioritet.core.concurrency import ConcurrentEditError, compare_and_swap, edit_versioned, save_with_history


def test_compare_and_swap_claims_the_next_version_and_returns_the_row(make_case, caseworker):
    case = make_case(caseworker)
    loaded = case.version
    fresh = compare_and_swap(Case, case.pk, loaded)
    assert isinstance(fresh, Case)
    assert fresh.pk == case.pk
    assert fresh.version == loaded + 1
    case.refresh_from_db()
    assert case.version == loaded + 1


def test_the_second_claim_of_the_same_version_is_refused_with_the_row_as_it_is_now(make_case, caseworker):
    case = make_case(caseworker)
    loaded = case.version
    first = compare_and_swap(Case, case.pk, loaded)
    first.title = "Først lagret"
    save_with_history(first, caseworker)
    with pytest.raises(ConcurrentEditError) as err:
        compare_and_swap(Case, case.pk, loaded)
    assert err.value.current.title == "Først lagret"
    assert err.value.current.version == loaded + 1
    assert f"Case {case.pk}" in str(err.value)
    case.refresh_from_db()
    assert case.version == loaded + 1


def test_save_with_history_names_the_user_and_the_reason(make_case, caseworker, leader):
    case = make_case(caseworker)
    case.title = "Endret tittel"
    save_with_history(case, leader, reason="Rettet skrivefeil")
    latest = case.history.latest()
    assert latest.title == "Endret tittel"
    assert latest.history_user == leader
    assert latest.history_change_reason == "Rettet skrivefeil"


def test_save_with_history_validates_first_and_writes_nothing_when_invalid(make_case, caseworker):
    case = make_case(caseworker)
    records = case.history.count()
    case.title = ""
    with pytest.raises(ValidationError) as err:
        save_with_history(case, caseworker)
    assert "title" in err.value.message_dict
    assert Case.objects.get(pk=case.pk).title
    assert case.history.count() == records


def test_save_with_history_leaves_out_the_excluded_fields_from_validation(make_case, caseworker):
    case = make_case(caseworker)
    case.title = ""
    with pytest.raises(ValidationError):
        save_with_history(case, caseworker)
    save_with_history(case, caseworker, exclude=["title"])
    assert Case.objects.get(pk=case.pk).title == ""


def test_edit_versioned_sets_the_fields_and_records_who_in_the_history(make_case, caseworker, leader):
    case = make_case(caseworker)
    edited = edit_versioned(Case, case.pk, case.version, leader, {"title": "Ny tittel", "description": "Mer"})
    stored = Case.objects.get(pk=case.pk)
    assert (stored.title, stored.description, stored.version) == ("Ny tittel", "Mer", case.version + 1)
    assert edited.history.latest().history_user == leader


def test_edit_versioned_on_a_stale_version_writes_nothing(make_case, caseworker):
    case = make_case(caseworker)
    edit_versioned(Case, case.pk, case.version, caseworker, {"title": "Først"})
    records = case.history.count()
    with pytest.raises(ConcurrentEditError):
        edit_versioned(Case, case.pk, case.version, caseworker, {"title": "Sist"})
    assert Case.objects.get(pk=case.pk).title == "Først"
    assert case.history.count() == records
