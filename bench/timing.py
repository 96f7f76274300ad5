"""Timing: interleaved repetitions, medians and minimums, and a muzzle for solver chatter."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Contender:
    """One implementation of a task.

    ``setup`` prepares the input and is not timed; it runs before every repetition, so a contender
    that must start from a fresh object (ours, cold) gets one each time. ``run`` is the timed work.
    """

    name: str
    setup: Callable[[], Any]
    run: Callable[[Any], Any]


@dataclass
class Timing:
    times: list[float] = field(default_factory=list)
    #: CPU time of this process in each repetition (all its threads). On a machine shared with other
    #: work, wall time grows with the load and CPU time much less: the two together tell them apart.
    cpu: list[float] = field(default_factory=list)
    #: What the last timed repetition returned, for the checks.
    result: Any = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def min(self) -> float:
        return min(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def measure(
    contenders: Sequence[Contender], repeats: int, warmup: int = 1, budget: float | None = None
) -> dict[str, Timing]:
    """Time every contender ``repeats`` times after ``warmup`` untimed runs each.

    Repetitions are interleaved (A, B, C, A, B, C, …) so that a slow spell of the machine hits every
    contender alike. The garbage collector is disabled during each timed run, as :mod:`timeit` does,
    but not forced to collect before it: a full collection walks every object and evicts the CPU
    caches, which added ~0.2 ms to every sub-millisecond run and would measure the collector instead.

    With ``budget`` (seconds), no new repetition starts once that much time has gone, warm-up
    included; there is always at least one timed repetition.
    """
    started = time.perf_counter()
    timings = {c.name: Timing() for c in contenders}
    for c in contenders:
        for _ in range(warmup):
            c.run(c.setup())
    for k in range(repeats):
        if k and budget is not None and time.perf_counter() - started > budget:
            break
        for c in contenders:
            arg = c.setup()
            gc.disable()
            try:
                start, start_cpu = time.perf_counter(), time.process_time()
                result = c.run(arg)
                elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
            finally:
                gc.enable()
            timings[c.name].times.append(elapsed)
            timings[c.name].cpu.append(cpu)
            timings[c.name].result = result
    return timings


@dataclass
class Captured:
    lines: int = 0
    sample: str = ""


@contextlib.contextmanager
def captured_stdout() -> Iterator[Captured]:
    """Catch what native code writes straight to file descriptor 1 (HiGHS prints a stray debug line,
    ERGO-Code/HiGHS#2783); the caller reports how many lines were caught instead of printing them."""
    captured = Captured()
    libc = ctypes.CDLL(None)
    sys.stdout.flush()
    libc.fflush(None)
    saved = os.dup(1)
    with tempfile.TemporaryFile(mode="w+b") as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield captured
        finally:
            sys.stdout.flush()
            libc.fflush(None)
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            text = sink.read().decode(errors="replace")
            lines = text.splitlines()
            captured.lines = len(lines)
            captured.sample = lines[0] if lines else ""
