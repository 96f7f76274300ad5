"""Django admin for superusers. Nothing can be deleted here either: archive instead."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Budget, Measure, MeasureAmount, Portfolio, ResourceColumn, Scenario


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ResourceColumn)
class ResourceColumnAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("key", "label", "unit", "municipality", "position")
    list_filter = ("municipality",)
    list_select_related = ("municipality",)


@admin.register(Portfolio)
class PortfolioAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("case", "municipality", "created_at")
    list_filter = ("municipality",)
    list_select_related = ("case", "municipality")
    raw_id_fields = ("case",)


class MeasureAmountInline(admin.TabularInline):
    model = MeasureAmount
    extra = 0
    can_delete = False


@admin.register(Measure)
class MeasureAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "portfolio", "benefit", "severity", "resources", "mandatory", "archived")
    list_filter = ("mandatory", "archived", "kind")
    search_fields = ("code", "name")
    list_select_related = ("portfolio",)
    raw_id_fields = ("portfolio", "requires")
    readonly_fields = ("version",)
    inlines = (MeasureAmountInline,)


@admin.register(Budget)
class BudgetAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("portfolio", "column", "amount")
    list_select_related = ("portfolio", "column")


@admin.register(Scenario)
class ScenarioAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("name", "portfolio", "kind", "archived", "created_at")
    list_filter = ("kind", "archived")
    list_select_related = ("portfolio",)
    raw_id_fields = ("portfolio", "measures")
    readonly_fields = ("version",)
