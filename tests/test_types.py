"""mypy, with the project's configuration (pyproject.toml [tool.mypy]), fails on type errors planted in
small modules, holds the strict packages to annotated code and checks the bodies of unannotated
functions elsewhere. Cheap: one mypy run over the planted modules alone, which import nothing, with
no cache (make lint runs mypy over all of src/prioritet)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: A module below prioritet, its source, and the error mypy reports in it (None: none).
PLANTED: dict[str, tuple[str, str | None]] = {
    "prioritet.engine.typed": ("def count(text: str) -> int:\n    return len(text)\n", None),
    "prioritet.cases.untyped": ("def count(text):\n    return len(text)\n", None),
    "prioritet.cases.wrong_return": (
        "def count(text: str) -> int:\n    return text\n",
        'Incompatible return value type (got "str", expected "int")',
    ),
    "prioritet.portfolio.untyped_body": (
        "def count(text):\n    return len(text) + 'one'\n",
        'Unsupported operand types for + ("int" and "str")',
    ),
    "prioritet.engine.untyped": ("def count(text):\n    return len(text)\n", "Function is missing a type annotation"),
    "prioritet.core.untyped": (
        "def count(text: str):\n    return len(text)\n",
        "Function is missing a return type annotation",
    ),
}


def _path(module: str) -> Path:
    return Path(*module.split(".")).with_suffix(".py")


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """mypy's errors per planted module, from one run in an otherwise empty package tree, so that the
    configuration's per-package rules apply to each module by its name."""
    root = tmp_path_factory.mktemp("planted")
    for module, (source, _) in PLANTED.items():
        path = root / _path(module)
        path.parent.mkdir(parents=True, exist_ok=True)
        for package in _path(module).parents:
            if package != Path("."):
                (root / package / "__init__.py").touch()
        path.write_text(source)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            "/dev/null",
            *(str(_path(module)) for module in PLANTED),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr  # 1: type errors found, not a crash
    errors: dict[str, list[str]] = {module: [] for module in PLANTED}
    for line in result.stdout.splitlines():
        place, _, message = line.partition(": error: ")
        if message:
            module = ".".join(Path(place.partition(":")[0]).with_suffix("").parts)
            errors[module].append(message)
    return errors


@pytest.mark.parametrize("module", PLANTED)
def test_mypy_reports_exactly_the_planted_error(reported: dict[str, list[str]], module: str) -> None:
    expected = PLANTED[module][1]
    if expected is None:
        assert reported[module] == []
    else:
        assert len(reported[module]) == 1
        assert reported[module][0].startswith(expected)
