from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Example, ExampleAlternative


class ExampleAlternativeInline(admin.TabularInline):
    model = ExampleAlternative
    extra = 0
    fields = ("position", "title", "severity", "benefit", "resources", "conclusion", "chosen", "no_action")


@admin.register(Example)
class ExampleAdmin(SimpleHistoryAdmin):
    list_display = ("title", "level", "source_label", "size_class", "published_at", "withdrawn")
    list_filter = ("level", "size_class", "withdrawn")
    search_fields = ("title", "source_label")
    readonly_fields = ("published_at", "search_document", "municipality", "source_case", "published_by")
    inlines = (ExampleAlternativeInline,)

    def has_add_permission(self, request):  # share through the service, which checks the rules
        return False

    def save_related(self, request, form, formsets, change):
        """An edit in the admin must keep the search text in step, as the service does."""
        from .services import refresh_search_document

        super().save_related(request, form, formsets, change)
        refresh_search_document(form.instance)
