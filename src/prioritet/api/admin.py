"""Django admin for operators: see and revoke tokens; they are created on the administrator's page only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, Integration


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "display_prefix",
        "municipality",
        "integration",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("municipality", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "integration__name")
    list_select_related = ("municipality", "integration")
    fields = (
        "municipality",
        "integration",
        "name",
        "prefix",
        "created_by",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = fields
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        now = timezone.now()
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoked_at = now
            token._history_user = request.user
            token.save(update_fields=["revoked_at"])


@admin.register(Integration)
class IntegrationAdmin(SimpleHistoryAdmin):
    """Read-only for operators: integrations are made by the municipality's administrator."""

    list_display = ("name", "municipality", "role", "access", "levels", "created_at")
    list_filter = ("municipality", "role", "access")
    fields = ("municipality", "user", "name", "role", "access", "levels", "created_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
