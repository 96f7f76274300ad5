"""Fixtures for the evidence tests: cases at each level made through the cases services."""

from __future__ import annotations

import pytest

from prioritet.cases import services as case_services
from prioritet.cases.models import Level


@pytest.fixture
def individual_case(make_case, caseworker):
    return make_case(caseworker, case_reference="SAK-2025-0412")


@pytest.fixture
def service_case(make_case, leader):
    return make_case(leader, level=Level.SERVICE, title="Vurdere oppstart av Larvikshjelpa")


@pytest.fixture
def measure(service_case, leader):
    return case_services.add_alternative(service_case, leader, title="Starte Larvikshjelpa")


@pytest.fixture
def no_action(service_case):
    from prioritet.cases.models import AlternativeKind

    return service_case.alternatives.get(kind=AlternativeKind.NO_ACTION)


def hta_data(**extra):
    data = {
        "population": "Innbyggere med lette psykiske plager.",
        "intervention": "Lavterskeltilbudet Larvikshjelpa.",
        "comparison": "Dagens venteliste.",
        "outcomes": "Ventetid, funksjon, sykefravær.",
        "literature": "",
        "effect": "Kortere ventetid.",
        "safety": "Ingen kjente skadevirkninger.",
        "certainty": "moderate",
        "certainty_rationale": "",
        "costs": "Omdisponering av to fagstillinger.",
        "organisation": "",
        "ethics": "",
        "legal": "",
        "user_perspective": "",
        "conclusion": "Anbefales innført.",
        "authors": "psykolog, enhetsleder",
        "assessed_on": None,
    }
    data.update(extra)
    return data


def judgements(**overrides):
    from prioritet.evidence import grade

    out = {
        c.key: {"judgement": c.options[0][0], "research_evidence": "", "additional_considerations": ""}
        for c in grade.CRITERIA
    }
    for key, value in overrides.items():
        out[key] = {**out[key], "judgement": value}
    return out


def etd_data(option, comparison, **extra):
    data = {
        "option": option,
        "comparison": comparison,
        "question": "Bør tjenesten starte Larvikshjelpa?",
        "decision_type": "conditional_for",
        "justification": "Stor nytte, ingen nye ressurser.",
        "implementation": "",
        "monitoring": "",
    }
    data.update(extra)
    return data
