"""App config for the project package, so its templates, static files and tags are found."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The web shell: layout, navigation, forms rendering, error pages."""

    name = "prioritet.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from prioritet.web.navigation import NavItem, register

        register(NavItem(key="home", label=_("Home"), url_name="home", requires_municipality=False, order=0))
