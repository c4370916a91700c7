"""Bulk writing for generated data: explicit primary keys, batched inserts, fast-load pragmas,
reset in foreign-key order and sequence reset. Works on SQLite and PostgreSQL through Django's
connection: multi-row INSERT statements on SQLite (`imports.bulk.insert_values`), COPY on
PostgreSQL (psycopg's `copy()`, same rows and values), the SQLite pragmas only on SQLite.

Generators hand rows over as tuples of DB-ready values in the column order they declared; dates and
entry times go through `BulkWriter.date()` and `BulkWriter.moments()` so each distinct value is
adapted once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from liuhao.orgs.imports.bulk import insert_values

DEFAULT_BATCH = 20_000
STAMP_FIELDS = ("created_at", "updated_at")


class IdAllocator:
    """Hands out primary keys after the current maximum of each table, so the seed can compute paths
    and foreign keys without reading rows back."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model], count: int = 1) -> int:
        """Reserve `count` consecutive ids and return the first one."""
        first = self._next.get(model)
        if first is None:
            current = model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0
            first = current + 1
        self._next[model] = first + count
        return first

    def models(self) -> list[type[models.Model]]:
        return list(self._next)


class TableBuffer:
    """Rows waiting to be inserted into one table."""

    __slots__ = ("columns", "model", "rows", "writer")

    def __init__(
        self, writer: BulkWriter, model: type[models.Model], columns: Sequence[str]
    ) -> None:
        self.writer = writer
        self.model = model
        self.columns = tuple(columns)
        self.rows: list[tuple[Any, ...]] = []

    def append(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.writer.batch_size:
            self.writer.flush_table(self)


class BulkWriter:
    """Buffers rows per table and inserts them in batches (multi-row INSERT on SQLite, COPY on
    PostgreSQL).

    Tables are flushed in the order they were first requested, so parents (orgs) go before children
    (persons, memberships). Constraints are checked as usual; on SQLite and PostgreSQL Django creates
    foreign keys DEFERRABLE INITIALLY DEFERRED, so order inside one transaction does not matter.
    """

    def __init__(self, *, stamp: dt.datetime, batch_size: int = DEFAULT_BATCH) -> None:
        self.batch_size = batch_size
        self.ops = connection.ops
        self._stamp = self.ops.adapt_datetimefield_value(stamp)
        self._tables: dict[type[models.Model], TableBuffer] = {}
        self._sql: dict[type[models.Model], tuple[str, list[str], bool]] = {}
        self._days = _Days(self.ops)
        self._moments = _Moments(self.ops)
        # A DB-ready date for a proleptic Gregorian ordinal (None stays None); each distinct day is
        # adapted once for the whole seed. A dict lookup, not a Python call: ~10M calls a province.
        self.date: Callable[[int | None], Any] = self._days.__getitem__
        self.counts: dict[str, int] = {}

    def table(self, model: type[models.Model], columns: Sequence[str]) -> TableBuffer:
        """The buffer of `model`; `columns` are attnames (e.g. "org_id"), without the timestamps."""
        buffer = self._tables.get(model)
        if buffer is None:
            buffer = self._tables[model] = TableBuffer(self, model, columns)
        elif buffer.columns != tuple(columns):
            raise ValueError(f"{model.__name__}: columns differ from the first request")
        return buffer

    @property
    def moments(self) -> Callable[[int], Any]:
        """`moments(ordinal * 24 + hour)`: a DB-ready aware datetime, `hour` o'clock (default time
        zone) of the day `ordinal` (entry times of generated records). Adapted once per distinct
        (day, hour) for the whole seed; an int key and a dict lookup for the generators' loops."""
        return self._moments.__getitem__

    def flush(self) -> None:
        for buffer in self._tables.values():
            self.flush_table(buffer)

    def flush_table(self, buffer: TableBuffer) -> None:
        if not buffer.rows:
            return
        table, columns, stamped = self._target(buffer)
        rows = buffer.rows
        if stamped:
            stamp = (self._stamp, self._stamp)
            rows = [row + stamp for row in rows]
        if connection.vendor == "postgresql":
            # COPY is an order of magnitude faster than executemany on PostgreSQL.
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        elif connection.vendor == "sqlite":
            # Multi-row VALUES: a third of the cost of executemany's statement per row.
            insert_values(table, columns, rows)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608 - names from model meta
                    rows,
                )
        label = buffer.model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(rows)
        buffer.rows = []

    def _target(self, buffer: TableBuffer) -> tuple[str, list[str], bool]:
        """The quoted table name, quoted column names (timestamps last when the model has them)
        and whether rows get the timestamps appended."""
        cached = self._sql.get(buffer.model)
        if cached is None:
            field_names = {f.attname for f in buffer.model._meta.concrete_fields}
            stamped = all(name in field_names for name in STAMP_FIELDS)
            qn = self.ops.quote_name
            columns = [
                qn(_column(buffer.model, c))
                for c in buffer.columns + (STAMP_FIELDS if stamped else ())
            ]
            cached = self._sql[buffer.model] = (qn(buffer.model._meta.db_table), columns, stamped)
        return cached


class _Days(dict[int | None, Any]):
    """DB-ready dates by ordinal, adapted on first use."""

    def __init__(self, ops: Any) -> None:
        super().__init__()
        self.adapt = ops.adapt_datefield_value

    def __missing__(self, ordinal: int | None) -> Any:
        value = None if ordinal is None else self.adapt(dt.date.fromordinal(ordinal))
        self[ordinal] = value
        return value


class _Moments(dict[int, Any]):
    """DB-ready aware datetimes by `ordinal * 24 + hour`, adapted on first use."""

    def __init__(self, ops: Any) -> None:
        super().__init__()
        self.adapt = ops.adapt_datetimefield_value
        self.tz = timezone.get_default_timezone()

    def __missing__(self, key: int) -> Any:
        ordinal, hour = divmod(key, 24)
        day = dt.date.fromordinal(ordinal)
        value = self[key] = self.adapt(dt.datetime.combine(day, dt.time(hour), tzinfo=self.tz))
        return value


def _column(model: type[models.Model], attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return str(f.column)
    raise ValueError(f"{model.__name__} has no column for {attname}")


@contextmanager
def bulk_load_session(conn: BaseDatabaseWrapper | None = None) -> Iterator[None]:
    """On SQLite, relax durability for the length of a bulk load (synchronous=OFF, in-memory
    journal, bigger page cache) and restore the previous settings afterwards. No-op elsewhere or
    inside an open transaction (tests), where journal settings cannot change."""
    conn = conn or connection
    if conn.vendor != "sqlite" or conn.in_atomic_block:
        yield
        return
    conn.ensure_connection()
    with conn.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size")
        cache = cursor.fetchone()[0]
        cursor.execute("PRAGMA journal_mode=MEMORY")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")
    try:
        yield
    finally:
        with conn.cursor() as cursor:
            cursor.execute(f"PRAGMA journal_mode={journal}")
            cursor.execute(f"PRAGMA synchronous={int(synchronous)}")
            cursor.execute(f"PRAGMA cache_size={int(cache)}")


@contextmanager
def deferred_indexes(
    fields: Sequence[tuple[type[models.Model], str]], conn: BaseDatabaseWrapper | None = None
) -> Iterator[None]:
    """On SQLite, drop the indexes of these `db_index` fields for a bulk load and build them again
    after it (also when the load fails). No-op elsewhere or inside an open transaction (tests).

    For indexes whose keys arrive in random order, such as the pinyin of generated names: kept up
    row by row, each insert lands on a random B-tree page (~4 µs an index and row at province
    scale), while one CREATE INDEX after the load sorts the keys once. The statements are Django's
    own (same names as the migrations'), so a load killed half-way is repaired by the next one.
    """
    conn = conn or connection
    if conn.vendor != "sqlite" or conn.in_atomic_block:
        yield
        return
    # Not entered: the editor only renders Django's CREATE INDEX statements (a private method,
    # stable since Django 1.11 and absent from the stubs), the migrations' names included.
    editor: Any = conn.schema_editor()
    statements = [
        statement
        for model, name in fields
        for statement in editor._field_indexes_sql(model, model._meta.get_field(name))
    ]
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(f"DROP INDEX IF EXISTS {statement.parts['name']}")
    try:
        yield
    finally:
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(str(statement))


def reset_sequences(seeded: Sequence[type[models.Model]]) -> None:
    """After explicit ids, move PostgreSQL sequences past the maximum (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(seeded))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def dependents_of(roots: Sequence[type[models.Model]]) -> list[type[models.Model]]:
    """Every model whose rows must go when all rows of `roots` go, children before parents.

    Follows non-null foreign keys transitively through all installed apps, so tables added by later
    issues (ledger rows pointing at orgs or persons) are cleared without being listed here.
    """
    doomed: list[type[models.Model]] = list(roots)
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in doomed:
                continue
            for f in model._meta.concrete_fields:
                if isinstance(f, models.ForeignKey) and not f.null and f.related_model in doomed:
                    doomed.append(model)
                    changed = True
                    break
    # Order: a model goes before every model it points at (children first).
    ordered: list[type[models.Model]] = []
    pending = list(doomed)
    while pending:
        for model in pending:
            others = [m for m in pending if m is not model]
            points_here = any(
                isinstance(f, models.ForeignKey) and f.related_model is model
                for m in others
                for f in m._meta.concrete_fields
            )
            if not points_here:
                ordered.append(model)
                pending.remove(model)
                break
        else:  # a cycle between distinct models: rely on deferred constraints
            ordered.extend(pending)
            break
    return ordered


def delete_all(roots: Sequence[type[models.Model]]) -> dict[str, int]:
    """Delete every row of `roots` and of everything that depends on them, in foreign-key order.

    Nullable foreign keys into the doomed tables are cleared first (rows such as province-wide role
    assignments survive). Raw deletes: no per-row collection, so a province resets in seconds.
    """
    doomed = dependents_of(roots)
    counts: dict[str, int] = {}
    for model in apps.get_models():
        if model in doomed:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.null and f.related_model in doomed:
                if f.remote_field.on_delete is models.CASCADE:
                    deleted = model._base_manager.filter(
                        **{f"{f.name}__isnull": False}
                    )._raw_delete(connection.alias)
                    counts[model._meta.label] = counts.get(model._meta.label, 0) + deleted
                else:
                    model._base_manager.filter(**{f"{f.name}__isnull": False}).update(
                        **{f.name: None}
                    )
    for model in doomed:
        counts[model._meta.label] = model._base_manager.all()._raw_delete(connection.alias)
    return counts
