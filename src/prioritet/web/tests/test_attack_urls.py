"""Every URL of the product, attacked by every role of another municipality.

The list comes from the URL resolver, so a new page is attacked the day it is added. Path parameters
are filled with the victim's objects (:data:`OBJECT_PARAMETERS`); a parameter this module cannot
fill fails :func:`test_every_url_parameter_can_be_filled`, naming the pattern, until someone says
which object it names. Then, for every signed-in role of the attacking municipality:

* a URL naming the victim's object answers 403 or 404 to GET and to POST, also when it mixes the
  attacker's own case or portfolio with the victim's sub-object;
* no page, with or without parameters, shows the victim's marker text;
* nothing in the database changes (row counts after every request, every row after each role).

The JSON API is attacked in ``test_attack_api.py`` from its OpenAPI schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from prioritet.accounts.models import MUNICIPAL_ROLES
from prioritet.cases.models import Case

from .world import Tenant, build_world, changed, fingerprint, row_counts, sign_in

#: Pages anyone may open whoever owns what they show, and why.
PUBLIC_BY_DESIGN = {
    "public:index": "the public list of municipalities",
    "public:municipality": "a municipality's public page",
    "public:criteria": "a municipality's published weights",
    "public:publication": "a published prioritisation",
    "public:feed": "the public Atom feed",
    "public:key_figures": "a municipality's published key figures",
    "participation:answer": "a personal answer link: the token in the address is the key",
    "examples:detail": "the national example bank is shared by every municipality",
    "examples:template": "any municipality may start a case from a shared example",
    "planning:feed": "a calendar program's subscription to the milestones: the secret address is the key",
    "budgetplan:public_innstilling": "a published innstilling to the economic plan (kommuneloven § 14-3)",
}
#: Pages that hold no municipality's data at all, and are not attacked with POST (logout ends the session).
NO_TENANT_DATA = {"healthz", "login", "logout", "set_language", "public:language", "accessibility"} | {
    # Password reset by e-mail: the same pages whoever asks; the one-time link in the address is the key.
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # The signed-in user's own second factor: it changes their own devices, nothing of a municipality.
    "accounts:mfa_setup",
    "accounts:mfa_verify",
    "accounts:mfa_turn_off",
    "accounts:recovery_codes_renew",
}
#: The JSON API has its own attack, from its schema.
SKIPPED_NAMESPACES = ("api-v1",)

#: What each path parameter names: a function of the victim tenant. ``pk`` depends on the namespace.
OBJECT_PARAMETERS: dict[str, Callable[[Tenant], Any]] = {
    "alt": lambda t: t.alternative.pk,
    "measure_pk": lambda t: t.measure.pk,
    "scenario_pk": lambda t: t.scenario.pk,
    "round_pk": lambda t: t.round.pk,
    "invitation_pk": lambda t: t.invitation.pk,
    "rid": lambda t: t.reflection.pk,
    "eid": lambda t: t.etd.pk,
    "case_pk": lambda t: t.service_case.pk,
    "import_id": lambda t: t.measure_import.pk,
    "upload_pk": lambda t: getattr(t.indicator_import, "pk", 0),
    "document": lambda t: t.report_document.pk,
    "milestone_pk": lambda t: t.milestone.pk,
    "body_pk": lambda t: getattr(t.decision_body, "pk", 0),
    "effect_pk": lambda t: t.effect.pk,
    "projection_scenario_pk": lambda t: getattr(t.projection_scenario, "pk", 0),
    "citation_pk": lambda t: getattr(t.citation, "pk", 0),
    "report_pk": lambda t: getattr(t.consistency_report, "pk", 0),
    "entry_pk": lambda t: getattr(t.waiting_entry, "pk", 0),
    "plan_measure_pk": lambda t: t.extra["plan_measure"].pk,
    "plan_import_pk": lambda t: t.extra["plan_import"].pk,
    "party_group_pk": lambda t: t.extra["party_group"].pk,
    "alternative_pk": lambda t: t.extra["plan_alternative"].pk,
    "question_pk": lambda t: t.extra["budget_question"].pk,
    "complaint_pk": lambda t: getattr(t.complaint, "pk", 0),
    "feed_token": lambda t: t.feed_token,
    "slug": lambda t: t.municipality.slug,
    "token": lambda t: t.invitation_token,
    "uidb64": lambda t: urlsafe_base64_encode(force_bytes(t.users["leader"].pk)),
    # The Django admin's.
    "object_id": lambda t: t.service_case.pk,
    "content_type_id": lambda t: ContentType.objects.get_for_model(Case).pk,
    "id": lambda t: t.users["leader"].pk,
    "app_label": lambda t: "cases",
    "url": lambda t: f"cases/case/{t.service_case.pk}/change/",
}
PK_BY_NAMESPACE: dict[str, Callable[[Tenant], Any]] = {
    "cases": lambda t: t.service_case.pk,
    "reports": lambda t: t.service_case.pk,
    "participation": lambda t: t.service_case.pk,
    "ethics": lambda t: t.service_case.pk,
    "evidence": lambda t: t.service_case.pk,
    "effects": lambda t: t.service_case.pk,
    "portfolio": lambda t: t.portfolio.pk,
    "public": lambda t: t.service_case.pk,
    "examples": lambda t: t.example.pk,
    "calibration": lambda t: t.exercise.pk,
    "planning": lambda t: t.plan.pk,
    "budgetplan": lambda t: t.political_case.pk,
    "catalogue": lambda t: t.extra["catalogue_entry"].pk,
    "indicators": lambda t: getattr(t.indicator, "pk", 0),
    "waiting": lambda t: getattr(t.waiting_service, "pk", 0),
    "api": lambda t: t.token.pk,
    "admin": lambda t: t.service_case.pk,
}
PK_BY_NAME: dict[str, Callable[[Tenant], Any]] = {
    "public:publication": lambda t: t.publication.pk,
    "budgetplan:public_innstilling": lambda t: t.extra["economy_plan"].pk,
    "public:key_figure_edit": lambda t: getattr(t.indicator, "pk", 0),
    "examples:publish": lambda t: t.service_case.pk,
    "accounts:user_edit": lambda t: t.users["leader"].pk,
    "accounts:user_mfa_reset": lambda t: t.users["leader"].pk,
    "accounts:service_area_edit": lambda t: t.service_area.pk,
    "accounts:municipality_edit": lambda t: t.municipality.pk,
    "accounts:municipal_admin_create": lambda t: t.municipality.pk,
    **{
        f"indicators:{name}": lambda t: getattr(t.projection, "pk", 0)
        for name in (
            "projection",
            "projection_edit",
            "projection_population",
            "projection_scenario_create",
            "projection_scenario_edit",
            "projection_scenario_delete",
        )
    },
}
#: Parameters that are not a municipality's object (a step or a flow): any valid value will do.
CONSTANT_PARAMETERS: dict[str, Callable[[Tenant], Any]] = {
    "number": lambda t: 1,  # a weights version, a pairwise question, an ethics step: per municipality
    "flow": lambda t: "swing",
}
#: Case pages are attacked with the victim's case at every level, not only the service case.
CASE_NAMESPACES = ("cases", "reports", "participation", "ethics", "evidence", "effects", "budgetplan")

_ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
_REGEX_NAMED = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_REGEX_UNNAMED = re.compile(r"\((?!\?)[^)]*\)")


@dataclass(frozen=True)
class Pattern:
    """One URL pattern: its full route pieces (route or regex), name and parameter names."""

    name: str
    pieces: tuple[Any, ...]

    @property
    def namespace(self) -> str:
        return self.name.split(":")[0] if ":" in self.name else ""

    @property
    def parameters(self) -> list[str]:
        names: list[str] = []
        for piece in self.pieces:
            if isinstance(piece, RoutePattern):
                names += _ROUTE_PARAMETER.findall(str(piece))
            elif isinstance(piece, RegexPattern):
                names += _REGEX_NAMED.findall(str(piece))
                names += [f"#{i}" for i, _ in enumerate(_REGEX_UNNAMED.findall(_REGEX_NAMED.sub("", str(piece))))]
        return names

    @property
    def route(self) -> str:
        return "".join(str(piece) for piece in self.pieces)


def patterns(
    resolvers: list[Any] | None = None, pieces: tuple[Any, ...] = (), namespace: str = ""
) -> Iterator[Pattern]:
    """Every pattern of the URL configuration, with its namespaced name (``?`` for unnamed ones)."""
    for entry in get_resolver().url_patterns if resolvers is None else resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from patterns(entry.url_patterns, (*pieces, entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name or '?'}" if namespace else entry.name or "?"
            yield Pattern(name, (*pieces, entry.pattern))


def attacked_patterns() -> list[Pattern]:
    return [p for p in patterns() if p.namespace not in SKIPPED_NAMESPACES]


def value_of(pattern: Pattern, parameter: str, tenant: Tenant) -> Any:
    """The value of one path parameter for ``tenant``; ``KeyError`` naming it when unknown."""
    if parameter == "pk":
        if pattern.name in PK_BY_NAME:
            return PK_BY_NAME[pattern.name](tenant)
        if pattern.namespace in PK_BY_NAMESPACE:
            return PK_BY_NAMESPACE[pattern.namespace](tenant)
    if parameter.startswith("#"):  # an unnamed regex group of the admin: an object, then a history entry
        return tenant.service_case.pk
    if parameter in OBJECT_PARAMETERS:
        return OBJECT_PARAMETERS[parameter](tenant)
    if parameter in CONSTANT_PARAMETERS:
        return CONSTANT_PARAMETERS[parameter](tenant)
    raise KeyError(f"{pattern.name} ({pattern.route}): no value for the path parameter {parameter!r}")


def build_path(pattern: Pattern, values: list[Any]) -> str:
    """The path of ``pattern`` with ``values`` in its parameters' order."""
    remaining = iter(values)
    out = "/"
    for piece in pattern.pieces:
        text = str(piece)
        if isinstance(piece, RoutePattern):
            out += _ROUTE_PARAMETER.sub(lambda _m: str(next(remaining)), text)
        else:
            text = _REGEX_NAMED.sub(lambda _m: str(next(remaining)), text.lstrip("^").rstrip("$"))
            out += _REGEX_UNNAMED.sub(lambda _m: str(next(remaining)), text)
    return out


def is_object_parameter(parameter: str) -> bool:
    return parameter not in CONSTANT_PARAMETERS


def attacks(pattern: Pattern, attacker: Tenant, victim: Tenant) -> Iterator[str]:
    """The paths that name the victim's objects: every parameter the victim's; and own case + victim's rest."""
    parameters = pattern.parameters
    victim_values = [value_of(pattern, p, victim) for p in parameters]
    yield build_path(pattern, victim_values)
    if pattern.namespace in CASE_NAMESPACES and parameters == ["pk"]:
        for case in (victim.individual_case, victim.political_case):
            yield build_path(pattern, [case.pk])
    if len(parameters) > 1:
        yield build_path(pattern, [value_of(pattern, parameters[0], attacker), *victim_values[1:]])


def body_of(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def refused(pattern: Pattern, response: Any) -> bool:
    """403/404 (405 for a method the page does not take); the admin sends non-staff users to its login."""
    if response.status_code in {403, 404, 405}:
        return True
    return (
        pattern.namespace == "admin" and response.status_code == 302 and "/django-admin/login/" in response["Location"]
    )


@pytest.fixture
def world(db) -> tuple[Tenant, Tenant]:
    return build_world()


def test_every_url_parameter_can_be_filled(world):
    """A new page whose path parameter this module does not know fails here, naming it."""
    _attacker, victim = world
    unknown = []
    for pattern in attacked_patterns():
        for parameter in pattern.parameters:
            try:
                value_of(pattern, parameter, victim)
            except KeyError as error:
                unknown.append(str(error))
    assert unknown == []
    assert len(attacked_patterns()) > 100


def run_attack(world: tuple[Tenant, Tenant], method: str) -> list[str]:
    """Attack every URL as every role of the attacker; return what went wrong, one line each."""
    attacker, victim = world
    problems: list[str] = []
    marker = victim.marker.encode()
    for role in MUNICIPAL_ROLES:
        client = sign_in(attacker.users[str(role)])
        before = fingerprint()
        for pattern in attacked_patterns():
            if pattern.name in NO_TENANT_DATA or (method == "post" and pattern.name in PUBLIC_BY_DESIGN):
                continue
            has_objects = any(is_object_parameter(p) for p in pattern.parameters)
            paths = list(attacks(pattern, attacker, victim)) if pattern.parameters else [build_path(pattern, [])]
            for path in paths:
                counts = row_counts()
                response = getattr(client, method)(path)
                where = f"{role} {method.upper()} {path} ({pattern.name})"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                if has_objects and pattern.name not in PUBLIC_BY_DESIGN and not refused(pattern, response):
                    problems.append(f"{where}: {response.status_code}, not 403/404")
                if pattern.name not in PUBLIC_BY_DESIGN and marker in body_of(response):
                    problems.append(f"{where}: shows the other municipality's data")
                if row_counts() != counts:
                    problems.append(f"{where}: added or deleted rows in {changed(counts, row_counts())}")
        after = fingerprint()
        if after != before:
            problems.append(f"{role} {method.upper()}: changed rows in {changed(before, after)}")
    return problems


def test_another_municipalitys_users_get_404_or_403_on_every_page_and_see_none_of_its_data(world):
    assert run_attack(world, "get") == []


def test_another_municipalitys_users_change_nothing_with_a_post_to_any_page(world):
    assert run_attack(world, "post") == []
