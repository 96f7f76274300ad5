"""Notes other apps add beside each alternative on the case page (e.g. a mini-HTA's certainty).

The alternative's knowledge basis on the case page comes from the assessments; other apps hold more
of it (a mini-metodevurdering of the measure, say). Like ``links.py`` and ``sections.py``, those apps
register a source here in their ``AppConfig.ready()``, so the cases app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .models import Alternative, Case


@dataclass(frozen=True)
class Annotation:
    label: Promise | str
    #: Where to read more, or None.
    url: str | None = None


#: Returns the annotations of some of the alternatives, keyed by the alternative's id.
AnnotationSource = Callable[["Case", Sequence["Alternative"]], Mapping[int, list[Annotation]]]

_sources: dict[str, AnnotationSource] = {}


def register(key: str, source: AnnotationSource) -> None:
    _sources[key] = source


def annotations_for(case: Case, alternatives: Sequence[Alternative]) -> dict[int, list[Annotation]]:
    """Every registered source's annotations, per alternative id, in the sources' key order."""
    out: dict[int, list[Annotation]] = {}
    for key in sorted(_sources):
        for alternative_id, notes in _sources[key](case, alternatives).items():
            out.setdefault(alternative_id, []).extend(notes)
    return out
