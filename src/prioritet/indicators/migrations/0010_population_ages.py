"""The population definitions choose their ages: 07459 has one category per year of age («000» …
«104», «105+»), and a query that names none gets the total over all ages — so «inhabitants aged 80
and over» would have stored every inhabitant. Several categories chosen in one dimension are summed
on import (``indicators.services._summed``, docs/methods.md §10e).
"""

from django.db import migrations

AGES = {
    "population_67_79": [f"{age:03d}" for age in range(67, 80)],
    "population_80": [*(f"{age:03d}" for age in range(80, 105)), "105+"],
}


def choose(apps, schema_editor):
    Definition = apps.get_model("indicators", "IndicatorDefinition")
    for key, ages in AGES.items():
        Definition.objects.filter(owner=None, key=key).update(ssb_selection={"Alder": ages})


def forget(apps, schema_editor):
    Definition = apps.get_model("indicators", "IndicatorDefinition")
    Definition.objects.filter(owner=None, key__in=AGES).update(ssb_selection={})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0009_ssb_confirmed")]
    operations = [migrations.RunPython(choose, forget)]
