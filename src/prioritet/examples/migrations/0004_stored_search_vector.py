"""PostgreSQL: the weighted search vector stored in a generated column, with its GIN index.

Ranking computed ``to_tsvector`` of every matching example on each search: with 10,000 examples a
common word cost 350 ms of SQL per page (scripts/measure_example_search.py). A stored generated
column is computed once, when an example's texts change, and both the match and ``ts_rank`` read it.
The column is PostgreSQL's own (``tsvector``); Django's model does not declare it, the selector names
it, and SQLite, whose fallback search needs no vector, never gets it.
"""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "example_search_vector_gin"
OLD_INDEX = "example_search_gin"

FORWARD = f"""
ALTER TABLE examples_example ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('norwegian'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('norwegian'::regconfig, coalesce(search_document, '')), 'B')
) STORED;
CREATE INDEX {INDEX} ON examples_example USING gin ({COLUMN});
DROP INDEX IF EXISTS {OLD_INDEX};
"""

BACKWARD = f"""
ALTER TABLE examples_example DROP COLUMN IF EXISTS {COLUMN};
CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON examples_example
    USING gin (to_tsvector('norwegian'::regconfig, COALESCE(search_document, '')));
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("examples", "0003_seed_examples")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
