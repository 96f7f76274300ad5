"""Every write of the example bank, each in one transaction.

Rules enforced here, not only in the forms:

* only a decided case is shared, with the decision in force (and the one the publisher saw);
* only the role that decides a level shares it, from its own municipality (:mod:`.policy`);
* a case is in the bank at most once at a time (withdraw the example to share it again);
* an individual case enters only de-identified: the publisher's rewritten texts, an explicit
  confirmation, no text that looks identifying (:mod:`.deidentify`), no municipality name, never the
  case reference; the database refuses an individual example without the confirmation too;
* a new case from an example is made through the cases app's services, as any new case is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prioritet.accounts.models import ServiceArea
from prioritet.cases import policy as case_policy
from prioritet.cases import selectors as case_selectors
from prioritet.cases import services as case_services
from prioritet.cases.models import Case, Level, Status

from . import deidentify, policy, selectors
from .models import Example, ExampleAlternative

#: The texts of an individual example the publisher rewrites, and of each of its alternatives.
TEXT_FIELDS = ("title", "summary", "decision", "justification")
ALTERNATIVE_TEXT_FIELDS = ("title", "description", "conclusion")


def search_document(example: Example) -> str:
    """The example's searchable text: its own texts and its alternatives' titles and descriptions."""
    parts = [
        example.title,
        example.summary,
        example.justification,
        example.decision,
        example.service_area,
        example.lesson,
    ]
    for alternative in example.alternatives.all():
        parts += [alternative.title, alternative.description]
    return "\n".join(p.strip() for p in parts if p and p.strip()).lower()


def refresh_search_document(example: Example) -> None:
    """Keep ``search_document`` in step with the texts; call after any change of an example or its alternatives."""
    example.search_document = search_document(example)
    Example.objects.filter(pk=example.pk).update(search_document=example.search_document)


def _check_identifying(texts: Mapping[str, str], alternatives: Sequence[Mapping[str, str]], reference: str) -> None:
    errors: dict[str, list[str]] = {}
    for name, value in texts.items():
        found = deidentify.findings(value, case_reference=reference)
        if found:
            errors[name] = found
    for i, alternative in enumerate(alternatives):
        for name, value in alternative.items():
            found = deidentify.findings(value, case_reference=reference)
            if found:
                errors[f"alternatives-{i}-{name}"] = found
    if errors:
        raise ValidationError(errors, code="identifying")


@transaction.atomic
def publish_case(
    case: Case,
    user,
    *,
    decision_id: int | None = None,
    texts: Mapping[str, str] | None = None,
    alternative_texts: Sequence[Mapping[str, str]] | None = None,
    deidentified_confirmed: bool = False,
) -> Example:
    """Share the decided ``case`` in the bank and return the new example.

    Service and political cases are published as :func:`~.selectors.case_snapshot` shows them;
    ``texts`` and ``alternative_texts`` are ignored. An individual case needs the publisher's
    de-identified ``texts`` (:data:`TEXT_FIELDS`), one mapping of :data:`ALTERNATIVE_TEXT_FIELDS`
    per alternative of the snapshot, and ``deidentified_confirmed``. ``decision_id`` is the decision
    the publisher saw: if another has been made since, nothing is published.
    """
    locked = Case.objects.select_for_update(of=("self",)).select_related("municipality", "service_area").get(pk=case.pk)
    if not policy.can_publish(user, locked):
        raise PermissionDenied(_("Your role cannot share cases at this level in the example bank."))
    if locked.status != Status.DECIDED:
        raise ValidationError(_("Only a decided case can be shared in the example bank."), code="undecided")
    decision = case_selectors.current_decision(locked)
    if decision is None:  # pragma: no cover - a decided case always has a decision
        raise ValidationError(_("Only a decided case can be shared in the example bank."), code="undecided")
    if decision_id is not None and decision_id != decision.pk:
        raise ValidationError(
            _("A newer decision has been made since you opened the page. Look at the example again."), code="stale"
        )
    if selectors.published_example(locked) is not None:
        raise ValidationError(_("The case is already in the example bank."), code="published")

    snapshot = selectors.case_snapshot(locked, decision)
    alternatives = [dict(vars(a)) for a in snapshot.alternatives]
    example = Example(
        title=snapshot.title,
        summary=snapshot.summary,
        level=snapshot.level,
        service_area=snapshot.service_area,
        source_label=snapshot.source_label,
        size_class=snapshot.size_class,
        municipality=locked.municipality,
        source_case=locked,
        decision=snapshot.decision_text,
        priority=snapshot.priority,
        justification=snapshot.justification,
        published_by=user,
    )
    if locked.level == Level.INDIVIDUAL:
        texts = {name: (texts or {}).get(name, "").strip() for name in TEXT_FIELDS}
        given = list(alternative_texts or [])
        if len(given) != len(alternatives):
            raise ValidationError(_("Rewrite the texts of every alternative."), code="alternatives")
        rewritten = [{name: (g.get(name) or "").strip() for name in ALTERNATIVE_TEXT_FIELDS} for g in given]
        if not deidentified_confirmed:
            raise ValidationError(
                _("Confirm that the example is de-identified before it is shared."), code="not_confirmed"
            )
        _check_identifying(texts, rewritten, locked.case_reference)
        for name, value in texts.items():
            setattr(example, name, value)
        for alternative, new in zip(alternatives, rewritten, strict=True):
            alternative.update(new)
        example.source_label = ""
        example.deidentified_confirmed = True
    example.full_clean()
    example._history_user = user
    example.save()
    for position, data in enumerate(alternatives):
        alternative = ExampleAlternative(example=example, position=position, **data)
        alternative.full_clean()
        alternative._history_user = user
        alternative.save()
    refresh_search_document(example)
    return example


@transaction.atomic
def share_lesson(case: Case, user) -> Example:
    """Share what was learnt (the case's follow-up) in the example bank, in one step.

    The lesson is added to the case's example; a service or political case not yet in the bank is
    shared with it (as :func:`publish_case` does). An individual case enters the bank only
    de-identified, so it is shared through that page first, and its lesson must not look identifying.
    """
    if not policy.can_publish(user, case):
        raise PermissionDenied(_("Your role cannot share cases at this level in the example bank."))
    follow_up = case_selectors.follow_up_of(case)
    if follow_up is None or not follow_up.note.strip():
        raise ValidationError(
            _("Choose the outcome in «follow up» and write down what was learnt first."), code="no_lesson"
        )
    lesson = follow_up.note.strip()
    example = selectors.published_example(case)
    if example is None:
        if case.level == Level.INDIVIDUAL:
            raise ValidationError(
                _("An individual case enters the example bank only de-identified: share the case first."),
                code="individual",
            )
        example = publish_case(case, user)
    if example.level == Level.INDIVIDUAL:
        _check_identifying({"lesson": lesson}, [], case.case_reference)
    example.lesson = lesson
    example.full_clean()
    example._history_user = user
    example.save()
    refresh_search_document(example)
    return example


@transaction.atomic
def withdraw(example: Example, user) -> Example:
    """Take the example out of the bank. It stays in the history, with who withdrew it."""
    locked = Example.objects.select_for_update().get(pk=example.pk)
    if not policy.can_withdraw(user, locked):
        raise PermissionDenied(_("Only the publishing municipality or a national administrator can withdraw it."))
    if locked.withdrawn:
        raise ValidationError(_("The example is already withdrawn."), code="withdrawn")
    locked.withdrawn = True
    locked._history_user = user
    locked.save()
    return locked


def _no_action_consequence(example: Example) -> str:
    alternative = example.alternatives.filter(no_action=True).first()
    return alternative.description.strip() if alternative else ""


def template_defaults(example: Example, user) -> dict:
    """What the «use as a template» form starts with."""
    levels = case_policy.workable_levels(user)
    return {
        "title": example.title,
        "level": example.level if example.level in levels else (levels[0] if levels else ""),
        "no_action_consequence": _no_action_consequence(example),
    }


@transaction.atomic
def case_from_example(
    example: Example,
    user,
    *,
    level: str | None = None,
    title: str | None = None,
    no_action_consequence: str | None = None,
) -> Case:
    """Start a new open case in the user's municipality from ``example``: its texts and alternatives, no
    assessments and no decision.

    The example's «not start, postpone or end» alternative becomes the consequence of the new case's
    own one (every case has exactly one); examples without it need ``no_action_consequence``.
    """
    if not policy.can_use_as_template(user):
        raise PermissionDenied(_("Your role cannot create cases."))
    level = level or example.level
    consequence = (no_action_consequence or "").strip() or _no_action_consequence(example)
    starting_point = _("Starting point: example «%(title)s» from the example bank.") % {"title": example.title}
    description = "\n\n".join(p for p in (example.summary.strip(), starting_point) if p)
    service_area = None
    if example.service_area:
        service_area = ServiceArea.objects.filter(
            municipality=user.municipality, name__iexact=example.service_area
        ).first()
    case = case_services.create_case(
        user.municipality,
        user,
        no_action_consequence=consequence,
        level=level,
        title=(title or "").strip() or example.title,
        description=description,
        service_area=service_area,
    )
    for alternative in example.alternatives.filter(no_action=False).order_by("position", "pk"):
        case_services.add_alternative(case, user, title=alternative.title, description=alternative.description)
    return case
