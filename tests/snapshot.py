"""The demo built once per test run, then put back in a few milliseconds for each test that
asks for it (PostgreSQL only).

Building the demo (pages, revisions, documents and their extraction) takes seconds; about a
hundred tests read it. The first of them builds it for real with `load_demo`, its rows are
copied into a schema of their own, and the database is put back as it was. Each test that
asks for the demo then empties the tables and copies the rows back, inside its own
transaction, which the test's end rolls back as it always did. Nothing else differs from
building it: the same rows, the same files (written once, under the run's MEDIA_ROOT and
PRIVATE_MEDIA_ROOT), and Django's and Wagtail's caches are emptied on the way in and out, as
they would be by the signals that a real build sends.
"""

from django.core.cache import caches
from django.db import connection

from wagtail.models import Site

BEFORE = "demo_snapshot_before"
BUILT = "demo_snapshot_built"


def _quote(name):
    return connection.ops.quote_name(name)


def tables():
    """The site's tables: every table of the database's current schema."""
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def copy(names, schema):
    """Copy these tables, rows and all, into `schema` (made anew)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {_quote(schema)} CASCADE")
        cursor.execute(f"CREATE SCHEMA {_quote(schema)}")
        for name in names:
            cursor.execute(f"CREATE TABLE {_quote(schema)}.{_quote(name)} AS TABLE {_quote(name)}")


def restore(names, schema):
    """Empty these tables and fill them from `schema`. In the caller's transaction: Django's
    foreign keys are checked at commit, so the order of the copies does not matter."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(_quote(name) for name in names)}")
        for name in names:
            cursor.execute(
                f"INSERT INTO {_quote(name)} SELECT * FROM {_quote(schema)}.{_quote(name)}"
            )


def forget_caches():
    """What the process remembers of rows that a restore replaced without signals."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    Site.clear_site_root_paths_cache()
    for cache in caches.all():
        cache.clear()
