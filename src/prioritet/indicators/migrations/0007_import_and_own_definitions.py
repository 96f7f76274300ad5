"""The national definitions of figures from the municipality's case system (imported) and from
Prioritet's own cases (computed), beside the SSB starter definitions of 0002.

Imported (``source=import``, docs/methods.md §10e): IPLOS-based function scores (the mean per
service, 1–5: a higher score is more help needed, so neither direction is better), users per
service and hours per week per user of the home services. Own (``source=own``): what
:mod:`prioritet.indicators.own` computes from the cases. National definitions name no service
area: service areas are each municipality's own.
"""

from typing import Any

from django.db import migrations

#: key, nb, nn, en, unit, higher_is_better, source, decimals, order
DEFINITIONS: tuple[tuple[Any, ...], ...] = (
    ("iplos_function_home_nursing", "Gjennomsnittlig funksjonsnivå (IPLOS), hjemmesykepleie",
     "Gjennomsnittleg funksjonsnivå (IPLOS), heimesjukepleie", "Mean function score (IPLOS), home nursing",
     "skår 1–5", None, "import", 2, 200),
    ("iplos_function_practical_help", "Gjennomsnittlig funksjonsnivå (IPLOS), praktisk bistand",
     "Gjennomsnittleg funksjonsnivå (IPLOS), praktisk bistand", "Mean function score (IPLOS), practical assistance",
     "skår 1–5", None, "import", 2, 210),
    ("iplos_function_nursing_home", "Gjennomsnittlig funksjonsnivå (IPLOS), langtidsopphold i institusjon",
     "Gjennomsnittleg funksjonsnivå (IPLOS), langtidsopphald i institusjon",
     "Mean function score (IPLOS), long-term stay in an institution", "skår 1–5", None, "import", 2, 220),
    ("users_home_nursing", "Brukere av hjemmesykepleie", "Brukarar av heimesjukepleie", "Users of home nursing",
     "personer", None, "import", 0, 230),
    ("users_practical_help", "Brukere av praktisk bistand", "Brukarar av praktisk bistand",
     "Users of practical assistance", "personer", None, "import", 0, 240),
    ("users_nursing_home", "Beboere på langtidsopphold i institusjon", "Bebuarar på langtidsopphald i institusjon",
     "Residents on long-term stays in an institution", "personer", None, "import", 0, 250),
    ("hours_home_nursing", "Timer per uke per bruker, hjemmesykepleie", "Timar per veke per brukar, heimesjukepleie",
     "Hours per week per user, home nursing", "timer per uke", None, "import", 1, 260),
    ("hours_practical_help", "Timer per uke per bruker, praktisk bistand", "Timar per veke per brukar, praktisk bistand",
     "Hours per week per user, practical assistance", "timer per uke", None, "import", 1, 270),
    ("own_applications", "Saker på individnivå mottatt", "Saker på individnivå mottekne",
     "Individual-level cases received", "saker", None, "own", 0, 300),
    ("own_decisions", "Vedtak fattet på individnivå", "Vedtak gjorde på individnivå",
     "Individual-level decisions made", "vedtak", None, "own", 0, 310),
    ("own_processing_days", "Saksbehandlingstid, median (dager fra mottatt til vedtak)",
     "Sakshandsamingstid, median (dagar frå motteken til vedtak)",
     "Processing time, median (days from received to decision)", "dager", False, "own", 0, 320),
    ("own_reassessments", "Revurderinger startet", "Revurderingar starta", "Reassessments started",
     "saker", None, "own", 0, 330),
)


def add(apps, schema_editor):
    Definition = apps.get_model("indicators", "IndicatorDefinition")
    for key, nb, nn, en, unit, better, source, decimals, order in DEFINITIONS:
        Definition.objects.update_or_create(
            owner=None,
            key=key,
            defaults={
                "name_nb": nb, "name_nn": nn, "name_en": en, "unit": unit, "higher_is_better": better,
                "source": source, "ssb_region_variable": "", "decimals": decimals, "order": order,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("indicators", "IndicatorDefinition").objects.filter(
        owner=None, key__in=[row[0] for row in DEFINITIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0006_imports")]
    operations = [migrations.RunPython(add, remove)]
