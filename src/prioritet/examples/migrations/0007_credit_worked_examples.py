"""Credit the guideline's three worked cases to where they come from: a municipality's presentation.

Migration 0003 labelled them «Helsedirektoratet: …», but the table «Vurderes samlet» with the three
cases is not in the directorate's guideline: it is in a municipality's presentation of it (source 001
of the guideline's material, docs/methods.md §9), and the service case names that municipality's own
service, «Larvikshjelpa». The label is corrected here, not in 0003, whose texts stay frozen; the rows
are found by 0003's label and titles, so an example a municipality shared under another label is
never touched.
"""

from django.db import migrations

#: The label migration 0003 wrote.
DIRECTORATE = "Helsedirektoratet: Prioriteringer i kommunale helse- og omsorgstjenester (2025), eksempel"
#: The source as it is: the municipality's presentation of the national guideline.
PRESENTATION = (
    "Larvik kommune: presentasjon av Nasjonal veileder for prioriteringer i kommunale helse- og "
    "omsorgstjenester (2025), eksempel"
)
TITLES = (
    "Rehabilitering etter lårhalsbrudd: institusjon eller rehabiliteringsteam i hjemmet",
    "Oppstart av Larvikshjelpa ved økende pågang fra innbyggere",
    "Økt dagaktivitetstilbud til personer med demens",
)


def _relabel(apps, old: str, new: str) -> None:
    Example = apps.get_model("examples", "Example")
    Example.objects.filter(source_label=old, title__in=TITLES, municipality__isnull=True).update(source_label=new)


def credit_presentation(apps, schema_editor):
    _relabel(apps, DIRECTORATE, PRESENTATION)


def credit_directorate(apps, schema_editor):
    _relabel(apps, PRESENTATION, DIRECTORATE)


class Migration(migrations.Migration):
    dependencies = [("examples", "0006_lesson")]

    operations = [migrations.RunPython(credit_presentation, credit_directorate)]
