"""What apps add to a municipality's public page (no login): lists of what citizens can take part in.

The public app is the host; the apps beside it (open consultations in participation) cannot be
imported by it, so each declares, in its extension (:mod:`prioritet.core.extensions`),
``public_listings``: a template and a function of the municipality that returns what the template
needs, or ``None`` when it has nothing to show. A listing only reads, shows nothing that is not meant
for everyone, and must be safe to cache for a few minutes (the public page is).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class PublicListing:
    """A section of a municipality's public page, filled by the declaring app."""

    key: str
    title: str | Promise
    #: A template included inside the host's section; it gets the context as ``data`` (with ``data.listing``).
    template: str
    #: The municipality → the template's context, or None when there is nothing to list.
    context: Callable[[Any], Mapping[str, Any] | None]
    order: int = 100
