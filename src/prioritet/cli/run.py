"""One command's inputs: gather every problem before stopping, and stop with status 2, not a traceback.

Problems are written one a line on standard error in the language of :mod:`.language`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import TracebackType

import typer

from prioritet.core.messages import ERROR, IGNORED_COLUMNS
from prioritet.engine import InfeasibleError, InputError, Problem
from prioritet.tabular import MeasureFile, PlanFile, read_file, read_plan_file

from .collector import paused
from .gather import Gather
from .language import voice

#: Exit status for input the user has to fix (the same status Click uses for usage errors).
BAD_INPUT = 2


class Run(Gather):
    """Used as ``with Run() as run:`` around a command's parsing and analysis: input problems,
    whether found while parsing or by the engine, end the command with status 2."""

    def __init__(self) -> None:
        super().__init__()
        self.file: MeasureFile | PlanFile | None = None

    def read(self, path: Path) -> MeasureFile:
        with paused():
            file = self.need(lambda: read_file(path))
        self._note_ignored(file)
        return file

    def read_plan(self, path: Path) -> PlanFile:
        """A plan's measures file (with ``earliest`` and first-year columns)."""
        with paused():
            file = self.need(lambda: read_plan_file(path))
        self._note_ignored(file)
        return file

    def _note_ignored(self, file: MeasureFile | PlanFile) -> None:
        self.file = file
        if file.ignored:
            columns = ", ".join(f"«{c}»" for c in file.ignored)
            typer.echo(voice().gettext(IGNORED_COLUMNS) % {"source": file.source, "columns": columns}, err=True)

    @contextmanager
    def dataset(self, path: Path) -> Iterator[None]:
        """Around reading a statistics file: a malformed one ends the command with status 2."""
        from prioritet.tabular.jsonstat import JsonStatError  # only the indicators command reads statistics

        try:
            yield
        except JsonStatError as err:
            speaker = voice()
            typer.echo(speaker.gettext(ERROR) % {"problem": f"{path}: {err}"}, err=True)
            raise typer.Exit(BAD_INPUT) from None

    def __enter__(self) -> Run:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if isinstance(error, InputError):
            problems = self.file.locate(error.problems) if self.file else error.problems
            _report(problems)
        elif isinstance(error, InfeasibleError):
            _report([replace(p, source="--budget") if p.column else p for p in error.problems])
        else:
            return
        raise typer.Exit(BAD_INPUT) from None


def _report(problems: list[Problem] | tuple[Problem, ...]) -> None:
    speaker = voice()
    for problem in problems:
        typer.echo(speaker.gettext(ERROR) % {"problem": speaker.located(problem)}, err=True)
