"""``manage.py load_demo``: a demo municipality with users for every role and a few dozen cases.

Idempotent: running it again finds what is there (by municipality number, username and case
title), resets the demo passwords and adds only what is missing. Works on SQLite and PostgreSQL.
It includes the three worked cases of the table «Vurderes samlet» exactly as assessed there.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from prioritet.accounts.models import Municipality, Role, ServiceArea, User
from prioritet.cases import political, services, voice
from prioritet.cases.extensions import finish_demo, prepare_demo
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import AccessGrant, AlternativeKind, Case, DecisionBody, GrantReason, Level, Phase
from prioritet.cases.services import PHASE_ORDER
from prioritet.demo import DEMO_CASES, SEED_CASES
from prioritet.tabular import read_file
from prioritet.weighting.services import ensure_weights

# The demo's users log in with the printed password alone: the demo municipality asks no role for
# a second factor (mfa_roles empty), so `make run` can be shown at once. The national
# administrator is always asked to set one up.
MUNICIPALITY = {
    "name": "Demo kommune",
    "number": "9999",
    "slug": "demo-kommune",
    "population": 24_000,
    "mfa_roles": [],
}
DEMO_PASSWORD = "prioritet-demo-2025"

AREAS = (
    "Hjemmetjenesten",
    "Sykehjem og institusjon",
    "Rehabilitering",
    "Psykisk helse og rus",
    "Helsestasjon og skolehelsetjeneste",
    "Demensomsorg og dagaktivitet",
    "Tildelingskontoret",
)

#: username, first name, last name, role
USERS = (
    ("demo-saksbehandler", "Ingrid", "Berg", Role.CASEWORKER),
    ("demo-saksbehandler2", "Jonas", "Vik", Role.CASEWORKER),
    ("demo-helsepersonell", "Ola", "Hansen", Role.HEALTH_PERSONNEL),
    ("demo-leder", "Marte", "Lie", Role.LEADER),
    ("demo-leder2", "Hilde", "Strand", Role.LEADER),
    ("demo-direktor", "Per", "Dahl", Role.DIRECTOR),
    ("demo-kommunalsjef", "Kari", "Holm", Role.DIRECTOR),
    ("demo-politiker", "Sigrid", "Aune", Role.POLITICIAN),
    ("demo-kommuneadmin", "Anne", "Moe", Role.MUNICIPAL_ADMIN),
    ("demo-nasjonal", "Nils", "Aas", Role.NATIONAL_ADMIN),
)

ASSESSORS = {
    Level.INDIVIDUAL: ("demo-saksbehandler", "demo-helsepersonell"),
    Level.SERVICE: ("demo-leder", "demo-leder2"),
    Level.POLITICAL: ("demo-direktor", "demo-kommunalsjef"),
}
RESPONSIBLE = {Level.INDIVIDUAL: "demo-saksbehandler", Level.SERVICE: "demo-leder", Level.POLITICAL: "demo-direktor"}
#: The service areas each demo leader leads: on the team of their individual cases, and reviewing the
#: emergency accesses to them. demo-leder leads every area, demo-leder2 two of them.
LEADS = {"demo-leder": AREAS, "demo-leder2": ("Demensomsorg og dagaktivitet", "Tildelingskontoret")}
#: Outside every case team, so the demo shows the emergency access («break the glass») and its review.
OUTSIDER = "demo-saksbehandler2"
#: Who records the vedtak: the responsible person, except that a political body's is recorded by a politician.
DECIDER = RESPONSIBLE | {Level.POLITICAL: "demo-politiker"}
#: The political bodies the demo municipality's administrator keeps.
BODIES = ("Kommunestyret", "Formannskapet", "Hovedutvalg for helse og omsorg")


@dataclass
class Alt:
    title: str
    description: str
    #: benefit and resources per assessor (the same for every assessor if one tuple); severity is the case's.
    scores: tuple[int, int] | list[tuple[int, int]]
    reasons: tuple[str, str] = ("", "")
    reduces_service: bool = False


@dataclass
class Spec:
    level: Level
    title: str
    area: str
    plan: str
    phase: Phase
    description: str
    consequence: str
    alternatives: list[Alt]
    #: The need's severity, 1–5, and why: assessed once for the case, the same for every alternative.
    severity: int
    severity_reason: str = ""
    #: Forberede: who is affected and how they are involved, and the management information it rests on.
    involvement: str = ""
    management: str = ""
    no_action: tuple[int, int] | None = None
    no_action_reasons: tuple[str, str] = ("", "")
    reference: str = ""
    child: bool = False
    #: None leaves the case undecided; else (index of the chosen alternative, or None for the engine's
    #: first suggestion; priority; justification; days until reassessment).
    decide: tuple | None = None
    #: Why the decider chose another alternative than the engine's first suggestion.
    departure: str = ""
    #: A political case's forslag til vedtak in the director's innstilling (default: from the title).
    innstilling: str = ""
    #: A political case's vedtak: body, saksnummer, meeting_days_ago, adopted_text, departure, votes
    #: [for, against], amendments [{proposed_by, text, adopted, votes}]; default a unanimous vedtak of
    #: the innstilling in «Kommunestyret».
    vedtak: dict | None = None
    #: An individual case's voice (medvirkning): what_matters, relatives_view, relatives_burden,
    #: children («none»/«affected»), children_assessment, views (the person's view per alternative, in
    #: order). A decided individual case without one answers the children question from ``child``.
    voice: dict | None = None


def demo_cases(path: Path = DEMO_CASES, seed_path: Path = SEED_CASES) -> list[Spec]:
    """The demo's cases as data: ``demo_cases.json``, the seed's scores from ``seed_cases.csv``.

    The three worked cases of «Vurderes samlet» (seed 001), with the table's words as justifications,
    name their alternatives' row of ``seed_cases.csv`` (``"seed": id``), so the seed's scores are
    written once, where the engine's tests and ``prioritet rank`` read them too. Severity belongs to the
    need: a case's ``severity`` (and ``severity_reason``) is the same for each alternative, and a seed
    row's severity must agree with it. A case leaves out the
    texts that are the same for most (the ``defaults``); ``decide`` without ``chosen`` takes the
    engine's first suggestion.
    """
    document = json.loads(path.read_text(encoding="utf-8"))
    defaults = document["defaults"]
    seed = read_file(seed_path).measures
    seed_scores = {ident: (int(b), int(s), int(r)) for ident, (b, s, r) in zip(seed.ids, seed.scores, strict=True)}

    def scores(entry: dict, severity: int) -> tuple[int, int] | list[tuple[int, int]]:
        if "seed" in entry:
            b, s, r = seed_scores[entry["seed"]]
            if s != severity:
                raise ValueError(f"seed row {entry['seed']} has severity {s}, its demo case {severity}")
            return (b, r)
        value = entry["scores"]
        return [(b, r) for b, r in value] if isinstance(value[0], list) else (value[0], value[1])

    specs = []
    for case in document["cases"]:
        decide = case.get("decide")
        specs.append(
            Spec(
                level=case["level"],
                title=case["title"],
                area=case["area"],
                plan=case["plan"],
                phase=case["phase"],
                reference=case.get("reference", ""),
                description=case["description"],
                consequence=case.get("consequence", defaults["consequence"]),
                alternatives=[
                    Alt(
                        alt["title"],
                        alt.get("description", ""),
                        scores(alt, case["severity"]),
                        tuple(alt.get("reasons", ("", ""))),
                        reduces_service=alt.get("reduces_service", False),
                    )
                    for alt in case["alternatives"]
                ],
                severity=case["severity"],
                severity_reason=case.get("severity_reason", ""),
                involvement=case.get("involvement", ""),
                management=case.get("management_information", ""),
                no_action=tuple(case["no_action"]) if "no_action" in case else None,
                no_action_reasons=tuple(case.get("no_action_reasons", ("", ""))),
                child=case.get("child", False),
                decide=(
                    decide.get("chosen"),
                    decide["priority"],
                    decide.get("justification", defaults["justification"]),
                    decide["days"],
                )
                if decide
                else None,
                departure=defaults["departure"],
                innstilling=case.get("innstilling", ""),
                vedtak=case.get("vedtak"),
                voice=case.get("voice"),
            )
        )
    return specs


class Command(BaseCommand):
    help = "Load the demo municipality, its users and demo cases (idempotent)."

    def handle(self, *args, **options) -> None:
        with translation.override("nb"), transaction.atomic():
            municipality = self._municipality()
            areas = {name: ServiceArea.objects.get_or_create(municipality=municipality, name=name)[0] for name in AREAS}
            users = self._users(municipality)
            for username, led in LEADS.items():
                users[username].service_areas.add(*(areas[name] for name in led))
            for name in BODIES:
                DecisionBody.objects.get_or_create(municipality=municipality, name=name)
            ensure_weights(municipality)
            prepared = []
            for spec in demo_cases():
                if Case.objects.filter(municipality=municipality, title=spec.title).exists():
                    continue
                prepared.append((self._case(municipality, areas, users, spec), spec))
            created = len(prepared)
            prepare_demo(municipality, users)
            for case, spec in prepared:
                self._finish(case, users, spec)
            finish_demo(municipality, users)
            self._emergency_access(municipality, users)
        total = Case.objects.filter(municipality=municipality).count()
        self.stdout.write(f"{municipality.name} ({municipality.number}): {created} nye saker, {total} i alt.")
        self.stdout.write("")
        self.stdout.write("Demobrukere (brukernavn / passord / rolle):")
        for username, first, last, role in USERS:
            self.stdout.write(f"  {username:22} {DEMO_PASSWORD}   {Role(role).label} ({first} {last})")

    def _municipality(self) -> Municipality:
        municipality = Municipality.objects.filter(number=MUNICIPALITY["number"]).first()
        if municipality is None:
            municipality = Municipality.objects.create(**MUNICIPALITY)
        elif municipality.mfa_roles != MUNICIPALITY["mfa_roles"]:
            municipality.mfa_roles = MUNICIPALITY["mfa_roles"]
            municipality.save(update_fields=["mfa_roles"])
        return municipality

    def _users(self, municipality: Municipality) -> dict[str, User]:
        users = {}
        for username, first, last, role in USERS:
            user = User.objects.filter(username=username).first() or User(username=username)
            user.first_name, user.last_name, user.role = first, last, role
            user.municipality = None if role == Role.NATIONAL_ADMIN else municipality
            user.is_active = True
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            users[username] = user
        return users

    def _case(self, municipality, areas, users, spec: Spec) -> Case:
        responsible = users[RESPONSIBLE[spec.level]]
        case = services.create_case(
            municipality,
            responsible,
            no_action_consequence=spec.consequence,
            level=spec.level,
            title=spec.title,
            description=spec.description,
            service_area=areas[spec.area],
            plan_process=spec.plan,
            case_reference=spec.reference,
            child_affected=spec.child,
            severity=spec.severity,
            severity_justification=spec.severity_reason,
            involvement_plan=spec.involvement,
            management_information=spec.management,
        )
        target = PHASE_ORDER.index(spec.phase)
        if target >= 1:
            # The demo shows a case in each phase; its checklists show what a real case would still need.
            case = services.change_phase(
                case, responsible, case.version, Phase.PLAN, "Alternativer utredes.", check=False
            )
        alternatives = []
        for alt in spec.alternatives:
            alternatives.append(
                services.add_alternative(
                    case, responsible, title=alt.title, description=alt.description, reduces_service=alt.reduces_service
                )
            )
        no_action = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
        assessors = [users[name] for name in ASSESSORS[spec.level]]
        if case.is_individual:
            # The responsible caseworker puts the other assessors on the case team.
            for assessor in assessors:
                if assessor != responsible:
                    services.add_team_member(case, responsible, assessor)
        if target >= 1 or spec.decide:
            for alt, alternative in zip(spec.alternatives, alternatives, strict=True):
                self._assess(alternative, assessors, alt.scores, alt.reasons)
            if spec.no_action:
                self._assess(no_action, assessors, spec.no_action, spec.no_action_reasons)
        if spec.level == Level.INDIVIDUAL and (spec.voice or spec.decide):
            self._voice(case, responsible, spec, alternatives)
        return case

    def _voice(self, case: Case, user: User, spec: Spec, alternatives: list) -> None:
        """The person's voice and the children answer (which a decision needs) of an individual case."""
        given = dict(spec.voice or {})
        views = given.pop("views", [])
        given.setdefault("children", "affected" if spec.child else "none")
        if given["children"] == "affected":
            given.setdefault(
                "children_assessment", "Barnets beste er vurdert: tiltaket ivaretar barnets behov for trygghet."
            )
        voice.save_voice(
            case,
            user,
            None,
            given,
            {alternative.pk: view for alternative, view in zip(alternatives, views, strict=False)},
        )

    def _emergency_access(self, municipality, users: dict[str, User]) -> None:
        """One emergency access by the caseworker outside the team, read once, for the leaders to review."""
        outsider = users[OUTSIDER]
        case = (
            Case.objects.filter(municipality=municipality, level=Level.INDIVIDUAL)
            .exclude(team_members__user=outsider)
            .order_by("created_at", "id")
            .first()
        )
        if case is None or AccessGrant.objects.filter(case__municipality=municipality, user=outsider).exists():
            return
        services.break_glass(
            case,
            outsider,
            reason=GrantReason.STAND_IN,
            explanation="Vikar for ansvarlig saksbehandler som er syk; pårørende ringte om vedtaket.",
        )
        services.record_access(case, outsider, "detail")

    def _finish(self, case: Case, users: dict[str, User], spec: Spec) -> Case:
        """Decide the prepared case (if its spec says so) and move it to its phase."""
        responsible = users[RESPONSIBLE[spec.level]]
        target = PHASE_ORDER.index(spec.phase)
        if spec.decide:
            index, priority, justification, days = spec.decide
            judgment = combined_judgment(case)
            alternatives = list(case.alternatives.filter(kind=AlternativeKind.MEASURE).order_by("id"))
            if index is None:
                assert judgment.top is not None, "the demo case has assessed alternatives"
                chosen = judgment.top.alternative
            else:
                chosen = alternatives[index]
            needs = chosen.needs_forsvarlighet
            case.refresh_from_db()
            choice = {
                "alternative": chosen,
                "priority": priority,
                "departure_reason": "" if chosen.pk in judgment.top_ids else spec.departure,
                "forsvarlighet_confirmed": needs,
                "forsvarlighet_justification": (
                    "Tjenestene er fortsatt forsvarlige: behovet dekkes av andre tiltak, og situasjonen følges opp."
                    if needs
                    else ""
                ),
                "child_best_interest": (
                    "Barnets beste er vurdert: tiltaket ivaretar barnets behov for trygghet og stabilitet."
                    if spec.child
                    else ""
                ),
            }
            due = timezone.localdate() + datetime.timedelta(days=days)
            if spec.level == Level.POLITICAL:
                self._vedtak(case, users, spec, choice, justification, due)
            else:
                services.decide(
                    case,
                    users[DECIDER[spec.level]],
                    case.version,
                    justification=justification,
                    reassessment_due=due,
                    **choice,
                )
        case.refresh_from_db()
        # Deciding has moved the case on to «utføre»; step on from where it is to the spec's phase.
        for phase in PHASE_ORDER[PHASE_ORDER.index(case.phase) + 1 : target + 1]:
            case = services.change_phase(case, responsible, case.version, phase, "", check=False)
        return case

    def _assess(self, alternative, assessors, scores, reasons) -> None:
        per_assessor = scores if isinstance(scores, list) else [scores] * len(assessors)
        for assessor, (b, r) in zip(assessors, per_assessor, strict=False):
            services.save_assessment(
                alternative,
                assessor,
                None,
                {
                    "benefit": b,
                    "resources": r,
                    "benefit_justification": reasons[0],
                    "resources_justification": reasons[1],
                    "basis_clinical": True,
                    "basis_user": alternative.kind != AlternativeKind.NO_ACTION,
                    "basis_research": False,
                    "certainty": "medium",
                },
            )

    def _vedtak(self, case: Case, users: dict[str, User], spec: Spec, choice: dict, justification: str, due) -> None:
        """The director's innstilling, then the political body's vedtak (as the spec's ``vedtak`` says)."""
        recommendation = political.recommend(
            case,
            users[RESPONSIBLE[Level.POLITICAL]],
            case.version,
            proposed_resolution=spec.innstilling or f"{choice['alternative'].title} vedtas.",
            justification=justification,
            **choice,
        )
        facts = spec.vedtak or {}
        votes = facts.get("votes")
        body = DecisionBody.objects.get(municipality=case.municipality, name=facts.get("body", BODIES[0]))
        political.record_vedtak(
            case,
            users[DECIDER[Level.POLITICAL]],
            case.version,
            body=body,
            meeting_date=timezone.localdate() - datetime.timedelta(days=facts.get("meeting_days_ago", 7)),
            saksnummer=facts.get("saksnummer", f"PS {case.pk}/26"),
            alternative=choice["alternative"],
            priority=choice["priority"],
            adopted_text=facts.get("adopted_text", recommendation.proposed_resolution),
            departure_description=facts.get("departure", ""),
            unanimous=votes is None,
            votes_for=votes[0] if votes else None,
            votes_against=votes[1] if votes else None,
            amendments=[
                {
                    "proposed_by": a["proposed_by"],
                    "text": a["text"],
                    "adopted": a["adopted"],
                    "votes_for": a["votes"][0],
                    "votes_against": a["votes"][1],
                }
                for a in facts.get("amendments", [])
            ],
            reassessment_due=due,
            forsvarlighet_confirmed=choice["forsvarlighet_confirmed"],
            forsvarlighet_justification=choice["forsvarlighet_justification"],
            child_best_interest=choice["child_best_interest"],
        )
