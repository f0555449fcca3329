"""How the signed-in account is read on each of its requests.

Django's ModelBackend reads the account, then the site's visibility rule reads its groups
(access.visibility): two ORM queries whose building and compiling cost a participant's page
about 1.6 ms of CPU, more than half of what separates it from a visitor's (docs/performance.md).
`AccountBackend` is ModelBackend with one change: the account and its groups come from one
plain statement, built once from the models' own metadata, and the groups are left as the
account's prefetched `groups`, where Django and the visibility rule look for them first.

Nothing is kept between requests: every request reads the account and its groups afresh, as
before, so a removed group, a deactivated account or a changed password take effect on the
very next request.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = read_account(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def read_account(user_id):
    """The account of this id with its groups prefetched, or None."""
    model = get_user_model()
    alias = model._default_manager.db
    statement = _statement(alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, [model._meta.pk.get_db_prep_value(user_id, connection)])
        rows = cursor.fetchall()
    if not rows:
        return None
    converters, columns = statement.converters(connection), statement.columns
    width = len(statement.account_fields)
    user = model.from_db(
        alias, statement.account_fields, _convert(rows[0], converters, columns, connection)[:width]
    )
    groups = [
        statement.group_model.from_db(
            alias, statement.group_fields, _convert(row, converters, columns, connection)[width:]
        )
        for row in rows
        if row[width] is not None
    ]
    _leave_prefetched(user, statement.groups_field, groups)
    return user


def _leave_prefetched(user, name, groups):
    # What Django's prefetch_related_objects leaves on an instance (prefetch_one_level): a
    # queryset of the relation whose results are already there. `user.groups.all()` then
    # answers from it, and prefetch_related_objects([user], "groups") reads nothing.
    manager = getattr(user, name)
    queryset = manager.get_queryset()
    queryset._result_cache = groups
    queryset._prefetch_done = True
    user._prefetched_objects_cache = {manager.prefetch_cache_name: queryset}


class _Statement:
    """The statement for one database: the account's columns, then its groups' (one row per
    group; one row of empty group columns for an account without a group)."""

    def __init__(self, alias):
        connection = connections[alias]
        quote = connection.ops.quote_name
        model = get_user_model()
        groups = model._meta.get_field("groups")
        self.groups_field = groups.name
        self.group_model = groups.remote_field.model
        account_columns = model._meta.concrete_fields
        group_columns = self.group_model._meta.concrete_fields
        self.account_fields = [field.attname for field in account_columns]
        self.group_fields = [field.attname for field in group_columns]
        self.columns = [field.get_col("t") for field in [*account_columns, *group_columns]]
        select = [f"a.{quote(field.column)}" for field in account_columns] + [
            f"g.{quote(field.column)}" for field in group_columns
        ]
        # Only identifiers from the models' metadata, quoted; the account's id is a parameter.
        self.sql = (
            f"SELECT {', '.join(select)} "  # noqa: S608
            f"FROM {quote(model._meta.db_table)} a "
            f"LEFT JOIN {quote(groups.m2m_db_table())} m "
            f"ON m.{quote(groups.m2m_column_name())} = a.{quote(model._meta.pk.column)} "
            f"LEFT JOIN {quote(self.group_model._meta.db_table)} g "
            f"ON g.{quote(self.group_model._meta.pk.column)} = m.{quote(groups.m2m_reverse_name())} "
            f"WHERE a.{quote(model._meta.pk.column)} = %s"
        )

    def converters(self, connection):
        """What the ORM would apply to each value read (SQLite's dates are text, for example);
        none on PostgreSQL for these columns. Asked per connection: a connection belongs to
        its thread."""
        return [
            [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]
            for column in self.columns
        ]


def _convert(values, converters, columns, connection):
    converted = []
    for value, column_converters, column in zip(values, converters, columns, strict=True):
        for converter in column_converters:
            value = converter(value, column, connection)
        converted.append(value)
    return converted


@cache
def _statement(alias):
    return _Statement(alias)
