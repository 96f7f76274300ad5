"""The layer contracts in .importlinter hold, and they catch a violation planted in a copy of the code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / ".importlinter")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def with_planted_module(tmp_path: Path, module: str, source: str) -> Path:
    """A copy of the package with one extra module, ``module`` (a dotted path below prioritet)."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "prioritet", copy / "prioritet", ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo")
    )
    copy.joinpath(*module.split(".")).with_suffix(".py").write_text(source)
    return copy


def test_the_code_keeps_every_layer_contract():
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_engine_module_that_imports_django_breaks_the_engine_contract(tmp_path):
    result = lint_imports(with_planted_module(tmp_path, "prioritet.engine.planted", "import django.db\n"))
    assert result.returncode != 0
    assert "The engine imports no Django" in result.stdout
    assert "prioritet.engine.planted -> django (l.1)" in result.stdout


def test_core_that_imports_a_product_app_breaks_the_core_contract(tmp_path):
    planted = with_planted_module(tmp_path, "prioritet.core.planted", "from prioritet.cases import models\n")
    result = lint_imports(planted)
    assert result.returncode != 0
    assert "prioritet.core.planted -> prioritet.cases" in result.stdout


def test_a_product_app_that_imports_another_breaks_the_layers_contract(tmp_path):
    planted = with_planted_module(tmp_path, "prioritet.ethics.planted", "from prioritet.evidence import models\n")
    result = lint_imports(planted)
    assert result.returncode != 0
    assert "The layers: each imports only the ones below it" in result.stdout
    assert "prioritet.ethics.planted -> prioritet.evidence.models (l.1)" in result.stdout


def test_cases_that_imports_an_app_built_on_it_breaks_the_layers_contract(tmp_path):
    planted = with_planted_module(tmp_path, "prioritet.cases.planted", "from prioritet.participation import models\n")
    result = lint_imports(planted)
    assert result.returncode != 0
    assert "prioritet.cases is not allowed to import prioritet.participation" in result.stdout


def test_an_app_that_imports_the_web_project_breaks_the_layers_contract(tmp_path):
    planted = with_planted_module(tmp_path, "prioritet.accounts.planted", "from prioritet.web import forms\n")
    result = lint_imports(planted)
    assert result.returncode != 0
    assert "prioritet.accounts is not allowed to import prioritet.web" in result.stdout
