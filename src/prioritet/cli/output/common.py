"""Pieces the outputs share: table layout and how a measure is marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from prioritet.engine import CRITERIA, Criterion, Measures

from ..words import _

if TYPE_CHECKING:
    from rich.table import Table

#: Column of each criterion in :attr:`Measures.scores`.
BENEFIT = CRITERIA.index(Criterion.BENEFIT)
SEVERITY = CRITERIA.index(Criterion.SEVERITY)


def mandatory_caption() -> str:
    """What the mandatory marks mean, for a table's caption."""
    return _(
        "Mandatory measure = the legal minimum (forsvarlighet); "
        "required by mandatory = a mandatory measure requires it."
    )


def table(title: str, caption: str | None = None) -> Table:
    from rich.table import Table  # only for tables: CSV and JSON never pay for rich

    return Table(title=title, caption=caption, title_justify="left", caption_justify="left", header_style="bold")


def add_id_columns(out: Table) -> None:
    """Id folds rather than being cut with «…», so it can always be read whole and used in a command."""
    out.add_column("Id", overflow="fold")
    out.add_column(_("Measure"))


def mandatory_notes(measures: Measures) -> list[str]:
    """Why each measure cannot be left out, if it cannot: the legal minimum, directly or because a
    mandatory measure requires it."""
    forced = measures.required_closure()
    # Not the msgid «mandatory»: the reports' catalogue words that «lovpålagt».
    mandatory, required = _("mandatory measure"), _("required by mandatory")
    return [
        mandatory if is_mandatory else required if needed else ""
        for is_mandatory, needed in zip(measures.mandatory, forced, strict=True)
    ]
