"""When an individual case was closed (its retention counts from there) and when it was anonymised."""

from django.db import migrations, models


def closed_when_archived(apps, schema_editor):
    """Cases archived before this migration count as closed at their last change."""
    Case = apps.get_model("cases", "Case")
    Case.objects.filter(archived=True, closed_at__isnull=True).update(closed_at=models.F("updated_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_audit_chain'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='anonymised_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='anonymised at'),
        ),
        migrations.AddField(
            model_name='case',
            name='closed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='closed at'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='anonymised_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='anonymised at'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='closed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='closed at'),
        ),
        migrations.RunPython(closed_when_archived, migrations.RunPython.noop),
    ]
