"""Template context shared by every page: product name, municipality, navigation, languages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from prioritet.core.navigation import current_item, items_for

# Short names for the header's language switch, each written in its own language.
LANGUAGE_SWITCH_LABELS = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


def prioritet(request: HttpRequest) -> dict[str, Any]:
    """Values ``base.html`` needs on every page, so views do not have to pass them."""
    user = getattr(request, "user", None)
    current_language = translation.get_language()
    nav_links: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        items = [item for item in items_for(user) if item.in_menu]
        current = current_item(items, request.path)
        nav_links = [
            {"key": item.key, "label": item.label, "url": item.url, "current": item is current} for item in items
        ]
    return {
        "product_name": settings.PRODUCT_NAME,
        "product_tagline": settings.PRODUCT_TAGLINE,
        "municipality": getattr(request, "municipality", None),
        "nav_links": nav_links,
        "oidc_enabled": settings.OIDC_ENABLED,
        "language_choices": [
            {"code": code, "label": LANGUAGE_SWITCH_LABELS.get(code, name), "current": code == current_language}
            for code, name in settings.LANGUAGES
        ],
    }
