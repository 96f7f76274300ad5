"""Django admin for operators (superusers only); day-to-day administration uses our own pages."""

from typing import ClassVar

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from prioritet.accounts.models import Municipality, ServiceArea, User


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "number", "population")
    search_fields = ("name", "number")
    prepopulated_fields: ClassVar[dict[str, tuple[str, ...]]] = {"slug": ("name",)}


@admin.register(ServiceArea)
class ServiceAreaAdmin(SimpleHistoryAdmin):
    list_display = ("name", "municipality")
    list_filter = ("municipality",)
    search_fields = ("name",)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ("username", "get_full_name", "email", "municipality", "role", "is_active")
    list_filter = ("role", "is_active", "municipality")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Municipality and role"), {"fields": ("municipality", "role")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Municipality and role"), {"fields": ("municipality", "role")}),
    )
