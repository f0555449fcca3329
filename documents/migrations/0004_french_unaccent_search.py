"""French full-text search that ignores accents, on PostgreSQL only.

« developpement economique » must find « Développement économique »: the configuration
french_unaccent folds accents (unaccent, a trusted extension since PostgreSQL 13) before
French stemming. Wagtail's search backend and the resource library both use it. On SQLite
this migration does nothing.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END
$$;
CREATE INDEX IF NOT EXISTS documents_resource_search_vector_gin
  ON documents_resource USING gin (search_vector);
"""

DROP = """
DROP INDEX IF EXISTS documents_resource_search_vector_gin;
DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_metadata_and_text")]

    operations = [migrations.RunPython(forwards, backwards)]
