"""The database cache table the public form's rate limits count in (settings.CACHES["ratelimit"]).

``createcachetable`` makes the table of every database cache in settings and skips those that exist,
so ``manage.py migrate`` alone prepares a new installation. Nothing to undo: the cache is disposable.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
