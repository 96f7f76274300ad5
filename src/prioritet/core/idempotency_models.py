"""The record of a create request already answered, so a repeated one is answered the same."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """One ``Idempotency-Key`` of an API client, or one form token of a web form, and its first answer.

    ``owner`` says whose key it is (``token:<id>`` or ``user:<id>``): keys of different clients
    never collide. ``fingerprint`` is the request's method, path and body hash; ``status`` and
    ``body`` the first answer (for web forms, 303 and the address of what was created).
    """

    owner = models.CharField(_("owner"), max_length=40)
    key = models.CharField(_("key"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    api_token_id = models.PositiveBigIntegerField(_("API token id"), null=True, blank=True)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    body = models.TextField(_("response body"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = (models.UniqueConstraint(fields=["owner", "key"], name="idempotency_owner_key"),)

    def __str__(self) -> str:
        return f"{self.owner}:{self.key}"
