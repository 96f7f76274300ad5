"""Input problems that name where they are and what was expected.

Every message is written in Norwegian with the English term in brackets, because the people who
read them are Norwegian caseworkers and the English term is what they find in the docs and files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem with the input.

    ``row`` is the 1-based line in the source file (the header is row 1), or None for problems that
    concern the whole input (an unknown budget column, say).
    """

    message: str
    row: int | None = None
    column: str | None = None
    source: str | None = None

    def __str__(self) -> str:
        where = []
        if self.source:
            where.append(self.source)
        if self.row is not None:
            where.append(f"rad {self.row} (row)")
        if self.column:
            where.append(f"kolonne «{self.column}» (column)")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputError(ValueError):
    """Raised with every problem found, not just the first, so a user can fix a file in one go."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InfeasibleError(ValueError):
    """The constraints cannot all be met; ``shortfall`` says by how much each budget is short."""

    def __init__(self, message: str, shortfall: dict[str, float] | None = None) -> None:
        self.shortfall = dict(shortfall or {})
        super().__init__(message)


def format_amount(amount: float) -> str:
    """A number as Norwegians write it: ``1 500 000`` or ``2,5`` (no-break space, decimal comma)."""
    text = f"{float(amount):,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u00a0").replace(".", ",")
