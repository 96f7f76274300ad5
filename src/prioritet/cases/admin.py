"""Django admin for break-glass superusers: cases and what a decision rests on, read-only and logged.

Nothing here can be added, changed or deleted: a decision changes only through a recorded
reassessment in the product, so the case page and its history always name who decided. Every
individual case an admin page shows (a change page, or a row of a list) is written to the case
access log under ``admin:…``, as on the web pages. The access log itself is not in the admin:
leaders review it in the product.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from . import services
from .models import Alternative, Assessment, Case, Decision, PhaseChange, Reassessment


class ReadOnlyLoggedAdmin(admin.ModelAdmin):
    """View-only, and every individual case shown goes into the access log."""

    #: The path from this admin's model to its case (``""`` for the case itself).
    case_path = "case"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def case_of(self, obj: Any) -> Case:
        for name in filter(None, self.case_path.split("__")):
            obj = getattr(obj, name)
        return obj

    def _log_reads(self, request: HttpRequest, objects: Iterable[Any], page: str) -> None:
        seen: set[int] = set()
        for obj in objects:
            case = self.case_of(obj)
            if case.pk not in seen:
                seen.add(case.pk)
                services.record_access(case, request.user, f"admin:{self.opts.model_name}:{page}")

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        """Every admin page of one object (view, history) loads it here: log the read."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            self._log_reads(request, [obj], "view")
        return obj

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            self._log_reads(request, changelist.result_list, "list")
        return response


@admin.register(Case)
class CaseAdmin(ReadOnlyLoggedAdmin):
    case_path = ""
    list_display = ("title", "municipality", "level", "phase", "status", "reassessment_due", "archived")
    list_filter = ("municipality", "level", "phase", "status", "archived")
    search_fields = ("title", "case_reference")
    list_select_related = ("municipality",)


@admin.register(Alternative)
class AlternativeAdmin(ReadOnlyLoggedAdmin):
    list_display = ("title", "case", "kind", "reduces_service", "archived")
    list_select_related = ("case",)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyLoggedAdmin):
    case_path = "alternative__case"
    list_display = ("alternative", "assessor", "benefit", "resources", "certainty")
    list_select_related = ("alternative__case", "assessor")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyLoggedAdmin):
    list_display = ("case", "alternative", "priority", "decided_by", "decided_at", "reassessment_due")
    list_select_related = ("case", "alternative", "decided_by")


@admin.register(Reassessment)
class ReassessmentAdmin(ReadOnlyLoggedAdmin):
    list_display = ("case", "started_by", "started_at")
    list_select_related = ("case", "started_by")


@admin.register(PhaseChange)
class PhaseChangeAdmin(ReadOnlyLoggedAdmin):
    list_display = ("case", "from_phase", "to_phase", "changed_by", "changed_at")
    list_select_related = ("case", "changed_by")
