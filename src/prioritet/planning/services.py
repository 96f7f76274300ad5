"""Write logic of the annual wheel: plan periods, milestones, a case's plan, the feed, reminders."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from prioritet.accounts.models import Municipality, Role, User
from prioritet.cases.extensions import due_items
from prioritet.cases.models import Case, Level, Status
from prioritet.core.concurrency import compare_and_swap, edit_versioned, save_with_history
from prioritet.core.tenancy_db import task_scope

from .models import CalendarFeed, CasePlan, Milestone, PlanPeriod, ReminderKind, SentReminder, new_feed_token

logger = logging.getLogger(__name__)


def create_plan(municipality: Municipality, user: User, **fields: Any) -> PlanPeriod:
    plan = PlanPeriod(municipality=municipality, created_by=user, **fields)
    save_with_history(plan, user)
    return plan


@transaction.atomic
def edit_plan(plan: PlanPeriod, user: User, version: int, **fields: Any) -> PlanPeriod:
    return edit_versioned(PlanPeriod, plan.pk, version, user, fields)


def add_milestone(plan: PlanPeriod, user: User, **fields: Any) -> Milestone:
    milestone = Milestone(municipality_id=plan.municipality_id, plan=plan, created_by=user, **fields)
    save_with_history(milestone, user)
    return milestone


@transaction.atomic
def edit_milestone(milestone: Milestone, user: User, version: int, **fields: Any) -> Milestone:
    return edit_versioned(Milestone, milestone.pk, version, user, fields)


@transaction.atomic
def link_case(case: Case, user: User, plan: PlanPeriod, milestone: Milestone | None, version: int | None) -> CasePlan:
    """Tie the case to a plan (and milestone); ``version`` is the link's as loaded, None for a new link."""
    if plan.municipality_id != case.municipality_id or (
        milestone is not None and milestone.municipality_id != case.municipality_id
    ):
        raise PermissionDenied("plan of another municipality")
    existing = CasePlan.objects.filter(case=case).first()
    if existing is None:
        link = CasePlan(case=case, plan=plan, milestone=milestone, created_by=user)
    else:
        link = compare_and_swap(CasePlan, existing.pk, version if version is not None else 0)
        link.plan, link.milestone = plan, milestone
    save_with_history(link, user)
    return link


def renew_feed(municipality: Municipality, user: User) -> CalendarFeed:
    """Give the calendar feed a new secret address; the old one stops working at once."""
    feed, created = CalendarFeed.objects.get_or_create(municipality=municipality, defaults={"renewed_by": user})
    if not created:
        feed.token = new_feed_token()
        feed.renewed_by = user
        feed.save(update_fields=["token", "renewed_by", "renewed_at"])
    return feed


@dataclass(frozen=True)
class Reminder:
    """One e-mail to one person."""

    kind: ReminderKind
    municipality: Municipality
    subject_id: int
    due: datetime.date
    recipient: User
    subject: str
    body: str


def _address(path: str) -> str:
    return settings.PRIORITET_SITE_URL.rstrip("/") + path


def _reassessment_reminders(municipality: Municipality, today: datetime.date, days: int) -> list[Reminder]:
    """Decided cases whose reassessment is due within ``days`` (or overdue), to the person who made the case.

    The e-mail names the case by its number and reference only: no title, no health information, since
    e-mail leaves the municipality's systems.
    """
    limit = today + datetime.timedelta(days=days)
    cases = (
        Case.objects.for_municipality(municipality)
        .filter(status=Status.DECIDED, archived=False, reassessment_due__isnull=False, reassessment_due__lte=limit)
        .select_related("created_by")
    )
    reminders = []
    for case in cases:
        person = case.created_by
        if not (person.is_active and person.email and person.municipality_id == municipality.pk):
            continue
        name = case.case_reference or f"#{case.pk}"
        reminders.append(
            Reminder(
                ReminderKind.REASSESSMENT,
                municipality,
                case.pk,
                case.reassessment_due,
                person,
                _("Prioritet: case %(case)s is due for reassessment") % {"case": name},
                _(
                    "The decision in case %(case)s is to be reassessed by %(due)s.\n\n"
                    "Open the case: %(url)s\n\nThis reminder is sent once."
                )
                % {
                    "case": name,
                    "due": case.reassessment_due.strftime("%d.%m.%Y"),
                    "url": _address(reverse("cases:detail", args=[case.pk])),
                },
            )
        )
    return reminders


def _evaluation_reminders(municipality: Municipality, today: datetime.date, days: int) -> list[Reminder]:
    """Evaluations due within ``days`` (or overdue) of the active cases, to the person who made the case.

    The items come from the apps built on cases (``due_sources``: the effects app's expected effects),
    since the annual wheel does not know them; one e-mail per case and date, naming the case by number.
    """
    limit = today + datetime.timedelta(days=days)
    cases = Case.objects.for_municipality(municipality).filter(archived=False).select_related("created_by")
    seen: set[tuple[int, datetime.date]] = set()
    reminders = []
    for item in due_items(cases, limit):
        if item.kind != "evaluation" or (item.case.pk, item.due) in seen:
            continue
        seen.add((item.case.pk, item.due))
        person = item.case.created_by
        if not (person.is_active and person.email and person.municipality_id == municipality.pk):
            continue
        name = item.case.case_reference or f"#{item.case.pk}"
        reminders.append(
            Reminder(
                ReminderKind.EVALUATION,
                municipality,
                item.case.pk,
                item.due,
                person,
                _("Prioritet: case %(case)s is due for evaluation") % {"case": name},
                _(
                    "The expected effects of case %(case)s are to be evaluated by %(due)s.\n\n"
                    "Open the case: %(url)s\n\nThis reminder is sent once."
                )
                % {
                    "case": name,
                    "due": item.due.strftime("%d.%m.%Y"),
                    "url": _address(reverse("cases:detail", args=[item.case.pk])),
                },
            )
        )
    return reminders


def _milestone_reminders(municipality: Municipality, today: datetime.date, days: int) -> list[Reminder]:
    """Milestones within ``days``, to the municipal director's staff and leaders, with the cases feeding each."""
    limit = today + datetime.timedelta(days=days)
    milestones = Milestone.objects.for_municipality(municipality).filter(due__gte=today, due__lte=limit)
    people = User.objects.filter(
        municipality=municipality, role__in=[Role.DIRECTOR, Role.LEADER], is_active=True
    ).exclude(email="")
    reminders = []
    for milestone in milestones.select_related("plan"):
        feeding = CasePlan.objects.filter(milestone=milestone, case__level__in=[Level.SERVICE, Level.POLITICAL])
        count = feeding.filter(case__status=Status.OPEN).count()
        for person in people:
            reminders.append(
                Reminder(
                    ReminderKind.MILESTONE,
                    municipality,
                    milestone.pk,
                    milestone.due,
                    person,
                    _("Prioritet: %(milestone)s on %(due)s")
                    % {
                        "milestone": milestone.name,
                        "due": milestone.due.strftime("%d.%m.%Y"),
                    },
                    _(
                        "%(milestone)s (%(plan)s) is on %(due)s. %(count)s open cases feed it.\n\n"
                        "The annual wheel: %(url)s\n\nThis reminder is sent once."
                    )
                    % {
                        "milestone": milestone.name,
                        "plan": milestone.plan.name,
                        "due": milestone.due.strftime("%d.%m.%Y"),
                        "count": count,
                        "url": _address(reverse("planning:calendar")),
                    },
                )
            )
    return reminders


def send_reminders(today: datetime.date, *, days: int | None = None) -> int:
    """Send every due reminder not sent before, for every municipality; returns how many were sent.

    Each reminder is recorded before its e-mail goes, in its own transaction, so a second run (a
    retried task, two workers) skips it; an e-mail that fails is logged and its record removed, so
    the next run tries again.
    """
    days = settings.PRIORITET_REMINDER_DAYS if days is None else days
    sent = 0
    for municipality in Municipality.objects.order_by("pk"):
        with task_scope(municipality.pk):
            sent += _send_for(municipality, today, days)
    return sent


def _send_for(municipality: Municipality, today: datetime.date, days: int) -> int:
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        due = (
            _reassessment_reminders(municipality, today, days)
            + _evaluation_reminders(municipality, today, days)
            + _milestone_reminders(municipality, today, days)
        )
    for reminder in due:
        try:
            with transaction.atomic():
                record = SentReminder.objects.create(
                    municipality=reminder.municipality,
                    kind=reminder.kind,
                    subject_id=reminder.subject_id,
                    due=reminder.due,
                    recipient=reminder.recipient,
                )
        except IntegrityError:
            continue  # sent before
        try:
            send_mail(reminder.subject, reminder.body, None, [reminder.recipient.email])
        except OSError:
            logger.exception(
                "reminder %s %s to user %s not sent", reminder.kind, reminder.subject_id, reminder.recipient.pk
            )
            record.delete()
            continue
        sent += 1
    return sent
