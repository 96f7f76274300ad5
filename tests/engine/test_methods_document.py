"""docs/methods.md §12 says its check block prints nothing when the page's numbers are the engine's.

Run it, so that a change of the engine that moves a number in the document fails here and the
document is corrected with it.
"""

from __future__ import annotations

import re
from pathlib import Path

METHODS = Path(__file__).resolve().parents[2] / "docs" / "methods.md"


def check_block() -> str:
    section = METHODS.read_text(encoding="utf-8").split("## 12. Checking the numbers", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "docs/methods.md §12 has no python block"
    return match.group(1)


def test_the_numbers_in_the_methods_document_are_the_engines() -> None:
    code = check_block()
    assert code.count("assert") >= 20  # the block checks every section, not a few lines
    exec(compile(code, f"{METHODS}:§12", "exec"), {"__name__": "methods_check"})
