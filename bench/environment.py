"""What the figures were measured on: machine, libraries, BLAS threads and environment."""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

#: Variables that change how numpy's BLAS runs. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE may be set on
#: these machines because old OpenBLAS builds mis-compute on some CPUs; they are reported, never changed.
THREAD_VARIABLES = (
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def _highs_version() -> str:
    try:
        from scipy.optimize._highspy import _core

        return f"{_core.HIGHS_VERSION_MAJOR}.{_core.HIGHS_VERSION_MINOR}.{_core.HIGHS_VERSION_PATCH}"
    except (ImportError, AttributeError):
        return "unknown"


def _cbc_version() -> str:
    """The CBC binary PuLP calls, as it announces itself."""
    try:
        import pulp

        path = pulp.PULP_CBC_CMD().path
        done = subprocess.run([path, "-quit"], capture_output=True, text=True, timeout=10, check=False)
    except (ImportError, OSError, subprocess.SubprocessError):
        return "unknown"
    for line in done.stdout.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def blas_lines() -> list[str]:
    """Thread pools as threadpoolctl sees them, or numpy's build configuration when it is missing."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        import numpy as np

        blas = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})  # type: ignore[func-returns-value]
        return [f"numpy BLAS (threadpoolctl not installed): {blas.get('name', '?')} {blas.get('version', '')}"]
    return [
        f"{os.path.basename(os.path.dirname(p.get('filepath', '')))}: {p.get('internal_api')} {p.get('version')}, "
        f"{p.get('num_threads')} threads, {p.get('threading_layer', '?')}, core type {p.get('architecture', '?')}"
        for p in threadpool_info()
    ]


def engine_state() -> str:
    """Which engine was measured: the git commit, whether its files differ from it, and a digest of
    its source, so that figures can be matched to code even when the engine was being edited."""
    root = Path(__file__).resolve().parent.parent
    engine = root / "src" / "prioritet" / "engine"
    digest = hashlib.sha256()
    for path in sorted(engine.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    text = f"source digest {digest.hexdigest()[:12]}"

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        # Read-only: --no-optional-locks keeps git from refreshing the index.
        return subprocess.run(
            ["git", "--no-optional-locks", "-C", str(root), *args], capture_output=True, text=True, check=False
        )

    try:
        head = git("rev-parse", "--short", "HEAD")
        if head.returncode == 0:
            dirty = git("diff", "--quiet", "HEAD", "--", "src/prioritet/engine").returncode != 0
            text = f"commit {head.stdout.strip()}{' + uncommitted changes' if dirty else ''}, {text}"
    except OSError:
        pass
    return text


def describe() -> list[tuple[str, str]]:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    variables = ", ".join(f"{k}={os.environ[k]}" for k in THREAD_VARIABLES if k in os.environ) or "none set"
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("machine", f"{_cpu_model()}, {affinity} usable of {os.cpu_count()} CPUs, {_memory_gib()} RAM"),
        ("system", f"{platform.system()} {platform.release()}"),
        ("engine", engine_state()),
        ("python", f"{platform.python_implementation()} {sys.version.split()[0]}"),
        (
            "libraries",
            f"prioritet {_version('prioritet')}, numpy {_version('numpy')}, scipy {_version('scipy')} "
            f"(HiGHS {_highs_version()}), highspy {_version('highspy')}, "
            f"scikit-criteria {_version('scikit-criteria')}, pymcdm {_version('pymcdm')}, "
            f"PuLP {_version('pulp')} (CBC {_cbc_version()}), OR-Tools {_version('ortools')}",
        ),
        *(("thread pool", line) for line in blas_lines()),
        ("BLAS variables", variables),
        ("load average at the start", load_average()),
    ]


def load_average() -> str:
    """Other work on the machine slows every contender; the 1-, 5- and 15-minute load says how much there was."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} (1, 5, 15 min) on {os.cpu_count()} CPUs"
