"""The bulk-load path of the seed outside a test transaction (what `liuhao seed` and the province
bench run): multi-row inserts, deferred indexes rebuilt, the cycle collector restored."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from liuhao.orgs.imports.bulk import insert_values
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.seeding.run import DEFERRED_INDEXES, seed_run
from liuhao.orgs.seeding.writer import deferred_indexes

pytestmark = pytest.mark.django_db(transaction=True)


def index_names(*tables: str) -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for table in tables
            for name, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"]
        }


TABLES = (Person._meta.db_table, Organization._meta.db_table)


def test_seed_keeps_every_index_and_the_collector(tiny_tier: Any) -> None:
    before = index_names(*TABLES)
    report = seed_run(scale=tiny_tier, seed=7)
    assert report.rows["orgs.Person"] == Person.objects.count() > 0
    assert index_names(*TABLES) == before
    assert gc.isenabled()


def test_deferred_indexes_are_built_again_when_the_load_fails() -> None:
    before = index_names(*TABLES)
    with pytest.raises(RuntimeError), deferred_indexes(DEFERRED_INDEXES):
        if connection.vendor == "sqlite":
            assert not any("name_pinyin" in n for n in index_names(Person._meta.db_table))
        raise RuntimeError("load failed")
    assert index_names(*TABLES) == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite bulk-load path")
def test_an_index_a_killed_load_left_missing_is_restored() -> None:
    before = index_names(*TABLES)
    pinyin = next(n for n in before if n.startswith("orgs_person_name_pinyin"))
    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX "{pinyin}"')
    with deferred_indexes(DEFERRED_INDEXES):
        pass
    assert index_names(*TABLES) == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite multi-row INSERT")
def test_insert_values_writes_every_row_across_statements() -> None:
    # 4 columns → 249 rows a statement: three whole statements and a partial one
    rows = [(n, n % 7, f"名称{n}", n % 2 == 0) for n in range(1, 800)]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE t (id integer PRIMARY KEY, k int, name text, flag bool)")
        insert_values('"t"', ['"id"', '"k"', '"name"', '"flag"'], rows)
        cursor.execute("SELECT id, k, name, flag FROM t ORDER BY id")
        assert [(i, k, n, bool(f)) for i, k, n, f in cursor.fetchall()] == rows
        with pytest.raises(IntegrityError), transaction.atomic():
            insert_values('"t"', ['"id"', '"k"', '"name"', '"flag"'], rows[:1])
        cursor.execute("DROP TABLE t")
