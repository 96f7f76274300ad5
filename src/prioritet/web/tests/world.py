"""Two municipalities with something of everything, for the attack tests.

Each :class:`Tenant` has a user of every municipal role, cases at every level (open and decided),
alternatives and assessments, a consultation round with an invitation, an ethical reflection, a
mini-metodevurdering and an EtD panel, a portfolio with a measure, a budget and a scenario, a
publication, an example in the national bank, a calibration exercise, weights, an indicator of its
own cited in the open political case (and its need projection's scenario), and an API token.
Every text a tenant writes carries its :attr:`Tenant.marker`, so a page that shows another
municipality's data is caught by looking for the marker.

Everything is made through the apps' services, as the pages make it.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.utils import timezone

from prioritet.accounts import testing as accounts_testing
from prioritet.accounts.models import MUNICIPAL_ROLES, Municipality, Role, ServiceArea, User
from prioritet.accounts.testing import make_municipality, make_service_area, make_user
from prioritet.api.models import INTEGRATION_ROLES, ApiToken
from prioritet.api.testing import make_integration_token
from prioritet.budgetplan import services as budgetplan_services
from prioritet.budgetplan.models import PlanImport, PlanMeasure
from prioritet.calibration import services as calibration_services
from prioritet.calibration.models import Exercise
from prioritet.calibration.testing import make_example
from prioritet.cases import complaints as complaint_services
from prioritet.cases import political as political_services
from prioritet.cases import services as case_services
from prioritet.cases import voice as voice_services
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import (
    AccessGrant,
    Alternative,
    AlternativeKind,
    Case,
    Complaint,
    ConsistencyReport,
    DecisionBody,
    GrantReason,
    Level,
)
from prioritet.catalogue import services as catalogue_services
from prioritet.core.records import TaskStatus
from prioritet.effects import services as effect_services
from prioritet.effects.models import ExpectedEffect
from prioritet.ethics import services as ethics_services
from prioritet.ethics.models import EthicalReflection
from prioritet.evidence import grade
from prioritet.evidence import services as evidence_services
from prioritet.evidence.models import EvidenceToDecision
from prioritet.examples import services as example_services
from prioritet.examples.models import Example
from prioritet.indicators import services as indicator_services
from prioritet.indicators.models import (
    Citation,
    IndicatorDefinition,
    IndicatorImport,
    IndicatorValue,
    NeedProjection,
    PeriodKind,
    ProjectionScenario,
    SourceKind,
)
from prioritet.participation import services as participation_services
from prioritet.participation.models import Group, Invitation, Round
from prioritet.planning import services as planning_services
from prioritet.planning.models import Milestone, PlanKind, PlanPeriod
from prioritet.portfolio import imports as portfolio_imports
from prioritet.portfolio import services as portfolio_services
from prioritet.portfolio.models import Measure, MeasureImport, Portfolio, Scenario, ScenarioKind
from prioritet.public import services as public_services
from prioritet.public.models import Publication
from prioritet.reports.models import ReportDocument
from prioritet.waiting import services as waiting_services
from prioritet.waiting.models import WaitingEntry, WaitingService
from prioritet.weighting import services as weighting_services


@dataclass
class Tenant:
    """One municipality of the world and what it holds."""

    marker: str
    municipality: Municipality
    users: dict[str, User]
    service_area: ServiceArea
    individual_case: Case
    service_case: Case
    political_case: Case
    alternative: Alternative
    round: Round
    invitation: Invitation
    invitation_token: str
    reflection: EthicalReflection
    etd: EvidenceToDecision
    portfolio: Portfolio
    measure: Measure
    scenario: Scenario
    measure_import: MeasureImport
    report_document: ReportDocument
    publication: Publication
    example: Example
    exercise: Exercise
    plan: PlanPeriod
    effect: ExpectedEffect
    milestone: Milestone
    feed_token: str
    weight_number: int
    token: ApiToken
    raw_token: str
    extra: dict[str, Any] = field(default_factory=dict)
    #: A political body of the municipality (its name carries the marker).
    decision_body: DecisionBody | None = None
    #: An indicator of the municipality's own (national definitions are everyone's to read).
    indicator: IndicatorDefinition | None = None
    #: A need projection and one of its scenarios.
    projection: NeedProjection | None = None
    projection_scenario: ProjectionScenario | None = None
    #: An upload of figures as its check leaves it, waiting for its uploader's confirmation.
    indicator_import: IndicatorImport | None = None
    #: The open political case's cited figures (the municipality's own indicator).
    citation: Citation | None = None
    #: A leader's consistency report of the service area (issue 13 §3), computed: its result names
    #: the individual case by its marked reference.
    consistency_report: ConsistencyReport | None = None
    #: A service with a waiting list and capacity, and a decided individual case waiting on it.
    waiting_service: WaitingService | None = None
    waiting_entry: WaitingEntry | None = None
    #: A complaint on a decided individual case, sent on to Statsforvalteren (no result yet).
    complaint: Complaint | None = None
    #: An emergency access to the individual case by a caseworker outside its team (its text has the marker).
    grant: AccessGrant | None = None

    @property
    def cases(self) -> list[Case]:
        return [self.individual_case, self.service_case, self.political_case]


def make_api_token(user: User, name: str = "Fagsystem") -> tuple[ApiToken, str]:
    """The one place the attack tests make API tokens, so a change in how tokens are made lands here."""
    assert user.municipality is not None
    admin = User.objects.filter(municipality=user.municipality, role=Role.MUNICIPAL_ADMIN).first()
    # Tokens act as integrations, never people: one with the user's role (an administrator's: a reading leader).
    if user.role in INTEGRATION_ROLES:
        return make_integration_token(user.municipality, role=user.role, name=name, created_by=admin)
    return make_integration_token(user.municipality, role=Role.LEADER, access="read", name=name, created_by=admin)


def _scores(benefit: int, resources: int) -> dict[str, Any]:
    return {
        "benefit": benefit,
        "resources": resources,
        "benefit_justification": "",
        "resources_justification": "",
        "basis_research": False,
        "basis_clinical": True,
        "basis_user": False,
        "certainty": "medium",
    }


def _assess(case: Case, assessors: list[User]) -> None:
    for alternative in case.alternatives.all():
        # Doing nothing scores lowest, so deciding for the top alternative needs no forsvarlighet check.
        values = (1, 1) if alternative.kind == AlternativeKind.NO_ACTION else (4, 2)
        for assessor in assessors:
            case_services.save_assessment(alternative, assessor, None, _scores(*values))


def _decide(case: Case, user: User, marker: str) -> None:
    case.refresh_from_db()
    top = combined_judgment(case).top
    assert top is not None, "the case has an assessed alternative"
    case_services.decide(
        case,
        user,
        case.version,
        alternative=top.alternative,
        priority="high",
        justification=f"{marker} begrunnelse",
        reassessment_due=timezone.localdate() + datetime.timedelta(days=180),
    )
    case.refresh_from_db()


def _judgements() -> dict[str, dict[str, str]]:
    return {
        c.key: {"judgement": c.options[0][0], "research_evidence": "", "additional_considerations": ""}
        for c in grade.CRITERIA
    }


def _shared_example(municipality: Municipality, leader: User, second_leader: User) -> Example:
    """An example the municipality shared in the national bank; without the marker, since every
    municipality sees the bank by design."""
    case = case_services.create_case(
        municipality,
        leader,
        no_action_consequence="Ventetiden øker.",
        level=Level.SERVICE,
        title="Delt sak",
        severity=4,
    )
    case_services.add_alternative(case, leader, title="Starte tilbudet")
    _assess(case, [leader, second_leader])
    _decide(case, leader, "Delt")
    return example_services.publish_case(case, leader)


def build_tenant(name: str, number: str, marker: str) -> Tenant:
    """A municipality with one of everything; ``marker`` is in every text it writes."""
    municipality = make_municipality(name, number=number)
    users = {
        str(role): make_user(role, municipality=municipality, username=f"{number}-{role}") for role in MUNICIPAL_ROLES
    }
    second_leader = make_user(Role.LEADER, municipality=municipality, username=f"{number}-leader2")
    caseworker, leader, director = users[Role.CASEWORKER], users[Role.LEADER], users[Role.DIRECTOR]
    area = make_service_area(municipality, f"{marker} hjemmetjenester")

    def new_case(user: User, level: str, title: str) -> Case:
        return case_services.create_case(
            municipality,
            user,
            no_action_consequence=f"{marker} konsekvens",
            level=level,
            title=f"{marker} {title}",
            description=f"{marker} beskrivelse",
            service_area=area,
            severity=4,
            severity_justification=f"{marker} alvorlighet",
        )

    individual = new_case(caseworker, Level.INDIVIDUAL, "søknad om rehabilitering")
    institution = case_services.add_alternative(individual, caseworker, title=f"{marker} institusjon")
    # The case team: the caseworker who made it, the health worker added to it, the area's leader.
    case_services.add_team_member(individual, caseworker, users[Role.HEALTH_PERSONNEL])
    accounts_testing.lead(leader, area)
    case_services.add_alternative(individual, caseworker, title=f"{marker} institusjon")
    _assess(individual, [caseworker, users[Role.HEALTH_PERSONNEL]])
    # The person's voice, marked: no other municipality may read it (issue 13 §4).
    voice_services.save_voice(
        individual,
        caseworker,
        None,
        {
            "what_matters": f"{marker} viktig for meg",
            "relatives_burden": f"{marker} belastning",
            "children": "affected",
            "children_assessment": f"{marker} barnets beste",
        },
        {institution.pk: f"{marker} mitt syn"},
    )

    political = new_case(director, Level.POLITICAL, "dagaktivitet")
    case_services.add_alternative(political, director, title=f"{marker} utvide")

    service = new_case(leader, Level.SERVICE, "Larvikshjelpa")
    alternative = case_services.add_alternative(service, leader, title=f"{marker} starte", description=marker)
    _assess(service, [leader, second_leader])
    reflection = ethics_services.start(service, leader, title=f"{marker} refleksjon", participants=marker)
    evidence_services.save_mini_hta(
        alternative,
        leader,
        None,
        {"population": marker, "intervention": marker, "outcomes": marker, "effect": marker, "certainty": "moderate"},
    )
    no_action = service.alternatives.get(kind=AlternativeKind.NO_ACTION)
    etd = evidence_services.save_etd(
        service,
        leader,
        None,
        None,
        {"option": alternative, "comparison": no_action, "question": f"{marker} spørsmål"},
        _judgements(),
    )
    round_, links = participation_services.open_round(
        service,
        leader,
        question=f"{marker} spørsmål",
        deadline=timezone.now() + datetime.timedelta(days=7),
        public_enabled=True,
        invitations=[(Group.ELDERLY_COUNCIL, f"{marker} eldreråd")],
    )
    portfolio = portfolio_services.create_portfolio(service, leader)
    portfolio_services.set_budget(portfolio, leader, {"cost_nok": Decimal(1_000_000)})
    measure = portfolio_services.create_measure(
        portfolio,
        leader,
        amounts={"cost_nok": Decimal(500_000)},
        code="M1",
        name=f"{marker} tiltak",
        benefit=4,
        severity=4,
        resources=3,
    )
    scenario = portfolio_services.create_scenario(
        portfolio,
        leader,
        name=f"{marker} scenario",
        kind=ScenarioKind.PROPOSAL,
        measures=[measure],
        alternative=alternative,  # the decision of a case with a portfolio is a scenario (issue 11 §4)
    )
    _decide(service, leader, marker)
    publication = public_services.publish(service, leader, decided_by_body=f"{marker} utvalg", summary=marker)
    example = _shared_example(municipality, leader, second_leader)
    exercise = calibration_services.create_exercise(
        municipality,
        leader,
        title=f"{marker} kalibrering",
        examples=[make_example(), make_example()],
        participants=[users[Role.CASEWORKER], users[Role.HEALTH_PERSONNEL], second_leader],
    )
    weights = weighting_services.create_version(
        municipality,
        None,
        benefit=Decimal(40),
        severity=Decimal(40),
        resources=Decimal(20),
        reason=f"{marker} vekter",
        decided_by_body=f"{marker} kommunestyret",
    )
    plan = planning_services.create_plan(
        municipality, director, kind=PlanKind.ANNUAL_BUDGET, name=f"{marker} budsjett", first_year=2027, last_year=2027
    )
    milestone = planning_services.add_milestone(
        plan, director, name=f"{marker} rammesak", due=timezone.localdate(), description=marker
    )
    planning_services.link_case(political, director, plan, milestone, None)
    effect_services.save_implementation(
        service, leader, None, responsible_unit=f"{marker} enhet", start_date=timezone.localdate()
    )
    effect = effect_services.add_effect(
        service,
        leader,
        description=f"{marker} effekt",
        indicator=marker,
        unit="",
        baseline=Decimal(10),
        target=Decimal(5),
        evaluate_by=timezone.localdate(),
    )
    feed = planning_services.renew_feed(municipality, users[Role.MUNICIPAL_ADMIN])
    decision_body = political_services.create_body(
        municipality, users[Role.MUNICIPAL_ADMIN], name=f"{marker} kommunestyre"
    )
    indicator = IndicatorDefinition.objects.create(
        owner=municipality,
        key=f"own-{marker.lower()}",
        name_nb=f"{marker} egen indikator",
        name_nn=f"{marker} eigen indikator",
        name_en=f"{marker} own indicator",
        unit="%",
        source=SourceKind.OWN,
    )
    projection = indicator_services.create_projection(
        municipality,
        leader,
        name=f"{marker} framskriving",
        service=f"{marker} hjemmetjenester",
        base_year=2025,
        end_year=2027,
        coverage={"80-89": 0.25},
        population={"80-89": {"2025": 1000, "2026": 1100, "2027": 1200}},
        fte_per_user=Decimal("0.5"),
        cost_per_user=Decimal(400000),
    )
    projection_scenario = indicator_services.create_scenario(
        projection,
        leader,
        name=f"{marker} scenario",
        adjustments=[{"kind": "coverage", "amount": -0.02, "from_year": None, "by_year": 2027, "groups": []}],
    )
    public_services.set_key_figure(
        users[Role.MUNICIPAL_ADMIN], indicator, published=True, explanation=f"{marker} nøkkeltall"
    )
    IndicatorValue.objects.create(
        municipality=municipality,
        definition=indicator,
        region=number,
        period="2024",
        period_kind=PeriodKind.YEAR,
        value=Decimal("42.5"),
        source=SourceKind.OWN,
    )
    citation = indicator_services.cite(political, director, indicator, regions=[number], note=f"{marker} sitat")
    # The political case cites the projection's scenario too (its page and report carry the marker).
    indicator_services.cite_projection(
        political, director, projection, projection_scenario, note=f"{marker} framskriving"
    )
    waiting_service = waiting_services.create_service(municipality, leader, name=f"{marker} sykehjem")
    waiting_services.change_capacity(waiting_service, leader, amount=Decimal(2), note=f"{marker} kapasitet")
    waiting = new_case(caseworker, Level.INDIVIDUAL, "søknad om sykehjemsplass")
    case_services.update_case(waiting, caseworker, waiting.version, case_reference=f"{marker[:3]}-VL-1")
    case_services.add_alternative(waiting, caseworker, title=f"{marker} langtidsplass")
    _assess(waiting, [caseworker])
    voice_services.save_voice(waiting, caseworker, None, {"children": "none"})
    _decide(waiting, caseworker, marker)
    waiting_entry = waiting_services.put_on_list(waiting, caseworker, waiting_service, urgency=2)
    token, raw_token = make_api_token(caseworker, name=f"{marker} fagsystem")
    economy_plan = budgetplan_services.create_plan(political, director, 2027, 2030)
    plan_measure = PlanMeasure.objects.create(
        municipality=municipality,
        plan=economy_plan,
        code=marker.lower(),
        name=f"{marker} plantiltak",
        benefit=3,
        severity=3,
        resources=3,
        running={"cost_nok": 100.0},
        first={"cost_nok": 100.0},
        created_by=director,
    )
    # A plan file as its check leaves it, waiting for its uploader's confirmation.
    plan_import = PlanImport.objects.create(
        municipality=municipality,
        plan=economy_plan,
        created_by=director,
        filename=f"{marker}.csv",
        status=TaskStatus.CHECKED,
        preview={"measures": [], "columns": ["cost_nok"], "problems": [{"message": marker, "row": 2, "column": "id"}]},
    )
    party_group = budgetplan_services.save_party_group(
        municipality, users[Role.MUNICIPAL_ADMIN], f"{marker} parti", [users[Role.POLITICIAN]]
    )
    plan_alternative = budgetplan_services.create_alternative(
        economy_plan, users[Role.POLITICIAN], party_group, f"{marker} alternativ"
    )
    # The formannskap's innstilling, recorded and not yet public (its public page answers 404).
    budgetplan_services.save_innstilling(
        economy_plan, director, alternative=None, meeting_date=None, text=f"{marker} innstilling"
    )
    # A budget question, assigned to the director to answer.
    budget_question = budgetplan_services.ask_question(
        economy_plan, users[Role.POLITICIAN], f"{marker} budsjettspørsmål", f"{marker} spørsmål", party_group
    )
    budget_question = budgetplan_services.assign_question(
        budget_question,
        budget_question.version,
        director,
        director,
        timezone.localdate() + datetime.timedelta(days=7),
    )
    # A decided individual case with a complaint the unit sent on to Statsforvalteren (issue 13 §5).
    complained = new_case(caseworker, Level.INDIVIDUAL, "klagesak")
    case_services.add_alternative(complained, caseworker, title=f"{marker} hjemmetjeneste")
    _assess(complained, [caseworker])
    voice_services.save_voice(complained, caseworker, None, {"children": "none"})
    _decide(complained, caseworker, marker)
    complaint = complaint_services.register_complaint(
        complained, caseworker, received_on=timezone.localdate(), grounds=f"{marker} klage"
    )
    _decide(complained, caseworker, marker)
    complaint = complaint_services.record_unit_outcome(
        complaint, caseworker, outcome="forwarded", note=f"{marker} vurdering", forwarded_on=timezone.localdate()
    )
    # A caseworker outside the team who broke the glass: the leader's review list holds it.
    outsider = make_user(Role.CASEWORKER, municipality=municipality, username=f"{number}-caseworker2")
    grant = case_services.break_glass(
        individual, outsider, reason=GrantReason.STAND_IN, explanation=f"{marker} nødtilgang"
    )
    case_services.record_access(individual, outsider, "detail")
    # The measures catalogue, kept by the municipal administrator.
    catalogue_entry = catalogue_services.create_entry(
        municipality,
        users[Role.MUNICIPAL_ADMIN],
        name=f"{marker} katalogtiltak",
        description=marker,
        service_area=area,
        resources={"cost_nok": Decimal(100_000)},
    )
    return Tenant(
        extra={
            "catalogue_entry": catalogue_entry,
            "economy_plan": economy_plan,
            "plan_measure": plan_measure,
            "plan_import": plan_import,
            "party_group": party_group,
            "plan_alternative": plan_alternative,
            "budget_question": budget_question,
        },
        marker=marker,
        municipality=municipality,
        users=users,
        service_area=area,
        individual_case=individual,
        service_case=service,
        political_case=political,
        decision_body=decision_body,
        indicator=indicator,
        projection=projection,
        projection_scenario=projection_scenario,
        indicator_import=IndicatorImport.objects.create(
            municipality=municipality,
            definition=indicator,
            created_by=leader,
            filename=f"{marker}.csv",
            status=TaskStatus.CHECKED,
            preview={
                "values": {str(indicator.pk): [[municipality.number, "2024", "1", "", ""]]},
                "counts": {"created": 1},
            },
        ),
        citation=citation,
        consistency_report=ConsistencyReport.objects.create(
            municipality=municipality,
            service_area=area,
            date_from=datetime.date(2025, 1, 1),
            date_to=datetime.date(2025, 12, 31),
            requested_by=leader,
            status=TaskStatus.DONE,
            result={
                "n": 1,
                "min_cell": 5,
                "counts": {"0": 0, "1": 0, "2": 0, "3": 1},
                "error": "too_few",
                "furthest": [],
                "marker": marker,
            },
        ),
        waiting_service=waiting_service,
        waiting_entry=waiting_entry,
        complaint=complaint,
        grant=grant,
        alternative=alternative,
        round=round_,
        invitation=links[0].invitation,
        invitation_token=links[0].token,
        reflection=reflection,
        etd=etd,
        portfolio=portfolio,
        measure=measure,
        scenario=scenario,
        # An upload as the check task leaves it (the file emptied, its preview kept), to be confirmed.
        measure_import=MeasureImport.objects.create(
            municipality=municipality,
            portfolio=portfolio,
            created_by=leader,
            filename=f"{marker}.csv",
            status=TaskStatus.CHECKED,
            preview=portfolio_imports.preview(
                portfolio, f"id;navn;nytte;alvorlighet;ressurs\n{marker.lower()};{marker};3;3;3\n".encode(), "t.csv"
            ).stored(),
        ),
        # A stored saksframlegg PDF, as the background rendering leaves it.
        report_document=ReportDocument.objects.create(
            municipality=municipality,
            case=service,
            fingerprint=marker.lower(),
            language="nb",
            status=TaskStatus.DONE,
            pdf=f"%PDF-1.7 {marker}".encode(),
        ),
        publication=publication,
        example=example,
        exercise=exercise,
        plan=plan,
        effect=effect,
        milestone=milestone,
        feed_token=feed.token,
        weight_number=weights.number,
        token=token,
        raw_token=raw_token,
    )


def build_world() -> tuple[Tenant, Tenant]:
    """Larvik (the attackers) and Sandefjord (the victim)."""
    return (
        build_tenant("Larvik kommune", "3909", "LARVIKDATA"),
        build_tenant("Sandefjord kommune", "3907", "SANDEFJORDDATA"),
    )


#: Tables that change on every request, whoever sends it: sessions, login throttling, rate limits.
VOLATILE_TABLES = ("django_session", "axes_", "prioritet_ratelimit_cache")
#: Columns that record that someone came by, not what they changed.
VOLATILE_COLUMNS = frozenset({"last_login", "last_used_at", "last_used"})


def _tables() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.db_table.startswith(VOLATILE_TABLES) and not model._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    """The number of rows of every table, in one query: cheap enough to take around every request."""
    tables = _tables()
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {quote(m._meta.db_table)})" for m in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return {m._meta.db_table: n for m, n in zip(tables, counts, strict=True)}


def fingerprint() -> dict[str, str]:
    """A digest of every row of every table (without the volatile ones), to show nothing changed."""
    out = {}
    for model in _tables():
        columns = [f.attname for f in model._meta.concrete_fields if f.attname not in VOLATILE_COLUMNS]
        rows = sorted(repr(row) for row in model._base_manager.values_list(*columns))
        out[model._meta.db_table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return out


def changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The tables whose rows differ between two :func:`fingerprint` or :func:`row_counts`."""
    return sorted(table for table in before if before[table] != after.get(table))


def sign_in(user: User) -> Client:
    """A test client signed in as ``user``, past every step of signing in (the second factor given)."""
    return accounts_testing.sign_in(Client(), user)
