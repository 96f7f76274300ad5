"""Keep native libraries' stray prints off standard output.

HiGHS 1.12 (bundled with scipy 1.18) prints ``HighsMipSolverData::transformNewIntegerFeasibleSolution
tmpSolver.run();`` with C ``printf`` whatever its output options say (ERGO-Code/HiGHS#2783). Standard
output carries the command line's JSON, so while the solver runs, file descriptor 1 points at
/dev/null and the C buffer is flushed before it is restored. A lock and a depth count make it safe
when several threads solve at once; Python's own ``sys.stdout`` is untouched (it is flushed first).
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_saved_fd: int | None = None
_libc = ctypes.CDLL(None)


def _flush_c_stdout() -> None:
    _libc.fflush(None)


@contextmanager
def silenced_stdout() -> Iterator[None]:
    global _depth, _saved_fd
    with _lock:
        if _depth == 0:
            sys.stdout.flush()
            _flush_c_stdout()
            _saved_fd = os.dup(1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.close(devnull)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved_fd is not None:
                _flush_c_stdout()
                os.dup2(_saved_fd, 1)
                os.close(_saved_fd)
                _saved_fd = None
