"""The person's and the relatives' voice in an individual case (medvirkning), and barnets beste.

Pasient- og brukerrettighetsloven § 3-1 gives the person the right to take part in choosing between
the available alternatives, and the service shall be shaped together with them «as far as possible».
The guideline counts the burden on relatives (pårørende) as a resource. Helsepersonelloven § 10 a and
Grunnloven § 104 make the best interest of children a fundamental consideration, children who are
relatives of the person included. So every individual case records:

* what matters to the person («hva er viktig for deg?»), the relatives' view and their burden;
* the person's own view of each alternative;
* the answer to the children question — are children affected, also as relatives, and how is their
  best interest assessed? — which must be answered before the case can be decided
  (:func:`decision_errors`, asked by :func:`prioritet.cases.services.choice_errors`).

Only individual cases have a voice: service and political cases hear people through consultation
rounds (the participation app). Reads and writes go through the case's rules (logged reads, the team,
an open case for changes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prioritet.core.concurrency import ConcurrentEditError, compare_and_swap, save_with_history

from . import policy
from .models import Alternative, AlternativeView, Case, ChildrenAnswer, Level, PersonVoice

#: The fields of :class:`PersonVoice` a person edits (the case and the version are the service's).
VOICE_FIELDS = ("what_matters", "relatives_view", "relatives_burden", "children", "children_assessment")


def voice_of(case: Case) -> PersonVoice | None:
    """The case's recorded voice, or ``None`` (nothing recorded yet, or not an individual case)."""
    if case.level != Level.INDIVIDUAL:
        return None
    return PersonVoice.objects.filter(case=case).first()


def views_of(case: Case) -> dict[int, str]:
    """The person's view of each alternative of ``case``, by alternative id (only those given)."""
    return {
        view.alternative_id: view.view
        for view in AlternativeView.objects.filter(alternative__case=case).only("alternative_id", "view")
        if view.view.strip()
    }


def decision_errors(case: Case) -> list[str]:
    """Why ``case`` cannot be decided yet as far as the children question goes (empty: it can)."""
    if case.level != Level.INDIVIDUAL:
        return []
    voice = voice_of(case)
    if voice is None or not voice.children_answered:
        return [
            _(
                "Answer the question about children on the person's voice first: are children affected, "
                "also as relatives, and how is their best interest assessed?"
            )
        ]
    return []


def children_affected(case: Case) -> bool:
    """Children are affected: the case's checkbox, or the answer to the individual case's question."""
    if case.child_affected:
        return True
    voice = voice_of(case)
    return voice is not None and voice.children_affected


@transaction.atomic
def save_voice(
    case: Case,
    user,
    version: int | None,
    data: Mapping[str, Any],
    views: Mapping[int, str] | None = None,
) -> PersonVoice:
    """Record the person's and the relatives' voice and the children answer; ``views`` by alternative id.

    ``version`` is the voice's version the user saw (``None`` when there was none yet); a change made by
    someone else since is a :class:`~prioritet.core.concurrency.ConcurrentEditError`. Only an open
    individual case takes it: a decided case is reopened by a reassessment (or a complaint) first.
    """
    if case.level != Level.INDIVIDUAL:
        raise ValidationError(_("Only individual cases record the person's voice."), code="level")
    _require_work_on_open_case(user, case)
    errors: dict[str, list[str]] = {}
    children = data.get("children", "")
    if children and children not in ChildrenAnswer.values:
        errors.setdefault("children", []).append(_("Choose one of the answers."))
    if children == ChildrenAnswer.AFFECTED and not str(data.get("children_assessment", "")).strip():
        errors.setdefault("children_assessment", []).append(
            _("Children are affected: say how their best interest is assessed.")
        )
    if errors:
        raise ValidationError(errors)
    existing = PersonVoice.objects.filter(case=case).first()
    if existing is None:
        if version is not None:
            raise ValidationError({NON_FIELD_ERRORS: [_("The voice was removed; reload the page.")]})
        voice = PersonVoice(case=case, created_by=user)
    else:
        if version is None:
            raise ConcurrentEditError(existing)
        voice = compare_and_swap(PersonVoice, existing.pk, version)
    for name in VOICE_FIELDS:
        if name in data:
            value = data[name]
            setattr(voice, name, value.strip() if isinstance(value, str) else value)
    save_with_history(voice, user)
    if views:
        _save_views(case, user, views)
    return voice


def _require_work_on_open_case(user, case: Case) -> None:
    """The rule of :func:`prioritet.cases.services.require_work_on_open_case` (services imports this module)."""
    if not policy.can_work(user, case):
        raise PermissionDenied(_("You cannot change cases at this level."))
    if Case.objects.select_for_update().get(pk=case.pk).is_decided:
        raise ValidationError(
            _("The case is decided and can no longer be changed. Start a reassessment to reopen it."),
            code="decided",
        )


def _save_views(case: Case, user, views: Mapping[int, str]) -> None:
    alternatives = {a.pk: a for a in Alternative.objects.filter(case=case, archived=False, pk__in=list(views))}
    existing = {v.alternative_id: v for v in AlternativeView.objects.filter(alternative__in=alternatives.values())}
    for pk, text in views.items():
        alternative = alternatives.get(pk)
        if alternative is None:
            continue
        text = (text or "").strip()
        current = existing.get(pk)
        if current is None:
            if not text:
                continue
            current = AlternativeView(alternative=alternative, created_by=user)
        elif current.view == text:
            continue
        current.view = text
        try:
            save_with_history(current, user)
        except ValidationError as err:
            raise ValidationError({f"view_{pk}": err.messages}) from err
