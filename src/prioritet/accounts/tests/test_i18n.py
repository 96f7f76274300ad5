"""Every text in the Norwegian catalogues is translated, so untranslated UI text fails CI.

The project catalogue lives in ``src/prioritet/locale``; an app may keep its own beside it
(``src/prioritet/<app>/locale``). Every one of them is checked.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings

PACKAGE_DIR = Path(settings.LOCALE_PATHS[0]).parent
CATALOGUES = sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/django.po"))


def test_the_project_catalogues_exist() -> None:
    languages = {path.parts[-3] for path in CATALOGUES}
    assert {"nb", "nn"} <= languages


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_catalogue_is_complete(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    assert len(catalogue), f"{path} has no messages"
    missing = [entry.msgid for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    missing += [
        entry.msgid
        for entry in catalogue.translated_entries()
        if entry.msgid_plural and not all(text.strip() for text in entry.msgstr_plural.values())
    ]
    assert not missing, f"{len(missing)} untranslated or fuzzy in {path}: {missing[:10]}"
