"""The API token an audit row was written through: fields shared by the access log and the histories."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prioritet.core import api_context


class ApiTokenStamped(models.Model):
    """An audit row that names the API token it was written through (empty for web pages and commands).

    The token's id and name are copied, not referenced: the app holding tokens sits above the apps
    whose records are audited, and a row must say which token it was even after the token is gone.
    Filled in on the first save from :mod:`prioritet.core.api_context`.
    """

    api_token_id = models.PositiveBigIntegerField(_("API token id"), null=True, blank=True, editable=False)
    api_token_name = models.CharField(
        _("API token"), max_length=100, blank=True, editable=False, default="", db_default=""
    )
    api_token_created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("API token created by"),
    )

    class Meta:
        abstract = True

    def stamp_api_token(self) -> None:
        """Copy the current request's token, if any and if the row has none yet."""
        stamp = api_context.current()
        if stamp is not None and self.api_token_id is None:
            self.api_token_id = stamp.token_id
            self.api_token_name = stamp.name
            self.api_token_created_by_id = stamp.created_by_id

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            self.stamp_api_token()
        super().save(*args, **kwargs)
