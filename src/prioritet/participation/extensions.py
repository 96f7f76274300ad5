"""What the app adds to a case through the cases app's extension points: a section and history entries."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prioritet.cases import policy as case_policy
from prioritet.cases.extensions import Place
from prioritet.cases.models import Case
from prioritet.cases.selectors import history_entries
from prioritet.cases.timeline import TimelineEntry
from prioritet.core.home import HomeItem, HomePanel, first_items

from . import policy, selectors
from .models import ResponseStatus, Round


def section_context(case: Case, user, place: Place) -> Mapping[str, Any] | None:
    """The case page lists the rounds; the saksframlegg and the public page summarise the closed ones."""
    if case.level not in policy.ROUND_LEVELS:
        return None
    if place == Place.CASE:
        if not policy.can_view(user, case):
            return None
        rounds = list(selectors.rounds_of(case))
        can_manage = policy.can_manage(user, case)
        if not rounds and not can_manage:
            return None
        return {"rounds": rounds, "can_manage": can_manage, "case": case}
    summaries = selectors.closed_summaries(case)
    if not summaries:
        return None
    return {"summaries": summaries, "public": place == Place.PUBLIC}


def _subject(record) -> str:
    return _("Consultation round «%(question)s»") % {"question": Truncator(record.question).chars(60)}


def timeline(case: Case) -> list[TimelineEntry]:
    """Round opened and changed (from its history), and closed with the number of answers."""
    records = list(Round.history.filter(case_id=case.pk).select_related("history_user"))
    entries = history_entries(records, Round, _subject)
    rounds = (
        Round.objects.filter(case=case)
        .select_related("created_by")
        .annotate(
            answers=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED)),
            verified_answers=Count(
                "responses", filter=Q(responses__status=ResponseStatus.SUBMITTED, responses__verified=True)
            ),
        )
    )
    for round_ in rounds:
        if round_.is_closed:
            entries.append(
                TimelineEntry(
                    at=round_.closes_at,
                    # The deadline passed on its own: the entry names the person who opened the round.
                    user=round_.created_by,
                    subject=_subject(round_),
                    action=_("closed"),
                    note=_("%(answers)d answers, %(verified)d of them from invited groups")
                    % {"answers": round_.answers, "verified": round_.verified_answers},
                )
            )
    return entries


def open_rounds_home(user: Any, today: datetime.date) -> HomePanel | None:
    """The open consultation rounds the user opened (and owns), soonest deadline first, with their answers.

    Invitations go to groups by a personal link, not to users, so no round waits for a user's answer.
    """
    managed = [level for level in policy.ROUND_LEVELS if user.role in policy.MANAGERS[level]]
    if not managed or not case_policy.readable_levels(user):
        return None
    now = timezone.now()
    rounds = (
        Round.objects.for_municipality(user.municipality)
        .filter(created_by=user, case__level__in=managed, deadline__gt=now)
        .filter(Q(closed_early_at__isnull=True) | Q(closed_early_at__gt=now))
        .select_related("case")
        .annotate(answers=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED)))
        .order_by("deadline", "id")
    )
    items, count = first_items(
        rounds,
        lambda round_: HomeItem(
            round_.case.title,
            reverse("participation:round", args=[round_.case_id, round_.pk]),
            timezone.localdate(round_.deadline),
            ngettext("%(count)s answer", "%(count)s answers", round_.answers) % {"count": round_.answers},
        ),
    )
    return HomePanel(
        "rounds",
        _("Your open consultation rounds"),
        items=items,
        count=count,
        empty=_("You have no consultation round open."),
        order=50,
    )


#: At most this many open consultations are listed on the public page (the soonest deadlines first).
PUBLIC_LISTED = 20


def public_rounds(municipality: Any) -> Mapping[str, Any] | None:
    """The municipality's rounds open to citizens now (public link on), for its public page.

    Only what the public answer page shows anyway: the case's title, the question, the deadline and
    the public link, which is made to be spread. Rounds without a public link consult invited groups
    only and are not listed.
    """
    now = timezone.now()
    rounds = list(
        Round.objects.for_municipality(municipality)
        .filter(public_enabled=True, public_token__isnull=False, deadline__gt=now)
        .filter(Q(closed_early_at__isnull=True) | Q(closed_early_at__gt=now))
        .select_related("case")
        .order_by("deadline", "id")[:PUBLIC_LISTED]
    )
    if not rounds:
        return None
    return {
        "rounds": [
            {
                "title": round_.case.title,
                "question": Truncator(round_.question).chars(300),
                "deadline": round_.deadline,
                "url": reverse("participation:answer", args=[round_.public_token]),
            }
            for round_ in rounds
        ]
    }
