"""Every text in the Norwegian catalogues is translated, so untranslated UI text fails CI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])


def parse_po(path: Path) -> list[dict[str, object]]:
    """Entries of a .po file as dicts: msgid, msgid_plural, msgstr (list), flags. Header excluded."""
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {}
    key: str | None = None

    def finish() -> None:
        nonlocal entry, key
        if "msgid" in entry and not entry.get("obsolete"):
            entries.append(entry)
        entry, key = {}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry["obsolete"] = True
            continue
        if line.startswith("#,"):
            entry["flags"] = {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgstr":
                strings = entry["msgstr"]
                assert isinstance(strings, list)
                strings[-1] += value
            elif key is not None:
                entry[key] = str(entry[key]) + value
            continue
        keyword, _, rest = line.partition(" ")
        value = ast.literal_eval(rest)
        if keyword in ("msgid", "msgid_plural", "msgctxt"):
            if keyword == "msgid" and "msgid" in entry:
                finish()
            entry[keyword] = value
            key = keyword
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            entry.setdefault("msgstr", [])
            strings = entry["msgstr"]
            assert isinstance(strings, list)
            strings.append(value)
            key = "msgstr"
    finish()
    return [e for e in entries if e["msgid"] != ""]


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_catalogue_is_complete(language: str) -> None:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    entries = parse_po(path)
    assert entries, f"{path} has no messages"
    untranslated = [
        str(e["msgid"])
        for e in entries
        if "fuzzy" in e.get("flags", set())  # type: ignore[operator]
        or not all(str(s).strip() for s in e.get("msgstr", []))  # type: ignore[union-attr]
        or not e.get("msgstr")
    ]
    assert not untranslated, f"{len(untranslated)} untranslated or fuzzy in {path}: {untranslated[:10]}"


def test_parser_reads_plural_and_multiline(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: nb\\n"\n\n'
        '#, fuzzy\nmsgid "a"\nmsgstr "b"\n\n'
        'msgid ""\n"long "\n"text"\nmsgstr ""\n"lang "\n"tekst"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "en"\nmsgstr[1] ""\n\n'
        '#~ msgid "old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = parse_po(po)
    assert [e["msgid"] for e in entries] == ["a", "long text", "one"]
    assert entries[0]["flags"] == {"fuzzy"}
    assert entries[1]["msgstr"] == ["lang tekst"]
    assert entries[2]["msgstr"] == ["en", ""]
