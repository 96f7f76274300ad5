from __future__ import annotations

from icalendar import Calendar

from prioritet.planning import services
from prioritet.planning.models import CalendarFeed

RENEW = {"renew": "True"}


def test_the_municipal_administrator_makes_the_secret_address_and_a_calendar_program_reads_it(
    client, login_client, municipal_admin, leader, service_case, budget, proposal
):
    services.link_case(service_case, leader, budget, proposal, None)
    assert login_client(municipal_admin).post("/plans/feed/", RENEW).status_code == 302
    feed = CalendarFeed.objects.get()
    response = client.get(f"/plans/feed/{feed.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Kommunedirektørens forslag (Budsjett 2027)"]
    assert events[0].decoded("DTSTART") == proposal.due
    # Milestones only: no case is named in a file that leaves the product.
    assert b"Dagsenter" not in response.content


def test_a_new_address_stops_the_old_one(client, login_client, municipal_admin, proposal):
    admin = login_client(municipal_admin)
    admin.post("/plans/feed/", RENEW)
    old = CalendarFeed.objects.get().token
    admin.post("/plans/feed/", RENEW)
    new = CalendarFeed.objects.get().token
    assert new != old
    assert client.get(f"/plans/feed/{old}.ics").status_code == 404
    assert client.get(f"/plans/feed/{new}.ics").status_code == 200


def test_only_the_municipal_administrator_gives_the_calendar_an_address(login_client, director, leader):
    assert login_client(director).post("/plans/feed/", RENEW).status_code == 403
    assert login_client(leader).get("/plans/feed/").status_code == 200
    assert not CalendarFeed.objects.exists()


def test_a_post_without_the_buttons_field_changes_nothing(login_client, municipal_admin):
    assert login_client(municipal_admin).post("/plans/feed/").status_code == 302
    assert not CalendarFeed.objects.exists()
