"""Pieces the outputs share: table layout and how a measure is marked."""

from __future__ import annotations

from rich.table import Table

from prioritet.engine import CRITERIA, Criterion, Measures

#: Column of each criterion in :attr:`Measures.scores`.
BENEFIT = CRITERIA.index(Criterion.BENEFIT)
SEVERITY = CRITERIA.index(Criterion.SEVERITY)


#: What the mandatory marks mean, for a table's caption.
MANDATORY_CAPTION = (
    "Obligatorisk = lovpålagt minimum (forsvarlighet, mandatory); "
    "kreves av obligatorisk = et obligatorisk tiltak krever det (required by a mandatory measure)."
)


def table(title: str, caption: str | None = None) -> Table:
    return Table(title=title, caption=caption, title_justify="left", caption_justify="left", header_style="bold")


def add_id_columns(out: Table) -> None:
    """Id folds rather than being cut with «…», so it can always be read whole and used in a command."""
    out.add_column("Id", overflow="fold")
    out.add_column("Tiltak")


def mandatory_notes(measures: Measures) -> list[str]:
    """Why each measure cannot be left out, if it cannot: the legal minimum, directly or because a
    mandatory measure requires it."""
    forced = measures.required_closure()
    return [
        "obligatorisk" if mandatory else "kreves av obligatorisk" if needed else ""
        for mandatory, needed in zip(measures.mandatory, forced, strict=True)
    ]
