"""Reads of the example bank: search, one example, and the snapshot a decided case would publish.

The bank is national, so unlike every other app's selectors these are not scoped to a
municipality; withdrawn examples are never shown.

Search has two implementations behind one function, chosen by the database:

* PostgreSQL: full-text search with the ``norwegian`` configuration (stemming, stop words) over
  the stored, weighted ``search_vector`` column of migration 0004 (the title above the rest), matched
  through its GIN index ``example_search_vector_gin`` and ranked with ``ts_rank``;
* SQLite (development and the first test run): the stem of every word of the query must occur in
  the search text (case-insensitive, also for æ, ø and å, because the text is stored lower-cased),
  newest first. The stem is Snowball's Norwegian stemmer (``snowballstemmer``), the algorithm
  PostgreSQL's ``norwegian`` configuration uses, so «dagaktiviteter» finds «dagaktivitet» on both
  databases: the stemmer only strips endings, so every inflected form of a word contains its stem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import snowballstemmer
from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from prioritet.accounts.models import Municipality
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import Case, Decision, Level
from prioritet.cases.selectors import current_decision
from prioritet.core.formatting import priority_label, priority_word
from prioritet.engine import CRITERIA, Criterion

from .models import Example, ExampleAlternative, SizeClass

#: The text search configuration of PostgreSQL used for the bank (Snowball's Norwegian stemmer).
CONFIG = "norwegian"

#: Score bands of the criteria-profile filter: high (4–5), moderate (3), low (1–2).
BANDS: dict[str, tuple[int, int]] = {"high": (4, 5), "moderate": (3, 3), "low": (1, 2)}
PROFILE_CRITERIA = ("severity", "benefit", "resources")

_WORD = re.compile(r"\w+", re.UNICODE)

#: Snowball's Norwegian (bokmål) stemmer; it serves nynorsk queries too, as PostgreSQL's does.
_STEMMER = snowballstemmer.stemmer("norwegian")
#: A stem shorter than this matches too much as a substring: the word is searched as it is.
MIN_STEM = 3


def _profile(qs: QuerySet[Example]) -> QuerySet[Example]:
    """Annotate the scores of the alternative that shows the example's profile: the chosen one, else the first."""
    first = ExampleAlternative.objects.filter(example=OuterRef("pk")).order_by("-chosen", "position", "pk")
    return qs.annotate(
        profile_title=Subquery(first.values("title")[:1]),
        **{f"profile_{name}": Subquery(first.values(name)[:1]) for name in PROFILE_CRITERIA},
    )


def _filter(qs: QuerySet[Example], filters: Mapping[str, Any]) -> QuerySet[Example]:
    if filters.get("level"):
        qs = qs.filter(level=filters["level"])
    if filters.get("service_area"):
        qs = qs.filter(service_area__iexact=filters["service_area"])
    if filters.get("size_class"):
        qs = qs.filter(size_class=filters["size_class"])
    if filters.get("municipality"):
        qs = qs.filter(municipality=filters["municipality"])
    for name in PROFILE_CRITERIA:
        band = filters.get(name)
        if band in BANDS:
            low, high = BANDS[band]
            qs = qs.filter(**{f"profile_{name}__gte": low, f"profile_{name}__lte": high})
    return qs


def words(query: str) -> list[str]:
    """The query's words, lower-cased, for the SQLite fallback."""
    return [w.lower() for w in _WORD.findall(query or "")]


def stems(query: str) -> list[str]:
    """The Norwegian stems of the query's words («dagaktiviteter» → «dagaktivitet», «omsorgsboliger» →
    «omsorgsbo»), each word kept whole when its stem would be shorter than :data:`MIN_STEM` letters."""
    result = []
    for word in words(query):
        stem = _STEMMER.stemWord(word)
        result.append(stem if len(stem) >= MIN_STEM else word)
    return result


#: Web-search operators (a phrase, an excluded word, «or»): a query with them is taken as PostgreSQL reads it.
_OPERATORS = re.compile(r"[\"-]|\bor\b", re.IGNORECASE)


#: A twice-stemmed word shorter than this is matched as a whole stem, not as a prefix («dem» would
#: find the pronoun «dem»).
MIN_PREFIX = 5


def _prefix_query(query: str):
    """Every word of a plain query as the prefix of its stem stemmed twice: «dagaktiviteter» → ``'dagaktivit':*``.

    Snowball gives the plural and the singular different stems («dagaktiviteter» → «dagaktivitet»,
    «dagaktivitet» → «dagaktivit»), so the plural's stem would not find the singular; the stem of the
    stem, as a prefix, finds both. The terms are made here with the same Snowball algorithm and given
    to PostgreSQL with the ``simple`` configuration, so it stems nothing more. A stem of the stem
    shorter than :data:`MIN_PREFIX` letters is matched whole. The words are ``\\w+`` only, safe in a raw
    query. ``None`` for a query with web-search operators, whose meaning (a phrase, «-word», «or») a
    prefix would change.
    """
    from django.contrib.postgres.search import SearchQuery

    if _OPERATORS.search(query):
        return None
    terms = []
    for word in words(query):
        once = _STEMMER.stemWord(word)
        twice = _STEMMER.stemWord(once)
        terms.append(f"{twice}:*" if len(twice) >= MIN_PREFIX else once)
    if not terms:
        return None
    return SearchQuery(" & ".join(terms), config="simple", search_type="raw")


def _search_postgresql(qs: QuerySet[Example], query: str) -> QuerySet[Example]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
    from django.db.models.expressions import RawSQL

    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    prefix = _prefix_query(query)
    if prefix is not None:
        search_query = search_query | prefix
    # The stored, weighted vector of migration 0004 (title A, the rest B): its GIN index answers the
    # match, and the rank reads it instead of parsing every matching example again.
    vector = RawSQL('"examples_example"."search_vector"', (), output_field=SearchVectorField())
    return (
        qs.annotate(document=vector)
        .filter(document=search_query)
        .annotate(rank=SearchRank(vector, search_query))
        .order_by("-rank", "-published_at", "-pk")
    )


def _search_fallback(qs: QuerySet[Example], query: str) -> QuerySet[Example]:
    for word in stems(query):
        qs = qs.filter(search_document__contains=word)
    return qs.order_by("-published_at", "-pk")


def search(query: str = "", filters: Mapping[str, Any] | None = None) -> QuerySet[Example]:
    """Visible examples matching ``query`` and ``filters``, best match first (newest first without a query).

    ``filters``: ``level``, ``service_area`` (a name), ``size_class``, ``municipality`` (the publishing
    one) and ``severity``/``benefit``/``resources`` (a key of :data:`BANDS`, applied to the profile
    alternative). Each row carries ``profile_title`` and ``profile_<criterion>``.
    """
    qs = _filter(_profile(Example.objects.visible()), filters or {})
    query = (query or "").strip()
    if not query:
        return qs.order_by("-published_at", "-pk")
    if connection.vendor == "postgresql":
        return _search_postgresql(qs, query)
    return _search_fallback(qs, query)


def service_areas() -> list[str]:
    """The distinct service-area names in the bank, for the filter."""
    names = Example.objects.visible().exclude(service_area="").values_list("service_area", flat=True)
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(name.casefold(), name)
    return sorted(unique.values(), key=str.casefold)


def get_example(pk: int) -> Example:
    """A visible example with its alternatives; 404 when withdrawn or missing."""
    return get_object_or_404(Example.objects.visible().prefetch_related("alternatives"), pk=pk)


def published_example(case: Case) -> Example | None:
    """The case's example in the bank, if it has one that is not withdrawn."""
    return Example.objects.visible().filter(source_case=case).first()


# The snapshot of a case --------------------------------------------------------------------------


@dataclass
class AlternativeSnapshot:
    title: str
    description: str
    severity: int | None
    benefit: int | None
    resources: int | None
    conclusion: str
    chosen: bool = False
    no_action: bool = False


@dataclass
class Snapshot:
    """What :func:`prioritet.examples.services.publish_case` writes, shown to the publisher first."""

    case: Case
    decision: Decision
    title: str
    summary: str
    level: str
    service_area: str
    source_label: str
    size_class: str
    decision_text: str
    priority: str
    justification: str
    alternatives: list[AlternativeSnapshot] = field(default_factory=list)

    @property
    def is_individual(self) -> bool:
        return self.level == Level.INDIVIDUAL

    def get_level_display(self) -> str:
        return str(Level(self.level).label)

    def get_size_class_display(self) -> str:
        return str(SizeClass(self.size_class).label)

    def get_priority_display(self) -> str:
        return priority_label(self.priority) if self.priority else ""

    def texts(self) -> dict[str, str]:
        """The free texts, keyed as the de-identification form names them."""
        return {
            "title": self.title,
            "summary": self.summary,
            "decision": self.decision_text,
            "justification": self.justification,
        }


def _conclusion(row, decision: Decision) -> str:
    if row.is_reference:
        # «No action» is the reference: never ranked, never given a priority, also when chosen.
        if row.alternative.pk == decision.alternative_id:
            return _("Chosen; the reference, not ranked")
        return _("The reference, not ranked")
    if row.rank is None:
        return _("Not assessed")
    if row.alternative.pk == decision.alternative_id:
        return _("Chosen with %(priority)s priority (suggestion no. %(rank)d)") % {
            "priority": priority_word(decision.priority),
            "rank": row.rank,
        }
    return _("Suggestion no. %(rank)d, %(band)s priority") % {"rank": row.rank, "band": priority_word(row.band.value)}


def case_snapshot(case: Case, decision: Decision | None = None) -> Snapshot:
    """The example a decided case makes: the combined judgment's rounded medians as the case page shows them.

    Individual cases get no source label (the municipality stays internal) and never their case reference.
    """
    decision = decision or current_decision(case)
    if decision is None:
        raise ValueError("only a decided case has a snapshot")
    # The weights the decision was made with: the order and bands as the decision-maker saw them.
    judgment = combined_judgment(case, decision.weight_version)
    alternatives = []
    for row in judgment.rows:
        scores = dict(zip(CRITERIA, row.scores, strict=True)) if row.medians else {}
        alternatives.append(
            AlternativeSnapshot(
                title=row.alternative.title,
                description=row.alternative.description,
                severity=scores.get(Criterion.SEVERITY),
                benefit=scores.get(Criterion.BENEFIT),
                resources=scores.get(Criterion.RESOURCES),
                conclusion=_conclusion(row, decision),
                chosen=row.alternative.pk == decision.alternative_id,
                no_action=row.alternative.is_no_action,
            )
        )
    municipality: Municipality = case.municipality
    individual = case.level == Level.INDIVIDUAL
    return Snapshot(
        case=case,
        decision=decision,
        title=case.title,
        summary=case.description,
        level=case.level,
        service_area=case.service_area.name if case.service_area_id else "",
        source_label="" if individual else municipality.name,
        size_class=SizeClass.of(municipality.population),
        decision_text=_("%(alternative)s – %(priority)s priority")
        % {"alternative": decision.alternative.title, "priority": priority_word(decision.priority)}
        if decision.priority
        else decision.alternative.title,
        priority=decision.priority,
        justification=decision.justification,
        alternatives=alternatives,
    )
