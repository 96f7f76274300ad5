"""Back links («← Tilbake til …») get their arrow from app.css (``.pri-back .ds-link::before``): a
template that writes the arrow too shows two of them."""

from __future__ import annotations

import re
from pathlib import Path

import prioritet

TEMPLATES = sorted(Path(prioritet.__file__).parent.glob("*/templates/**/*.html"))
BACK_LINK = re.compile(r'class="pri-back"[^>]*>\s*<a\b[^>]*>(?P<text>[^<]*)', re.S)


def test_no_back_link_writes_the_arrow_the_stylesheet_draws() -> None:
    assert TEMPLATES
    doubled = [
        str(path.relative_to(Path(prioritet.__file__).parent))
        for path in TEMPLATES
        for link in BACK_LINK.finditer(path.read_text(encoding="utf-8"))
        if link["text"].lstrip().startswith(("←", "&larr;"))
    ]
    assert not doubled, f"back links with a second arrow: {doubled}"
