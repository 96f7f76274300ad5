"""The one extension protocol: what an app adds to the apps below it, declared once on its AppConfig.

An app never registers into the apps below it. It declares, in one place, everything it adds —
navigation items, retention rules, home-page panels, public-page listings and column names here, case sections,
links, history, annotations and demo content in :class:`prioritet.cases.extensions.CaseExtension` —
as the ``extension`` attribute of its ``AppConfig`` (a ``cached_property``, so the app's own modules
are imported only once the app registry is ready)::

    class EthicsConfig(AppConfig):
        @cached_property
        def extension(self) -> CaseExtension:
            from .extensions import section_context, timeline

            return CaseExtension(case_sections=[CaseSection("ethics", ..., section_context, ...)],
                                 history_sources=[timeline])

The hosts (the navigation, ``purge_expired``, the case page, the report, the public page,
``load_demo``) ask :func:`extensions` for the declarations of the kind they understand. Django's
app registry is the registry: removing an app from ``INSTALLED_APPS`` removes everything it adds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps

if TYPE_CHECKING:
    from .columns import ColumnNames
    from .home import HomeSource
    from .navigation import NavItem
    from .publicpage import PublicListing
    from .retention import Rule


@dataclass(frozen=True)
class Extension:
    """What an app adds that the layers up to core understand: navigation, retention, the home page."""

    #: Entries in the main navigation and the home page's shortcuts, each for the roles that use it.
    navigation: Sequence[NavItem] = ()
    #: Kinds of record ``purge_expired`` deletes or anonymises (each with a period in settings).
    retention_rules: Sequence[Rule] = ()
    #: Panels of the signed-in user's home page: their open tasks (or figures), read for a day.
    home_sources: Sequence[HomeSource] = ()
    #: Sections of a municipality's public page (no login): what citizens can take part in now.
    public_listings: Sequence[PublicListing] = ()
    #: The municipality's names of resource columns by key (:mod:`prioritet.core.columns`).
    column_names: Sequence[ColumnNames] = ()


def declared() -> list[object]:
    """Every installed app's ``extension``, in ``INSTALLED_APPS`` order (tests replace this)."""
    return [config.extension for config in apps.get_app_configs() if hasattr(config, "extension")]


def extensions[E: Extension](kind: type[E]) -> list[E]:
    """The declared extensions a host understands: those of ``kind`` (or a subclass of it)."""
    return [extension for extension in declared() if isinstance(extension, kind)]
