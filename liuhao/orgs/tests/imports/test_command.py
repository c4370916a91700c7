"""`liuhao import FILE [--dry-run] [--university CODE] [--as USERNAME]`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from liuhao.orgs.models import Person
from liuhao.orgs.tests.imports.conftest import PERSON_HEADER, make_xlsx, stored_counts


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(make_xlsx({"人员": [PERSON_HEADER, ["T1", "张三", "教师"]]}))
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_xlsx", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_then_commit_as_university_admin(tree, actors, roster):
    out, _ = run(roster, "--dry-run", "--as", "univ")
    assert "检查通过（未写入）" in out and "人员：新增 1" in out
    assert not Person.objects.filter(number="T1").exists()
    out, _ = run(roster, "--as", "univ")
    assert "导入成功" in out and "南京示范大学党委" in out
    assert Person.objects.get(number="T1").university_id == tree.university.pk


def test_system_import_needs_the_university(tree, roster):
    with pytest.raises(CommandError, match="--university"):
        run(roster)
    run(roster, "--university", "U002")
    assert Person.objects.get(number="T1").university_id == tree.other_university.pk


def test_errors_are_printed_and_nothing_is_written(tree, actors, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(make_xlsx({"人员": [PERSON_HEADER, ["T1", "张三", "教工"]]}))
    before = stored_counts()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="没有写入任何数据"):
        call_command("import_xlsx", str(path), "--as", "univ", stdout=out, stderr=err)
    assert "人员 第 2 行 C 列（人员类别）" in err.getvalue()
    assert stored_counts() == before


def test_refusals(tree, actors, roster):
    with pytest.raises(CommandError, match="无权"):
        run(roster, "--as", "secretary")
    with pytest.raises(CommandError, match="找不到高校"):
        run(roster, "--as", "univ", "--university", "U002")
    with pytest.raises(CommandError, match="用户不存在"):
        run(roster, "--as", "ghost")
    with pytest.raises(CommandError, match="文件不存在"):
        run(roster.parent / "missing.xlsx")
    with pytest.raises(CommandError, match="--university"):
        run(roster, "--as", "province")
