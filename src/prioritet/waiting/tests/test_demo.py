"""``load_demo`` gives the demo municipality waiting lists with capacity, and their own figures."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from prioritet.accounts.models import Municipality
from prioritet.indicators.models import IndicatorValue
from prioritet.waiting import selectors
from prioritet.waiting.models import WaitingEntry, WaitingService


@pytest.mark.django_db
def test_the_demo_has_waiting_lists_with_a_free_place_and_their_own_figures():
    call_command("load_demo", stdout=StringIO())
    demo = Municipality.objects.get(number="9999")
    nursing_home = WaitingService.objects.get(municipality=demo, name="Langtidsplass i sykehjem")
    listed = selectors.waiting_list(nursing_home)
    assert len(listed.rows) == 7
    assert all(row.position for row in listed.rows)
    assert listed.occupancy.free == 1
    assert listed.suggestion is listed.rows[0]
    assert listed.rows[0].entry.case.case_reference == "DEMO-VL-101"
    rehabilitation = selectors.waiting_list(WaitingService.objects.get(municipality=demo, unit="hours"))
    assert rehabilitation.suggestion is not None
    figures = IndicatorValue.objects.filter(
        municipality=demo, definition__key__startswith=f"waiting-{nursing_home.pk}-"
    )
    assert figures.exists()
    assert all(figures.values_list("demo", flat=True))
    count = WaitingEntry.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert WaitingEntry.objects.count() == count
