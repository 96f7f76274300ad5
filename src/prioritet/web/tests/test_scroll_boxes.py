"""Every table's scroll box in every template can be reached and scrolled by keyboard, and is named.

A box that scrolls sideways on a phone must take focus (WCAG 2.1.1), and a focusable region needs a
name for screen readers; axe only sees the boxes that scroll on the pages a browser test visits.
"""

from __future__ import annotations

import re
from pathlib import Path

import prioritet

_BOX = re.compile(r'<div class="pri-table-wrap"([^>]*)>')


def _boxes() -> list[tuple[str, str]]:
    root = Path(prioritet.__file__).parent
    return [
        (str(path.relative_to(root)), match.group(1))
        for path in sorted(root.glob("*/templates/**/*.html"))
        for match in _BOX.finditer(path.read_text(encoding="utf-8"))
    ]


def test_the_template_walk_finds_the_scroll_boxes():
    assert len(_boxes()) > 20


def test_every_scroll_box_takes_focus_and_has_a_name():
    unreachable = [
        path
        for path, attributes in _boxes()
        if 'tabindex="0"' not in attributes
        or 'role="region"' not in attributes
        or not re.search(r"aria-label(ledby)?=", attributes)
    ]
    assert unreachable == [], "give these scroll boxes tabindex, role and a name: " + ", ".join(unreachable)
