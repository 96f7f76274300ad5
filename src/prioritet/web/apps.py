"""App config for the project package, so its templates, static files and tags are found."""

from functools import cached_property

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _

from prioritet.core.extensions import Extension
from prioritet.core.navigation import NavItem


class PrioritetAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site: superusers only, every request logged (:mod:`prioritet.web.admin`)."""

    default = False  # named in INSTALLED_APPS; ``prioritet.web`` itself stays WebConfig
    default_site = "prioritet.web.admin.PrioritetAdminSite"


class WebConfig(AppConfig):
    """The web shell: layout, navigation, forms rendering, error pages."""

    name = "prioritet.web"
    label = "web"
    verbose_name = _("Web")

    @cached_property
    def extension(self) -> Extension:
        return Extension(
            navigation=[NavItem(key="home", label=_("Home"), url_name="home", requires_municipality=False, order=0)]
        )

    def ready(self) -> None:
        from django.db.models import fields

        # The empty choice of a select that a model field makes (and the admin shows): Django's
        # «- Select an option -» has no Norwegian translation. Forms may still set their own
        # ``empty_label``; this is the default for those that do not.
        fields.BLANK_CHOICE_LABEL = _("– Choose –")
