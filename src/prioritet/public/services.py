"""Every write of the public app: publishing a decided case and withdrawing it, and choosing the key
figures of the public page, each in one transaction.

Rules enforced here, not only in the views:

* an individual-level case is never published (and the model and the database refuse it too);
* only a decided case is published, with the decision in force;
* only the roles that decide a level publish it (:mod:`.policy`), in their own municipality;
* a key figure is a national indicator or the municipality's own, chosen by the roles of
  :data:`.policy.KEY_FIGURE_ROLES` in their own municipality.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.cases.models import Case, Level, Status
from prioritet.indicators.models import IndicatorDefinition

from . import policy
from .models import Publication, PublishedIndicator


def _check(case: Case, user) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.level == Level.INDIVIDUAL:
        raise ValidationError(_("Individual cases are never published."), code="individual")
    if not policy.can_publish(user, locked):
        raise PermissionDenied(_("Your role cannot publish cases at this level."))
    return locked


@transaction.atomic
def publish(case: Case, user, *, decided_by_body: str, summary: str) -> Publication:
    """Publish the case's decision in force, or bring an earlier publication up to date."""
    locked = _check(case, user)
    if locked.status != Status.DECIDED:
        raise ValidationError(_("Only a decided case can be published."), code="undecided")
    decision = locked.decisions.order_by("-decided_at", "-id").first()
    if decision is None:  # pragma: no cover - a decided case always has a decision
        raise ValidationError(_("Only a decided case can be published."), code="undecided")
    publication = Publication.objects.filter(case=locked).first() or Publication(
        case=locked, municipality_id=locked.municipality_id, published_at=timezone.now()
    )
    publication.level = locked.level
    publication.decision = decision
    publication.decided_by_body = (decided_by_body or "").strip()
    publication.summary = (summary or "").strip()
    publication.published_by = user
    publication.full_clean()
    publication._history_user = user
    publication.save()
    return publication


@transaction.atomic
def unpublish(case: Case, user) -> None:
    """Withdraw the case from the public page. The history keeps that it was published, and by whom."""
    locked = _check(case, user)
    publication = Publication.objects.filter(case=locked).first()
    if publication is None:
        raise ValidationError(_("The case is not published."), code="not_published")
    publication._history_user = user
    publication.delete()


@transaction.atomic
def set_key_figure(user, definition: IndicatorDefinition, *, published: bool, explanation: str = "") -> None:
    """Show ``definition`` on the user's municipality's key-figures page (with ``explanation``), or stop
    showing it. Choosing again updates the explanation and keeps the first publication date."""
    if not policy.can_publish_indicators(user):
        raise PermissionDenied(_("Your role cannot choose the public key figures."))
    municipality = user.municipality
    if definition.owner_id not in (None, municipality.pk):
        raise PermissionDenied(_("The indicator belongs to another municipality."))
    existing = PublishedIndicator.objects.select_for_update().filter(municipality=municipality, definition=definition)
    if not published:
        existing.delete()
        return
    item = existing.first() or PublishedIndicator(municipality=municipality, definition=definition)
    item.explanation = (explanation or "").strip()
    item.published_by = user
    item.full_clean()
    item.save()
