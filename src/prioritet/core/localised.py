"""Words the system writes into the database on a person's behalf, shown in the reader's language.

Some stored text is made by Prioritet, not typed by a person: the no-action alternative every case
starts with («Ikke starte, utsette eller avslutte») and the resource columns every municipality starts
with («Kostnad», «Årsverk»). They are stored in the language of the request that made them, so a
nynorsk or English reader would otherwise see bokmål. A model whose field may hold such a word calls
:func:`in_reader_language` from its ``from_db``: while the stored text is still the system's word in
one of the languages, the reader gets it in theirs; once a person has changed it, it is their text and
is shown as written.
"""

from __future__ import annotations

from functools import cache

from django.utils import translation

from prioritet.core.messages import LANGUAGES


@cache
def _renderings(msgid: str, context: str) -> frozenset[str]:
    """``msgid``'s wording in every language Prioritet speaks, the English msgid included."""
    words = {msgid}
    for language in LANGUAGES:
        with translation.override(language):
            words.add(translation.pgettext(context, msgid) if context else translation.gettext(msgid))
    return frozenset(words)


def is_system_word(stored: str, msgid: str, context: str = "") -> bool:
    """Is ``stored`` the system's word ``msgid`` in one of the languages (not a person's own text)?"""
    return stored in _renderings(msgid, context)


def in_reader_language(stored: str, msgid: str, context: str = "") -> str:
    """``stored`` in the active language when it is the system's word ``msgid``; otherwise unchanged."""
    if not is_system_word(stored, msgid, context):
        return stored
    return str(translation.pgettext(context, msgid) if context else translation.gettext(msgid))
