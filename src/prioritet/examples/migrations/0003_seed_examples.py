"""The guideline's three worked cases (source 001, the table «Vurderes samlet») in the example bank.

A data migration, not demo data: every installation starts with them. The words of the table are
mapped to scores as docs/methods.md §9 states (Høy/Stor → 4, Moderat → 3, Liten and «Moderat til
liten» → 2), the same scores as src/prioritet/demo/data/seed_cases.csv. The texts are frozen here
on purpose: a later change of the app must not change what this migration wrote. The alternatives'
descriptions say what each alternative is, never how it was assessed: calibration exercises show
them to people who score the examples blind; the seed's reasons are in the justification.
"""

from typing import Any

from django.db import migrations

SOURCE = "Helsedirektoratet: Prioriteringer i kommunale helse- og omsorgstjenester (2025), eksempel"

EXAMPLES: list[dict[str, Any]] = [
    {
        "title": "Rehabilitering etter lårhalsbrudd: institusjon eller rehabiliteringsteam i hjemmet",
        "summary": "En person på 75 år med lårhalsbrudd søker om rehabiliteringsopphold.",
        "level": "individual",
        "decision": "Bør prioritere rehabiliteringsteam i hjemmet",
        "priority": "",
        "justification": (
            "Alvorlighet og nytte er de samme for begge alternativene: alvorligheten er høy fordi personen "
            "kan få varig nedsatt funksjon uten oppfølging, og nytten er stor fordi personen kan bli "
            "selvhjulpen og utsette behov for varig hjelp. Ressursbruken skiller: den er høy ved institusjon "
            "og moderat ved hjemmerehabilitering. Samlet vurdering: kommunen bør prioritere "
            "rehabiliteringsteam i hjemmet."
        ),
        "deidentified_confirmed": True,
        "alternatives": [
            {
                "title": "Rehabiliteringsopphold i institusjon",
                "description": "Et rehabiliteringsopphold i institusjon etter sykehusoppholdet.",
                "severity": 4,
                "benefit": 4,
                "resources": 4,
                "conclusion": "",
                "chosen": False,
            },
            {
                "title": "Rehabiliteringsteam i hjemmet",
                "description": "Et tverrfaglig rehabiliteringsteam følger opp personen i eget hjem.",
                "severity": 4,
                "benefit": 4,
                "resources": 3,
                "conclusion": "Bør prioritere rehabiliteringsteam i hjemmet",
                "chosen": True,
            },
        ],
    },
    {
        "title": "Oppstart av Larvikshjelpa ved økende pågang fra innbyggere",
        "summary": "Økende pågang fra innbyggere. Tjenesten vurderer oppstart av Larvikshjelpa.",
        "level": "service",
        "decision": "Etablering av Larvikshjelpa bør prioriteres høyt",
        "priority": "high",
        "justification": (
            "Ventetid er en betydelig risikofaktor: tilstander kan forverres, og ventetid gir blant annet "
            "sykemeldinger. Nytten er stor: det ser en fra andre kommuner, og redusert ventetid er stor nytte "
            "i seg selv. Tiltaket krever ikke nye ressurser totalt sett, men en omdisponering av eksisterende "
            "fagstillinger. Samlet vurdering: etablering av Larvikshjelpa bør prioriteres høyt."
        ),
        "deidentified_confirmed": False,
        "alternatives": [
            {
                "title": "Etablere Larvikshjelpa",
                "description": (
                    "Et lavterskeltilbud der innbyggere får rask hjelp uten lang ventetid, bemannet ved å "
                    "omdisponere eksisterende fagstillinger."
                ),
                "severity": 4,
                "benefit": 4,
                "resources": 2,
                "conclusion": "Etablering av Larvikshjelpa bør prioriteres høyt",
                "chosen": True,
            },
        ],
    },
    {
        "title": "Økt dagaktivitetstilbud til personer med demens",
        "summary": "Kommunen vurderer å øke dagaktivitetstilbudet til personer med demens.",
        "level": "political",
        "decision": "Økt dagaktivitetstilbud til personer med demens bør prioriteres høyt",
        "priority": "high",
        "justification": (
            "Alvorligheten er høy: uten tilbudet er det risiko for isolasjon og belastning på pårørende. "
            "Nytten er stor: tilbudet bedrer livskvaliteten og utsetter behovet for sykehjem. Kostnaden er "
            "moderat til liten. Samlet vurdering: tiltaket bør prioriteres høyt."
        ),
        "deidentified_confirmed": False,
        "alternatives": [
            {
                "title": "Øke dagaktivitetstilbudet til personer med demens",
                "description": "Flere plasser og dager med dagaktivitet for hjemmeboende personer med demens.",
                "severity": 4,
                "benefit": 4,
                "resources": 2,
                "conclusion": "Bør prioriteres høyt",
                "chosen": True,
            },
        ],
    },
]


def _document(example, alternatives) -> str:
    """The search text as the app's service builds it at the time of this migration."""
    parts = [example["title"], example["summary"], example["justification"], example["decision"], example.get("service_area", "")]
    for alternative in alternatives:
        parts += [alternative["title"], alternative["description"]]
    return "\n".join(p.strip() for p in parts if p.strip()).lower()


def add_examples(apps, schema_editor):
    Example = apps.get_model("examples", "Example")
    ExampleAlternative = apps.get_model("examples", "ExampleAlternative")
    for spec in EXAMPLES:
        if Example.objects.filter(title=spec["title"], source_label=SOURCE).exists():
            continue
        fields = {k: v for k, v in spec.items() if k != "alternatives"}
        example = Example.objects.create(
            source_label=SOURCE,
            size_class="unknown",
            search_document=_document(spec, spec["alternatives"]),
            **fields,
        )
        for position, alternative in enumerate(spec["alternatives"]):
            ExampleAlternative.objects.create(example=example, position=position, **alternative)


def remove_examples(apps, schema_editor):
    """Delete the worked cases and their alternatives, table by table.

    Raw deletes: Django's cascade collector cannot follow the other apps' historical models that
    refer to examples (it fails with «Must be "ExampleAlternative" instance»). The database's own
    foreign keys still refuse the delete if another app's rows use the examples.
    """
    Example = apps.get_model("examples", "Example")
    ExampleAlternative = apps.get_model("examples", "ExampleAlternative")
    using = schema_editor.connection.alias if schema_editor else "default"
    ids = list(
        Example.objects.using(using)
        .filter(source_label=SOURCE, title__in=[e["title"] for e in EXAMPLES])
        .values_list("pk", flat=True)
    )
    ExampleAlternative.objects.using(using).filter(example_id__in=ids)._raw_delete(using)
    Example.objects.using(using).filter(pk__in=ids)._raw_delete(using)


class Migration(migrations.Migration):
    dependencies = [("examples", "0002_search_document_and_no_action")]

    operations = [migrations.RunPython(add_examples, remove_examples)]
