from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import WeightVersion


@admin.register(WeightVersion)
class WeightVersionAdmin(SimpleHistoryAdmin):
    list_display = (
        "municipality",
        "number",
        "benefit",
        "severity",
        "resources",
        "method",
        "decided_by_body",
        "created_at",
    )
    list_filter = ("municipality",)
    readonly_fields = ("created_at",)

    def has_delete_permission(self, request, obj=None):
        return False
