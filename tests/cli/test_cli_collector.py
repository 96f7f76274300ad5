"""The garbage collector is paused while a file is read or a result written, and only then."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prioritet.cli.collector import paused


class _StoppedError(Exception):
    pass


def test_the_collector_is_paused_inside_and_as_it_was_after_even_on_an_error() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(_StoppedError), paused():
        raise _StoppedError
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # left off when it was off
    finally:
        gc.enable()


def test_a_command_leaves_the_collector_on(invoke: Callable[..., Result], small: Path, tmp_path: Path) -> None:
    assert invoke("rank", small, "--format", "csv").exit_code == 0
    assert gc.isenabled()
    bad = tmp_path / "feil.csv"
    bad.write_text("id,name,benefit,severity,resources\nA,a,9,4,2\n", encoding="utf-8")
    assert invoke("rank", bad, "--format", "csv").exit_code == 2
    assert gc.isenabled()
