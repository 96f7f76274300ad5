"""The municipality's own names of its resource columns, for the apps that know a column only by its key.

A budget column of the økonomiplan is a key in a file (``cost_nok``); the municipality names the
column («Kostnad», counted in «kr per år») among the portfolio's resource columns, which the apps
beside the portfolio cannot import. So the portfolio declares, in its extension
(:mod:`prioritet.core.extensions`), ``column_names``: a function of the municipality that gives the
names it knows. :func:`column_names` asks every such source; a key no source knows is shown as the
key itself, marked unknown, so a page can say so where it matters (an import's preview).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass


def column_title(label: str, unit: str) -> str:
    """«Kostnad (kr per år)»; just «Årsverk» when the unit only repeats the label."""
    if unit and unit.strip().lower() != label.strip().lower():
        return f"{label} ({unit})"
    return label


@dataclass(frozen=True)
class ColumnName:
    """A resource column as people read it: its key (what files call it), label and unit."""

    key: str
    label: str
    unit: str = ""
    #: False for a key the municipality has no column for: its label is then the key itself.
    known: bool = True

    def __str__(self) -> str:
        return column_title(self.label, self.unit)


#: A source of names: the municipality's id → the columns it names, by key (a read).
ColumnNames = Callable[[int], Mapping[str, ColumnName]]


def column_names(municipality_id: int, keys: Iterable[str]) -> dict[str, ColumnName]:
    """The name of each of ``keys`` in the municipality, in the reader's language where the words are
    the system's; an unknown key is named by itself (``known`` False)."""
    from .extensions import Extension, extensions

    named: dict[str, ColumnName] = {}
    for extension in extensions(Extension):
        for source in extension.column_names:
            named.update(source(municipality_id))
    return {key: named.get(key) or ColumnName(key, key, known=False) for key in keys}
