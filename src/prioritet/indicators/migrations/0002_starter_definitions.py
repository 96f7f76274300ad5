"""The national starter definitions a health and care leader uses (KOSTRA and population).

Table ids and content codes marked ``ssb_confirmed=False`` are best guesses still to be checked
against SSB's statbank (docs/methods.md lists them); the fetch skips nothing for it, but the pages
say «to be confirmed». 07459 (population by age) is SSB's table; KOSsykhjand80aar0000 is the content
code SSB's KOMPIS documents for residents 80+ in institutions.
"""

from typing import Any

from django.db import migrations

#: key, nb, nn, en, unit, higher_is_better, table, content code, selection, confirmed, decimals, order
STARTER: tuple[tuple[Any, ...], ...] = (
    ("nursing_home_80", "Andel innbyggere 80 år og over med institusjonsopphold",
     "Del innbyggjarar 80 år og over med institusjonsopphald", "Residents aged 80 and over in institutions",
     "prosent", None, "12003", "KOSsykhjand80aar0000", {}, False, 1, 10),
    ("home_care_67_79", "Mottakere av hjemmetjenester per 1000 innbyggere 67–79 år",
     "Mottakarar av heimetenester per 1000 innbyggjarar 67–79 år", "Home-care users per 1,000 inhabitants aged 67–79",
     "per 1000", None, "12003", "", {}, False, 1, 20),
    ("home_care_80", "Mottakere av hjemmetjenester per 1000 innbyggere 80 år og over",
     "Mottakarar av heimetenester per 1000 innbyggjarar 80 år og over",
     "Home-care users per 1,000 inhabitants aged 80 and over", "per 1000", None, "12003", "", {}, False, 1, 30),
    ("cost_per_user", "Korrigerte brutto driftsutgifter per mottaker av omsorgstjenester",
     "Korrigerte brutto driftsutgifter per mottakar av omsorgstenester", "Adjusted gross operating cost per care user",
     "kr", None, "12003", "", {}, False, 0, 40),
    ("fte_per_user", "Årsverk i brukerrettede tjenester per mottaker",
     "Årsverk i brukarretta tenester per mottakar", "Full-time equivalents in user services per user",
     "årsverk", None, "12003", "", {}, False, 2, 50),
    ("competence_share", "Andel årsverk i brukerrettede tjenester med fagutdanning",
     "Del årsverk i brukarretta tenester med fagutdanning", "Share of FTEs in user services with professional training",
     "prosent", True, "12003", "", {}, False, 1, 60),
    ("short_stay_share", "Andel plasser avsatt til tidsbegrenset opphold",
     "Del plassar sett av til tidsavgrensa opphald", "Share of places set aside for short stays",
     "prosent", None, "12003", "", {}, False, 1, 70),
    ("population_67_79", "Innbyggere 67–79 år", "Innbyggjarar 67–79 år", "Inhabitants aged 67–79",
     "personer", None, "07459", "Personer1", {}, False, 0, 80),
    ("population_80", "Innbyggere 80 år og over", "Innbyggjarar 80 år og over", "Inhabitants aged 80 and over",
     "personer", None, "07459", "Personer1", {}, False, 0, 90),
    ("projection_80", "Framskrevet folkemengde 80 år og over (hovedalternativet)",
     "Framskriven folkemengd 80 år og over (hovudalternativet)", "Projected inhabitants aged 80 and over (main alternative)",
     "personer", None, "14288", "", {}, False, 0, 100),
)


def add(apps, schema_editor):
    Definition = apps.get_model("indicators", "IndicatorDefinition")
    for key, nb, nn, en, unit, better, table, code, selection, confirmed, decimals, order in STARTER:
        Definition.objects.update_or_create(
            owner=None,
            key=key,
            defaults={
                "name_nb": nb, "name_nn": nn, "name_en": en, "unit": unit, "higher_is_better": better,
                "source": "ssb", "ssb_table": table, "ssb_content_code": code, "ssb_selection": selection,
                "ssb_confirmed": confirmed, "decimals": decimals, "order": order,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("indicators", "IndicatorDefinition").objects.filter(
        owner=None, key__in=[row[0] for row in STARTER]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
