"""Every write of the participation app, each in one transaction.

Rules enforced here, not only in the forms:

* only the roles in :mod:`.policy` open and close rounds, on service and political cases only;
* links are ``secrets.token_urlsafe(32)``; only their SHA-256 digest is stored, and a new link
  replaces the old one (which stops working at once);
* an answer can be saved and changed until the round closes, and submitted once. A double submit
  stores one answer: the invitation row is locked (``select_for_update``) and every answer has a
  unique form key, so two concurrent requests for one form find the same row on PostgreSQL too.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from prioritet.cases.models import Case
from prioritet.cases.selectors import alternatives_of
from prioritet.core.concurrency import compare_and_swap
from prioritet.core.records import TaskStatus

from . import policy
from .models import (
    ERROR_MAX,
    Group,
    Invitation,
    InvitationEmail,
    InvitationState,
    Response,
    ResponseScore,
    ResponseStatus,
    Round,
    digest,
)

#: At most this many invitations in one round: a round consults councils and organisations.
MAX_INVITATIONS = 50


def new_token() -> str:
    """An unguessable link token (256 bits), safe in a URL path."""
    return secrets.token_urlsafe(32)


class RoundClosedError(Exception):
    """The round closed (deadline passed or closed early) before the answer was saved."""

    def __init__(self, round_: Round) -> None:
        super().__init__(f"round {round_.pk} is closed")
        self.round = round_


class AlreadySubmittedError(Exception):
    """The link's answer was submitted before, from another form: a link answers once."""

    def __init__(self, response: Response) -> None:
        super().__init__(f"answer {response.pk} was submitted at {response.submitted_at}")
        self.response = response


@dataclass
class IssuedLink:
    """An invitation with the token of its link: the only moment the token exists in the clear."""

    invitation: Invitation
    token: str


@dataclass
class ScoreData:
    """The view of one alternative: benefit (the gain compared with no action) and resources."""

    benefit: int | None = None
    resources: int | None = None
    why: str = ""


@dataclass
class AnswerData:
    speaks_for: str = ""
    free_text: str = ""
    #: The severity of the need, once per answer: the same for every alternative (None: «vet ikke»).
    severity: int | None = None
    severity_why: str = ""
    #: Alternative pk → the respondent's view of it.
    scores: Mapping[int, ScoreData] = field(default_factory=dict)


def _require_manage(user, case: Case) -> None:
    if not policy.can_manage(user, case):
        raise PermissionDenied(_("Your role cannot open or close consultation rounds on this case."))


def _save(instance: models.Model, user=None, *, db_checks_unique: bool = False) -> None:
    """Validate and save with history. ``db_checks_unique`` leaves uniqueness to the database, so a
    concurrent duplicate surfaces as the ``IntegrityError`` the callers resolve, not as a form error."""
    instance.full_clean(validate_unique=not db_checks_unique, validate_constraints=not db_checks_unique)
    instance._history_user = user
    instance.save()


# Rounds -----------------------------------------------------------------------------------------


@transaction.atomic
def open_round(
    case: Case,
    user,
    *,
    question: str,
    deadline,
    public_enabled: bool,
    invitations: Iterable[tuple[str, str]],
) -> tuple[Round, list[IssuedLink]]:
    """Open a round with its invitations (group, organisation label); returns the new links once."""
    _require_manage(user, case)
    if case.archived:
        raise ValidationError(_("The case is archived."))
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline must be in the future.")})
    invitations = [(group, label or "") for group, label in invitations]
    if not invitations and not public_enabled:
        raise ValidationError(_("Invite at least one group, or open a public link."))
    if len(invitations) > MAX_INVITATIONS:
        raise ValidationError(_("At most %(count)d invitations in one round.") % {"count": MAX_INVITATIONS})
    round_ = Round(
        municipality=case.municipality,
        case=case,
        question=question.strip(),
        deadline=deadline,
        public_enabled=public_enabled,
        public_token=new_token() if public_enabled else None,
        created_by=user,
    )
    _save(round_, user)
    return round_, [_issue(round_, user, group, label) for group, label in invitations]


def _issue(round_: Round, user, group: str, label: str) -> IssuedLink:
    token = new_token()
    invitation = Invitation(
        round=round_, group=group, label=label.strip() or str(Group(group).label), token_digest=digest(token)
    )
    _save(invitation, user)
    return IssuedLink(invitation, token)


@transaction.atomic
def invite(round_: Round, user, group: str, label: str) -> IssuedLink:
    """Invite one more group to an open round (a council that was forgotten, a new organisation)."""
    _require_manage(user, round_.case)
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if not locked.is_open():
        raise ValidationError(_("The round is closed."))
    if locked.invitations.count() >= MAX_INVITATIONS:
        raise ValidationError(_("At most %(count)d invitations in one round.") % {"count": MAX_INVITATIONS})
    return _issue(locked, user, group, label)


@transaction.atomic
def close_round(round_: Round, user, version: int) -> Round:
    """Close the round before its deadline. A stale ``version`` raises :class:`ConcurrentEditError`."""
    _require_manage(user, round_.case)
    claimed = compare_and_swap(Round, round_.pk, version)
    if not claimed.is_open():
        raise ValidationError(_("The round is already closed."))
    claimed.closed_early_at = timezone.now()
    _save(claimed, user)
    return claimed


@transaction.atomic
def set_public_link(round_: Round, user, version: int, *, enabled: bool) -> Round:
    """Open or close the public link of an open round.

    Closing keeps the token, so opening again brings back the link already spread on the
    municipality's website. Answers given through it are kept either way.
    """
    _require_manage(user, round_.case)
    claimed = compare_and_swap(Round, round_.pk, version)
    if not claimed.is_open():
        raise ValidationError(_("The round is closed."))
    claimed.public_enabled = enabled
    if enabled and not claimed.public_token:
        claimed.public_token = new_token()
    _save(claimed, user)
    return claimed


@transaction.atomic
def new_link(invitation: Invitation, user) -> IssuedLink:
    """A new link for an invitation whose link was lost or shared too widely; the old one stops working."""
    _require_manage(user, invitation.round.case)
    locked = Invitation.objects.select_for_update().select_related("round").get(pk=invitation.pk)
    if locked.state == InvitationState.SUBMITTED:
        raise ValidationError(_("The invitation has been answered; its link cannot be replaced."))
    if not locked.round.is_open():
        raise ValidationError(_("The round is closed."))
    token = new_token()
    locked.token_digest = digest(token)
    locked.link_created_at = timezone.now()
    _save(locked, user)
    return IssuedLink(locked, token)


# Invitations by e-mail -----------------------------------------------------------------------------

#: At most this many e-mails for one invitation: a wrong address is corrected, not tried endlessly.
MAX_EMAILS_PER_INVITATION = 5


@transaction.atomic
def send_invitation(invitation: Invitation, user, address: str) -> InvitationEmail:
    """Ask for the invitation to be e-mailed to ``address``: a record, and a task that sends it.

    Never sent in the request. The task makes a new link for the invitation and e-mails it (the
    token of the link shown before is not stored, so it cannot be sent); see :class:`InvitationEmail`.
    """
    _require_manage(user, invitation.round.case)
    locked = Invitation.objects.select_for_update().select_related("round").get(pk=invitation.pk)
    if locked.state == InvitationState.SUBMITTED:
        raise ValidationError(_("The invitation has been answered; there is nothing to send."))
    if not locked.round.is_open():
        raise ValidationError(_("The round is closed."))
    sent = list(locked.emails.all())
    if any(e.waiting for e in sent):
        raise ValidationError(_("An e-mail to this group is already on its way. Wait until it has been sent."))
    if len(sent) >= MAX_EMAILS_PER_INVITATION:
        raise ValidationError(
            _("At most %(count)d e-mails for one invitation. Copy a new link instead.")
            % {"count": MAX_EMAILS_PER_INVITATION}
        )
    record = InvitationEmail(
        municipality=locked.round.municipality,
        invitation=locked,
        address=address.strip(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        requested_by=user,
    )
    record.full_clean()
    record.save()
    from .tasks import send_invitation_email

    # Queued in this transaction: a database-backed queue sees it only once the record is committed.
    record.queued_as(send_invitation_email.enqueue(record.pk).id)
    record.refresh_from_db()
    return record


def _invitation_message(record: InvitationEmail, token: str) -> tuple[str, str]:
    """The e-mail's subject and text, in the sender's language: who asks, about what, until when, the link."""
    round_ = record.invitation.round
    link = settings.PRIORITET_SITE_URL.rstrip("/") + reverse("participation:answer", args=[token])
    with translation.override(record.language):
        deadline = formats.date_format(timezone.localtime(round_.deadline), "DATETIME_FORMAT")
        subject = _("Invitation to a consultation from %(municipality)s") % {"municipality": round_.municipality.name}
        values = {
            "municipality": round_.municipality.name,
            "organisation": record.invitation.label,
            "deadline": deadline,
        }
        body = "\n\n".join(
            [
                _("%(municipality)s invites %(organisation)s to give its view in a consultation round.") % values,
                _("The question:") + "\n" + round_.question,
                _(
                    "Answer by %(deadline)s through this personal link. It is meant for %(organisation)s only; "
                    "you can save a draft and come back to it."
                )
                % values
                + "\n"
                + link,
                _("If you did not expect this e-mail, you can ignore it."),
            ]
        )
    return subject, body


def deliver_invitation_email(record_id: int) -> str:
    """Send a queued invitation e-mail (the task's body); returns the final status.

    The worker claims the record first, so a task delivered twice sends once. The new link is saved
    in the same transaction as the send, while the invitation row is locked: if the mail server
    refuses, the transaction is rolled back and the old link keeps working.
    """
    record = InvitationEmail.objects.select_related("invitation__round__municipality").filter(pk=record_id).first()
    if record is None or not record.start():
        return record.status if record else TaskStatus.FAILED
    try:
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().select_related("round").get(pk=record.invitation_id)
            if locked.state == InvitationState.SUBMITTED:
                raise ValidationError(_("The invitation was answered before the e-mail went."))
            if not locked.round.is_open():
                raise ValidationError(_("The round closed before the e-mail went."))
            token = new_token()
            locked.token_digest = digest(token)
            locked.link_created_at = timezone.now()
            _save(locked, record.requested_by)
            subject, body = _invitation_message(record, token)
            send_mail(subject, body, None, [record.address])
    except ValidationError as err:
        record.fail(error=" ".join(err.messages)[:ERROR_MAX])
    except Exception as err:
        with translation.override(record.language):
            message = _("The e-mail could not be sent: %(reason)s") % {"reason": type(err).__name__}
        record.fail(error=message[:ERROR_MAX])
    else:
        record.finish()
    return record.status


# Answers ----------------------------------------------------------------------------------------


def _write(response: Response, data: AnswerData, submit: bool, now) -> Response:
    response.speaks_for = data.speaks_for
    response.free_text = data.free_text
    response.severity = data.severity
    response.severity_why = data.severity_why
    if submit:
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = now
    if response.pk:
        response.version += 1
    _save(response, db_checks_unique=True)
    saved = {s.alternative_id: s for s in response.scores.all()}
    for alternative in alternatives_of(response.round.case):
        score = data.scores.get(alternative.pk) or ScoreData()
        row = saved.get(alternative.pk) or ResponseScore(response=response, alternative=alternative)
        row.benefit, row.resources, row.why = score.benefit, score.resources, score.why
        _save(row, db_checks_unique=True)
    return response


def _check_open(round_: Round, now) -> None:
    if not round_.is_open(now):
        raise RoundClosedError(round_)


def _settled(response: Response, key_digest: str) -> Response | None:
    """A submitted answer: returned again for the form that submitted it, refused for any other."""
    if not response.is_submitted:
        return None
    if response.key_digest == key_digest:
        return response
    raise AlreadySubmittedError(response)


@transaction.atomic
def answer_invitation(invitation: Invitation, *, key: str, data: AnswerData, submit: bool) -> Response:
    """Save (``submit=False``) or submit an invited group's answer.

    The same form posted twice (a double click) returns the answer it stored the first time; a
    submitted answer cannot be changed from another form (:class:`AlreadySubmittedError`).
    """
    now = timezone.now()
    locked = Invitation.objects.select_for_update().select_related("round__case").get(pk=invitation.pk)
    key_digest = digest(key)
    response = Response.objects.filter(invitation=locked).first()
    if response is not None and (settled := _settled(response, key_digest)):
        return settled
    _check_open(locked.round, now)
    if response is None:
        response = Response(
            round=locked.round, invitation=locked, verified=True, group=locked.group, key_digest=key_digest
        )
        try:
            with transaction.atomic():
                _write(response, data, submit, now)
        except IntegrityError:
            # Only where the row lock is no lock (SQLite): the other request made the answer first.
            response = Response.objects.get(invitation=locked)
            if settled := _settled(response, key_digest):
                return settled
        else:
            return _mark(locked, submit, response)
    # The key of the form that saved last: a double submit of that form is recognised above.
    response.key_digest = key_digest
    _write(response, data, submit, now)
    return _mark(locked, submit, response)


def _mark(invitation: Invitation, submit: bool, response: Response) -> Response:
    invitation.state = InvitationState.SUBMITTED if submit else InvitationState.DRAFT
    _save(invitation)
    return response


@transaction.atomic
def answer_public(round_: Round, *, key: str, data: AnswerData, submit: bool) -> Response:
    """Save or submit an answer through the public link; ``key`` is also the link back to a draft."""
    now = timezone.now()
    key_digest = digest(key)
    response = Response.objects.select_for_update().filter(key_digest=key_digest).first()
    if response is None:
        _check_open(round_, now)
        if not round_.public_enabled:
            raise PermissionDenied(_("The round has no public link."))
        response = Response(round=round_, verified=False, group=Group.CITIZENS, key_digest=key_digest)
        try:
            with transaction.atomic():
                return _write(response, data, submit, now)
        except IntegrityError:
            # The same form was posted twice at the same moment: the other request stored it.
            response = Response.objects.select_for_update().get(key_digest=key_digest)
    if response.round_id != round_.pk or response.invitation_id is not None:
        raise PermissionDenied
    if settled := _settled(response, key_digest):
        return settled
    _check_open(round_, now)
    return _write(response, data, submit, now)
