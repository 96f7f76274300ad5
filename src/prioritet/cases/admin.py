"""Django admin for superusers. Nothing can be deleted here either: archive instead."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Alternative, Assessment, Case, CaseAccess, Decision, PhaseChange, Reassessment


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("title", "municipality", "level", "phase", "status", "reassessment_due", "archived")
    list_filter = ("municipality", "level", "phase", "status", "archived")
    search_fields = ("title", "case_reference")
    list_select_related = ("municipality",)
    readonly_fields = ("version", "created_at", "updated_at")


@admin.register(Alternative)
class AlternativeAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("title", "case", "kind", "reduces_service", "archived")
    list_select_related = ("case",)
    readonly_fields = ("version",)


@admin.register(Assessment)
class AssessmentAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("alternative", "assessor", "benefit", "severity", "resources", "certainty")
    list_select_related = ("alternative", "assessor")
    readonly_fields = ("version",)


@admin.register(Decision)
class DecisionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("case", "alternative", "priority", "decided_by", "decided_at", "reassessment_due")
    list_select_related = ("case", "alternative", "decided_by")


@admin.register(Reassessment)
class ReassessmentAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("case", "started_by", "started_at")


@admin.register(PhaseChange)
class PhaseChangeAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ("case", "from_phase", "to_phase", "changed_by", "changed_at")


@admin.register(CaseAccess)
class CaseAccessAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ("case", "user", "at", "page")
    list_filter = ("municipality",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
