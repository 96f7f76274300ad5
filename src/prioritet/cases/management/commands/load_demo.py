"""``manage.py load_demo``: a demo municipality with users for every role and a few dozen cases.

Idempotent: running it again finds what is there (by municipality number, username and case
title), resets the demo passwords and adds only what is missing. Works on SQLite and PostgreSQL.
It includes the three worked cases of the table «Vurderes samlet» exactly as assessed there.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from prioritet.accounts.models import Municipality, Role, ServiceArea, User
from prioritet.cases import services
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import AlternativeKind, Case, Level, Phase, PlanProcess
from prioritet.cases.signals import demo_loaded, demo_prepared
from prioritet.weighting.services import current_weights

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
#: Who records the vedtak: the responsible person, except that a political body's is recorded by a politician.
DECIDER = RESPONSIBLE | {Level.POLITICAL: "demo-politiker"}
PHASE_ORDER = [Phase.PREPARE, Phase.PLAN, Phase.CARRY_OUT, Phase.EVALUATE, Phase.FOLLOW_UP]


@dataclass
class Alt:
    title: str
    description: str
    #: benefit, severity, resources per assessor (the same for every assessor if one tuple).
    scores: tuple[int, int, int] | list[tuple[int, int, int]]
    reasons: tuple[str, str, str] = ("", "", "")
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
    no_action: tuple[int, int, int] | None = None
    no_action_reasons: tuple[str, str, str] = ("", "", "")
    reference: str = ""
    child: bool = False
    #: None leaves the case undecided; else (index of the chosen alternative, or None for the engine's
    #: first suggestion; priority; justification; days until reassessment).
    decide: tuple | None = None
    departure: str = ""


# The three worked cases of «Vurderes samlet» (seed 001), with the table's words as justifications.
SEED_CASES = [
    Spec(
        level=Level.INDIVIDUAL,
        title="Person på 75 år med lårhalsbrudd søker om rehabiliteringsopphold",
        area="Rehabilitering",
        plan=PlanProcess.DAILY_OPERATIONS,
        phase=Phase.CARRY_OUT,
        reference="SAK-2025-0412",
        description=(
            "Søknad om rehabiliteringsopphold etter operert lårhalsbrudd. Bor alene, var selvhjulpen før bruddet."
        ),
        consequence="Høy alvorlighet: kan få varig nedsatt funksjon uten oppfølging, og behov for varig hjelp.",
        alternatives=[
            Alt(
                "Rehabiliteringsopphold i institusjon",
                "Korttidsopphold med rehabilitering i institusjon.",
                (4, 4, 4),
                (
                    "Stor – personen kan bli selvhjulpen og utsette behov for varig hjelp.",
                    "Høy – kan få varig nedsatt funksjon uten oppfølging.",
                    "Høy ved institusjon.",
                ),
            ),
            Alt(
                "Rehabiliteringsteam i hjemmet",
                "Hverdagsrehabilitering med tverrfaglig team i hjemmet.",
                (4, 4, 3),
                (
                    "Stor – personen kan bli selvhjulpen og utsette behov for varig hjelp.",
                    "Høy – kan få varig nedsatt funksjon uten oppfølging.",
                    "Moderat ved hjemmerehabilitering.",
                ),
            ),
        ],
        no_action=(1, 4, 1),
        no_action_reasons=(
            "Ingen forventet bedring uten oppfølging.",
            "Høy – kan få varig nedsatt funksjon uten oppfølging.",
            "Ingen ressurser nå, men økt behov for varig hjelp senere.",
        ),
        decide=(None, "high", "Bør prioritere rehabiliteringsteam i hjemmet.", 90),
    ),
    Spec(
        level=Level.SERVICE,
        title="Økende pågang fra innbyggere – vurdere oppstart av Larvikshjelpa",
        area="Psykisk helse og rus",
        plan=PlanProcess.DAILY_OPERATIONS,
        phase=Phase.CARRY_OUT,
        description="Økende pågang fra innbyggere. Vurdere oppstart av lavterskeltilbudet Larvikshjelpa.",
        consequence="Ventetiden øker; tilstander kan forverres, og sykemeldinger øker.",
        alternatives=[
            Alt(
                "Starte Larvikshjelpa",
                "Lavterskeltilbud etablert ved omdisponering av eksisterende fagstillinger.",
                (4, 4, 2),
                (
                    "Stor – ser fra andre kommuner. Redusert ventetid er stor nytte i seg selv.",
                    "Ventetid er en betydelig risikofaktor. Tilstander kan forverres, sykemeldinger etc.",
                    "Krever ikke nye ressurser totalt sett, men en omdisponering av eksisterende fagstillinger.",
                ),
            ),
        ],
        no_action=(1, 4, 1),
        no_action_reasons=("Ingen bedring av ventetiden.", "Ventetid er en betydelig risikofaktor.", "Ingen endring."),
        decide=(None, "high", "Etablering av Larvikshjelpa bør prioriteres høyt.", 180),
    ),
    Spec(
        level=Level.POLITICAL,
        title="Vurdere å øke dagaktivitetstilbudet til personer med demens",
        area="Demensomsorg og dagaktivitet",
        plan=PlanProcess.ECONOMIC_PLAN,
        phase=Phase.CARRY_OUT,
        description=(
            "Forslag til økonomiplanen: flere plasser i dagaktivitetstilbudet for hjemmeboende personer med demens."
        ),
        consequence="Høy risiko for isolasjon og pårørendebelastning; tidligere behov for sykehjemsplass.",
        alternatives=[
            Alt(
                "Øke dagaktivitetstilbudet",
                "Flere plasser og utvidet åpningstid i dagaktivitetstilbudet.",
                (4, 4, 2),
                (
                    "Stor – bedrer livskvalitet og utsetter behov for sykehjem.",
                    "Høy – risiko for isolasjon og pårørendebelastning.",
                    "Moderat til liten kostnad.",
                ),
            ),
        ],
        no_action=(1, 4, 1),
        no_action_reasons=("Ingen.", "Høy – risiko for isolasjon og pårørendebelastning.", "Ingen ny kostnad nå."),
        decide=(None, "high", "Bør prioriteres høyt.", 365),
    ),
]


def _more_cases() -> list[Spec]:
    """Realistic further cases across levels, phases and service areas."""
    ind, S, P = Level.INDIVIDUAL, Level.SERVICE, Level.POLITICAL  # noqa: N806
    DO, BUD, ECO, SEC, MUN, CRI = (  # noqa: N806
        PlanProcess.DAILY_OPERATIONS,
        PlanProcess.ANNUAL_BUDGET,
        PlanProcess.ECONOMIC_PLAN,
        PlanProcess.SECTOR_PLAN,
        PlanProcess.MUNICIPAL_PLAN,
        PlanProcess.CRISIS,
    )
    rows = [
        # level, title, area, plan, phase, [(alt, (b,s,r))...], no_action (b,s,r), decide, child,
        # index of the alternative that reduces a service
        (
            ind,
            "Søknad om økt hjemmesykepleie etter sykehusopphold",
            "Hjemmetjenesten",
            DO,
            Phase.PLAN,
            [("Tre besøk daglig i fire uker", (4, 4, 3)), ("Ett besøk daglig og trygghetsalarm", (3, 4, 2))],
            (1, 4, 1),
            None,
            False,
            None,
        ),
        (
            ind,
            "Søknad om langtidsplass i sykehjem",
            "Sykehjem og institusjon",
            DO,
            Phase.PLAN,
            [("Langtidsplass", (5, 5, 5)), ("Utvidet hjemmetjeneste med nattbesøk", (3, 5, 4))],
            (1, 5, 1),
            (None, "high", 14),
            False,
            None,
        ),
        (
            ind,
            "Søknad om avlastning for foreldre til barn med funksjonsnedsettelse",
            "Tildelingskontoret",
            DO,
            Phase.PREPARE,
            [("Avlastning to helger i måneden", (4, 3, 3)), ("Støttekontakt", (3, 3, 2))],
            (1, 3, 1),
            None,
            True,
            None,
        ),
        (
            ind,
            "Søknad om brukerstyrt personlig assistanse",
            "Tildelingskontoret",
            DO,
            Phase.CARRY_OUT,
            [("BPA 20 timer per uke", (4, 3, 4)), ("Praktisk bistand og hjemmesykepleie", (3, 3, 3))],
            (1, 3, 1),
            (None, "medium", 25),
            False,
            None,
        ),
        (
            ind,
            "Søknad om dagrehabilitering etter hjerneslag",
            "Rehabilitering",
            DO,
            Phase.EVALUATE,
            [("Dagrehabilitering to dager per uke", (4, 4, 3))],
            (1, 4, 1),
            (None, "high", 7),
            False,
            None,
        ),
        (
            ind,
            "Søknad om praktisk bistand til rengjøring",
            "Hjemmetjenesten",
            DO,
            Phase.CARRY_OUT,
            [("Rengjøring annenhver uke", (2, 2, 2))],
            (1, 2, 1),
            (0, "low", 200),
            False,
            None,
        ),
        (
            ind,
            "Oppfølging av ungdom med rusproblemer",
            "Psykisk helse og rus",
            DO,
            Phase.PLAN,
            [
                ("Ukentlige samtaler med ruskonsulent", (4, 4, 2)),
                ("Henvisning til spesialisthelsetjenesten", (4, 4, 3)),
            ],
            (1, 4, 1),
            None,
            True,
            None,
        ),
        (
            ind,
            "Søknad om trygghetsalarm",
            "Hjemmetjenesten",
            DO,
            Phase.FOLLOW_UP,
            [("Trygghetsalarm med mobilt svar", (3, 3, 1))],
            (1, 3, 1),
            (None, "medium", 28),
            False,
            None,
        ),
        (
            ind,
            "Søknad om korttidsopphold for avlastning av pårørende",
            "Sykehjem og institusjon",
            DO,
            Phase.PREPARE,
            [("To uker korttidsopphold", (3, 3, 3)), ("Dagaktivitet tre dager per uke", (3, 3, 2))],
            (1, 3, 1),
            None,
            False,
            None,
        ),
        (
            S,
            "Omlegging av nattpatruljen i hjemmetjenesten",
            "Hjemmetjenesten",
            DO,
            Phase.PLAN,
            [("To nattpatruljer i stedet for tre", (2, 3, 2)), ("Digitalt tilsyn om natten", (3, 3, 3))],
            (1, 3, 1),
            None,
            False,
            0,
        ),
        (
            S,
            "Innføre hverdagsrehabilitering i hele kommunen",
            "Rehabilitering",
            ECO,
            Phase.CARRY_OUT,
            [("Tverrfaglig team i alle soner", (4, 3, 3))],
            (1, 3, 1),
            (None, "high", 20),
            False,
            None,
        ),
        (
            S,
            "Redusere åpningstiden ved helsestasjon for ungdom",
            "Helsestasjon og skolehelsetjeneste",
            BUD,
            Phase.PLAN,
            [("Stenge én ettermiddag per uke", (1, 3, 1))],
            (2, 3, 2),
            (0, "low", 120),
            True,
            0,
        ),
        (
            S,
            "Venteliste for fysioterapi – ny fordeling av timer",
            "Rehabilitering",
            DO,
            Phase.EVALUATE,
            [("Prioritere nyopererte og akutte", (4, 4, 2)), ("Felles venteliste etter ansiennitet", (2, 3, 2))],
            (1, 4, 1),
            (None, "high", 10),
            False,
            None,
        ),
        (
            S,
            "Kompetanseheving i demensomsorg for hjemmetjenesten",
            "Demensomsorg og dagaktivitet",
            SEC,
            Phase.PREPARE,
            [("Demensomsorgens ABC for alle ansatte", (3, 3, 3))],
            (1, 3, 1),
            None,
            False,
            None,
        ),
        (
            S,
            "Bemanning ved sykehjemmet i sommerferien",
            "Sykehjem og institusjon",
            DO,
            Phase.FOLLOW_UP,
            [("Innleie fra vikarbyrå", (3, 4, 5)), ("Stenge seks korttidsplasser i fire uker", (2, 4, 2))],
            (1, 4, 1),
            (1, "medium", 40),
            False,
            1,
        ),
        (
            S,
            "Felles tildelingskriterier for praktisk bistand",
            "Tildelingskontoret",
            SEC,
            Phase.CARRY_OUT,
            [("Nye kriterier og opplæring", (3, 3, 2))],
            (1, 3, 1),
            (None, "medium", 300),
            False,
            None,
        ),
        (
            S,
            "Lavterskel psykisk helsetilbud for unge voksne",
            "Psykisk helse og rus",
            BUD,
            Phase.PLAN,
            [("Drop-in to dager i uken", (4, 4, 3))],
            (1, 4, 1),
            None,
            True,
            None,
        ),
        (
            S,
            "Legemiddelhåndtering med multidose i hjemmetjenesten",
            "Hjemmetjenesten",
            DO,
            Phase.EVALUATE,
            [("Multidose for alle med faste legemidler", (4, 3, 2))],
            (1, 3, 1),
            (None, "high", 18),
            False,
            None,
        ),
        (
            P,
            "Ny plan for helse og omsorg 2026–2030",
            "Tildelingskontoret",
            MUN,
            Phase.PREPARE,
            [("Tverrsektoriell plan med brukermedvirkning", (4, 3, 3))],
            (1, 3, 1),
            None,
            False,
            None,
        ),
        (
            P,
            "Årsbudsjett: reduksjon av korttidsplasser",
            "Sykehjem og institusjon",
            BUD,
            Phase.PLAN,
            [
                ("Redusere fra 20 til 16 korttidsplasser", (1, 4, 1)),
                ("Omgjøre fire plasser til rehabilitering", (3, 4, 3)),
            ],
            (1, 4, 1),
            None,
            False,
            0,
        ),
        (
            P,
            "Velferdsteknologi i økonomiplanen",
            "Hjemmetjenesten",
            ECO,
            Phase.CARRY_OUT,
            [("Digitalt tilsyn og medisindispensere", (3, 3, 3))],
            (1, 3, 1),
            (None, "medium", 250),
            False,
            None,
        ),
        (
            P,
            "Styrke skolehelsetjenesten",
            "Helsestasjon og skolehelsetjeneste",
            BUD,
            Phase.EVALUATE,
            [("To nye helsesykepleierstillinger", (4, 3, 4)), ("Én ny stilling og digital helsestasjon", (3, 3, 3))],
            (1, 3, 1),
            (0, "high", 22),
            True,
            None,
        ),
        (
            P,
            "Beredskapsplan for pandemi i helse og omsorg",
            "Sykehjem og institusjon",
            CRI,
            Phase.FOLLOW_UP,
            [("Oppdatert plan og lager av smittevernutstyr", (3, 4, 2))],
            (1, 4, 1),
            (None, "high", 29),
            False,
            None,
        ),
        (
            P,
            "Rusforebyggende arbeid i kommuneplanens samfunnsdel",
            "Psykisk helse og rus",
            MUN,
            Phase.PLAN,
            [("Egen satsing med frivillige og skole", (3, 3, 2))],
            (1, 3, 1),
            None,
            True,
            None,
        ),
        (
            P,
            "Bygge nytt omsorgssenter med heldøgns bemanning",
            "Sykehjem og institusjon",
            ECO,
            Phase.PREPARE,
            [("Nybygg med 40 plasser", (4, 4, 5)), ("Ombygging av eksisterende omsorgsboliger", (3, 4, 3))],
            (1, 4, 1),
            None,
            False,
            None,
        ),
        (
            P,
            "Samlokalisering av legevakt med nabokommunen",
            "Tildelingskontoret",
            SEC,
            Phase.CARRY_OUT,
            [("Interkommunal legevakt", (3, 4, 2))],
            (1, 4, 1),
            (None, "medium", 150),
            False,
            None,
        ),
        (
            S,
            "Prioritering av ventelisten for dagaktivitet",
            "Demensomsorg og dagaktivitet",
            DO,
            Phase.PLAN,
            [("Prioritere etter pårørendebelastning", (4, 4, 2))],
            (1, 4, 1),
            None,
            False,
            None,
        ),
    ]
    specs = []
    for n, (level, title, area, plan, phase, alts, no_action, decide, child, reduces) in enumerate(rows, start=1):
        decision = None
        if decide is not None:
            index, priority, days = decide
            decision = (index, priority, "Samlet vurdering av nytte, alvorlighet og ressurs.", days)
        specs.append(
            Spec(
                level=level,
                title=title,
                area=area,
                plan=plan,
                phase=phase,
                reference=f"SAK-2025-{1000 + n:04d}" if level == Level.INDIVIDUAL else "",
                description=f"{title}. Demosak.",
                consequence="Behovet blir ikke dekket; risiko for forverring og økt belastning på pårørende.",
                alternatives=[Alt(t, "", s, reduces_service=reduces == i) for i, (t, s) in enumerate(alts)],
                no_action=no_action,
                child=child,
                decide=decision,
                departure="Alternativet er valgt av hensyn til gjennomførbarhet og brukerens ønske."
                if decide and decide[0] is not None
                else "",
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
            current_weights(municipality)
            prepared = []
            for spec in SEED_CASES + _more_cases():
                if Case.objects.filter(municipality=municipality, title=spec.title).exists():
                    continue
                prepared.append((self._case(municipality, areas, users, spec), spec))
            created = len(prepared)
            demo_prepared.send(sender=self.__class__, municipality=municipality, users=users)
            for case, spec in prepared:
                self._finish(case, users, spec)
            demo_loaded.send(sender=self.__class__, municipality=municipality, users=users)
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
        )
        target = PHASE_ORDER.index(spec.phase)
        if target >= 1:
            case = services.change_phase(case, responsible, case.version, Phase.PLAN, "Alternativer utredes.")
        alternatives = []
        for alt in spec.alternatives:
            alternatives.append(
                services.add_alternative(
                    case, responsible, title=alt.title, description=alt.description, reduces_service=alt.reduces_service
                )
            )
        no_action = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
        assessors = [users[name] for name in ASSESSORS[spec.level]]
        if target >= 1 or spec.decide:
            for alt, alternative in zip(spec.alternatives, alternatives, strict=True):
                self._assess(alternative, assessors, alt.scores, alt.reasons)
            if spec.no_action:
                self._assess(no_action, assessors, spec.no_action, spec.no_action_reasons)
        return case

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
            services.decide(
                case,
                users[DECIDER[spec.level]],
                case.version,
                alternative=chosen,
                priority=priority,
                justification=justification,
                reassessment_due=timezone.localdate() + datetime.timedelta(days=days),
                departure_reason=""
                if chosen.pk in judgment.top_ids
                else (spec.departure or "Valgt etter samlet skjønn."),
                forsvarlighet_confirmed=needs,
                forsvarlighet_justification=(
                    "Tjenestene er fortsatt forsvarlige: behovet dekkes av andre tiltak, og situasjonen følges opp."
                    if needs
                    else ""
                ),
                child_best_interest=(
                    "Barnets beste er vurdert: tiltaket ivaretar barnets behov for trygghet og stabilitet."
                    if spec.child
                    else ""
                ),
            )
            case.refresh_from_db()
            for phase in PHASE_ORDER[2 : target + 1]:
                case = services.change_phase(case, responsible, case.version, phase, "")
        else:
            case.refresh_from_db()
            for phase in PHASE_ORDER[2 : target + 1]:
                case = services.change_phase(case, responsible, case.version, phase, "")
        return case

    def _assess(self, alternative, assessors, scores, reasons) -> None:
        per_assessor = scores if isinstance(scores, list) else [scores] * len(assessors)
        for assessor, (b, s, r) in zip(assessors, per_assessor, strict=False):
            services.save_assessment(
                alternative,
                assessor,
                None,
                {
                    "benefit": b,
                    "severity": s,
                    "resources": r,
                    "benefit_justification": reasons[0],
                    "severity_justification": reasons[1],
                    "resources_justification": reasons[2],
                    "basis_clinical": True,
                    "basis_user": alternative.kind != AlternativeKind.NO_ACTION,
                    "basis_research": False,
                    "certainty": "medium",
                },
            )
