"""Asserting what the engine refuses: by the problems' codes and parameters, never by wording (the
engine speaks no language; :mod:`prioritet.core.messages` words the codes)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from prioritet.engine import Code, InfeasibleError, InputError


@contextmanager
def refused(*codes: Code, error: type[InputError | InfeasibleError] = InputError) -> Iterator[pytest.ExceptionInfo]:
    """``with refused(Code.X, Code.Y) as excinfo: …`` — the block raises ``error`` with problems of
    exactly these codes, in this order."""
    with pytest.raises(error) as excinfo:
        yield excinfo
    assert [p.code for p in excinfo.value.problems] == list(codes)
