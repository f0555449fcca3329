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
    width = len(statement.account.fields)
    user = model.from_db(
        alias, statement.account.fields, statement.account.values(rows[0], connection)
    )
    groups = [
        statement.group_model.from_db(
            alias, statement.group.fields, statement.group.values(row[width:], connection)
        )
        for row in rows
        if row[width + statement.group_pk_index] is not None
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


class _Columns:
    """The columns of one model that the statement reads, and how their values are given to
    `Model.from_db`."""

    def __init__(self, model):
        fields = model._meta.concrete_fields
        self.fields = [field.attname for field in fields]
        self.columns = [field.column for field in fields]
        self._cols = [field.get_col(model._meta.db_table) for field in fields]

    def values(self, row, connection):
        """This model's values in `row` (which starts with them), as the ORM would give them
        back: with the converters of the database and of the fields (SQLite's dates are text,
        for example; PostgreSQL has none for these columns). Asked per connection: a
        connection belongs to its thread."""
        values = []
        for value, col in zip(row, self._cols, strict=False):
            for converter in [
                *connection.ops.get_db_converters(col),
                *col.get_db_converters(connection),
            ]:
                value = converter(value, col, connection)
            values.append(value)
        return values


class _Statement:
    """The statement for one database: the account's columns, then its groups' (one row per
    group; one row of empty group columns for an account without a group)."""

    def __init__(self, alias):
        quote = connections[alias].ops.quote_name
        model = get_user_model()
        groups = model._meta.get_field("groups")
        self.groups_field = groups.name
        self.group_model = groups.remote_field.model
        self.account = _Columns(model)
        self.group = _Columns(self.group_model)
        self.group_pk_index = self.group.fields.index(self.group_model._meta.pk.attname)
        select = [f"a.{quote(column)}" for column in self.account.columns] + [
            f"g.{quote(column)}" for column in self.group.columns
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


@cache
def _statement(alias):
    return _Statement(alias)
