from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Publication


@admin.register(Publication)
class PublicationAdmin(SimpleHistoryAdmin):
    list_display = ("case", "municipality", "level", "decided_by_body", "published_at")
    list_filter = ("municipality", "level")
    list_select_related = ("case", "municipality")
    readonly_fields = ("published_at", "updated_at")

    def has_add_permission(self, request):  # publish through the service, which checks the rules
        return False
