"""Set-based writes for imports: batched INSERT and UPDATE statements through `executemany`.

Why not `bulk_create`/`bulk_update` for the large sheets: the ORM prepares every value of every row
through the field API and, on SQLite, caps a batch at 999 parameters, which costs about 100 µs per
row on the reference machine — more than the whole per-row budget of a 100,000-row roster at
≥ 5,000 rows/s (issue 2). Here each column's adapter comes from `connection.ops` once, so values are
stored exactly as the ORM would store them (dates, aware datetimes, JSON), on SQLite and PostgreSQL.
Nothing is lost by skipping `save()`: models hold no logic there and no signals are used
(CONVENTIONS B1, B3); `created_at`/`updated_at` are passed explicitly by the caller.

On SQLite, inserts go as multi-row `INSERT … VALUES (…), (…), …` statements (`insert_values`)
rather than `executemany`: each statement execution has a fixed cost — for a table with
AUTOINCREMENT ids (all of Django's) SQLite reads and rewrites `sqlite_sequence` once per statement —
which was 60–75% of the insert time of narrow rows (attendance: 5.7 µs a row with `executemany`,
1.5 µs with 250 rows a statement).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import chain, islice
from typing import Any

from django.db import connection, models

BATCH_SIZE = 2000

Adapter = Callable[[Any], Any]


def _last_value_cache(adapter: Adapter) -> Adapter:
    """Adapt a value that repeats row after row (the import's timestamp) only once."""
    last: list[Any] = [object(), None]

    def adapt(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, adapter(value)
        return last[1]

    return adapt


def _adapters(
    model: type[models.Model], fields: Sequence[str]
) -> tuple[list[str], list[tuple[int, Adapter]]]:
    """Column names for the given attnames, and (position, adapter) for columns that need one."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    ops = connection.ops
    columns, adapters = [], []
    for position, name in enumerate(fields):
        field = by_attname[name]
        columns.append(connection.ops.quote_name(field.column))
        internal = field.get_internal_type()
        if internal == "DateTimeField":
            adapters.append((position, _last_value_cache(ops.adapt_datetimefield_value)))
        elif internal == "DateField":
            adapters.append((position, ops.adapt_datefield_value))
        elif internal == "JSONField":
            encoder = getattr(field, "encoder", None)
            adapters.append((position, partial(ops.adapt_json_value, encoder=encoder)))
    return columns, adapters


def _prepared(batch: list[Sequence[Any]], adapters: list[tuple[int, Adapter]]) -> list[Any]:
    if not adapters:
        return batch
    prepared = []
    for row in batch:
        values = list(row)
        for position, adapt in adapters:
            values[position] = adapt(values[position])
        prepared.append(values)
    return prepared


def _execute(sql: str, rows: Iterable[Sequence[Any]], adapters: list[tuple[int, Adapter]]) -> int:
    count = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, BATCH_SIZE)):
            cursor.executemany(sql, _prepared(batch, adapters))
            count += len(batch)
    return count


def insert_values(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """SQLite: INSERT `rows` (DB-ready values in `columns` order; table and column names quoted)
    with multi-row VALUES statements of at most `max_query_params` (999) parameters each.

    Goes through the DB-API connection with `?` placeholders: Django's cursor would rewrite the
    placeholders of the ~1,000-parameter statement with a regex on every execution. Errors are
    still raised as Django's (IntegrityError …). One statement fails or succeeds as a whole, as
    `executemany` would inside the caller's transaction.
    """
    width = len(columns)
    if not rows or not width:
        return
    per = max(1, (connection.features.max_query_params or 999) // width)
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608 - names from model meta
    one = "(" + ", ".join(["?"] * width) + ")"
    full = head + ", ".join([one] * per)
    flat = chain.from_iterable
    total = len(rows)
    whole = total - total % per
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            for start in range(0, whole, per):
                cursor.execute(full, list(flat(rows[start : start + per])))
            if whole < total:
                cursor.execute(head + ", ".join([one] * (total - whole)), list(flat(rows[whole:])))
        finally:
            cursor.close()


def _insert(
    table: str,
    columns: list[str],
    rows: Iterable[Sequence[Any]],
    adapters: list[tuple[int, Adapter]],
) -> int:
    count = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_SIZE)):
        insert_values(table, columns, _prepared(batch, adapters))
        count += len(batch)
    return count


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """INSERT one row per item of `rows` (values in `fields` order, by attname). Returns the count."""
    columns, adapters = _adapters(model, fields)
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        return _copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN", rows, adapters)
    if connection.vendor == "sqlite":
        return _insert(table, columns, rows, adapters)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608 - names from model meta
    return _execute(sql, rows, adapters)


def _copy(sql: str, rows: Iterable[Sequence[Any]], adapters: list[tuple[int, Adapter]]) -> int:
    """PostgreSQL: COPY the rows. Django's psycopg cursor binds parameters on the client, which
    quotes every value into the SQL text — for rows with large JSON (assessment results) that
    quoting cost more than the rest of the write; COPY sends the values as they are."""
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            if adapters:
                values = list(row)
                for position, adapt in adapters:
                    values[position] = adapt(values[position])
                copy.write_row(values)
            else:
                copy.write_row(row)
            count += 1
    return count


def update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """UPDATE by primary key: each item is (*values in `fields` order, pk). Returns the count."""
    columns, adapters = _adapters(model, fields)
    assignments = ", ".join(f"{column} = %s" for column in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)  # type: ignore[union-attr]
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - names from model meta
    return _execute(sql, rows, adapters)
