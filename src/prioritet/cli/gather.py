"""Collecting input problems from independent steps, so that one run reports them all."""

from __future__ import annotations

from collections.abc import Callable

from prioritet.engine import InputError, Problem


class Gather:
    """:meth:`take` parses a value and keeps going on failure; :meth:`need` is for a value that later
    steps cannot do without; :meth:`check` stops if anything went wrong."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def take[T](self, parse: Callable[[], T], fallback: T) -> T:
        try:
            return parse()
        except InputError as err:
            self.problems.extend(err.problems)
            return fallback

    def need[T](self, parse: Callable[[], T]) -> T:
        try:
            return parse()
        except InputError as err:
            raise InputError([*self.problems, *err.problems]) from None

    def check(self) -> None:
        if self.problems:
            raise InputError(self.problems)
