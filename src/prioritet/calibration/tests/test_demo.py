from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from prioritet.accounts.models import Municipality, User
from prioritet.calibration import demo, selectors
from prioritet.calibration.models import Exercise
from prioritet.examples.models import Example


def test_demo_is_idempotent_and_gives_results(db, login_client):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    municipality = Municipality.objects.get(number="9999")
    closed = Exercise.objects.get(municipality=municipality, title=demo.CLOSED_TITLE)
    still_open = Exercise.objects.get(municipality=municipality, title=demo.OPEN_TITLE)
    assert Exercise.objects.filter(municipality=municipality).count() == 2
    assert closed.is_closed
    assert still_open.is_open
    result = selectors.results(selectors.get_exercise(municipality, closed.pk))
    assert len(result.raters) == 5
    assert result.overall.value is not None
    assert -1 < result.overall.value < 1
    # The worked cases are used once, whether the bank's migration added them or the demo did.
    for title in (demo.HIP, demo.LARVIKSHJELPA, demo.DEMENTIA):
        assert Example.objects.filter(title=title).count() == 1
    # The demo leader sees the results page with the group's alpha.
    page = login_client(User.objects.get(username="demo-leder")).get(reverse("calibration:results", args=[closed.pk]))
    assert f"{result.overall.value:.3f}".replace(".", ",") in page.content.decode()
    # A demo participant of the open exercise can open the rating sheet.
    rater = User.objects.get(username="demo-saksbehandler")
    assert login_client(rater).get(reverse("calibration:rate", args=[still_open.pk])).status_code == 200
