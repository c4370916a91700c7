"""`liuhao standards load` / `liuhao standards list` and the demo's builtin packages (issue 3
item 1): Chinese output, idempotent, a bad file exits with status 1 and stores nothing."""

from __future__ import annotations

import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from liuhao import cli
from liuhao.standards.management.commands.standards_load import Command as LoadCommand
from liuhao.standards.models import AssessmentRun, StandardVersion
from liuhao.standards.tests.loading_support import (
    JIANGSU,
    MOE,
    dump,
    ledger_metrics,  # noqa: F401 (fixture)
    shipped,
)

pytestmark = pytest.mark.usefixtures("ledger_metrics")


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def keep_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_from_argv closes every connection when it ends, which would end the test's transaction
    on PostgreSQL; keep it open."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def _bad_file(tmp_path: Path) -> Path:
    doc = shipped()
    doc["dimensions"][0]["criteria"][1]["checkpoints"][2]["rule"]["target"] = "1"
    path = tmp_path / "bad.yaml"
    path.write_bytes(dump(doc))
    return path


def test_load_prints_what_it_loaded_and_is_idempotent(db: Any) -> None:
    first = run("standards_load", str(JIANGSU))
    assert "已导入 jiangsu-2015 第 5 版" in first and "18 项指标" in first
    second = run("standards_load", str(JIANGSU))
    assert "已导入过，未作改动" in second
    assert StandardVersion.objects.count() == 1


def test_builtin_loads_every_shipped_package(db: Any) -> None:
    output = run("standards_load", "--builtin")
    assert "jiangsu-2015" in output and "moe-yangban-2018" in output
    assert set(StandardVersion.objects.values_list("code", flat=True)) == {
        "jiangsu-2015",
        "moe-yangban-2018",
    }


def test_a_bad_file_fails_with_its_path_and_stores_nothing(db: Any, tmp_path: Path) -> None:
    bad = _bad_file(tmp_path)
    with pytest.raises(CommandError) as exc:
        run("standards_load", str(JIANGSU), str(bad))
    message = str(exc.value)
    assert "“bad.yaml”" in message
    assert "dimensions[0].criteria[1].checkpoints[2].rule.target" in message
    # All files of one call or none: the good file before the bad one is not kept either.
    assert StandardVersion.objects.count() == 0


@pytest.mark.usefixtures("keep_connection")
def test_a_bad_file_exits_with_status_1(db: Any, tmp_path: Path) -> None:
    bad = _bad_file(tmp_path)
    err = StringIO()
    command = LoadCommand(stdout=StringIO(), stderr=err)
    with pytest.raises(SystemExit) as exc:
        command.run_from_argv(["manage.py", "standards_load", str(bad)])
    assert exc.value.code == 1
    assert "rule.target" in err.getvalue()
    assert StandardVersion.objects.count() == 0


def test_load_without_files_is_an_error(db: Any) -> None:
    with pytest.raises(CommandError, match="请指定"):
        run("standards_load")


def test_a_missing_file_is_an_error(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="无法读取文件"):
        run("standards_load", str(tmp_path / "absent.yaml"))


def test_check_validates_without_storing(db: Any, tmp_path: Path) -> None:
    output = run("standards_load", "--check", "--builtin")
    assert "格式正确：jiangsu-2015.yaml" in output
    with pytest.raises(CommandError, match=r"rule\.target"):
        run("standards_load", "--check", str(_bad_file(tmp_path)))
    assert StandardVersion.objects.count() == 0


def test_list_shows_the_loaded_versions(db: Any) -> None:
    assert "尚未导入任何指标体系" in run("standards_list")
    run("standards_load", str(JIANGSU), str(MOE))
    lines = run("standards_list").splitlines()
    assert lines[0].split() == [
        "代码",
        "版本",
        "名称",
        "生效日期",
        "指标",
        "检查点",
        "导入时间",
        "文件摘要",
    ]
    assert lines[1].startswith("jiangsu-2015") and " 18 " in lines[1]
    assert lines[2].startswith("moe-yangban-2018")


@pytest.mark.usefixtures("keep_connection")
def test_console_script_maps_standards_subcommands(
    db: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["liuhao", "standards", "load", str(JIANGSU)])
    cli.main()
    monkeypatch.setattr(sys, "argv", ["liuhao", "standards", "list"])
    cli.main()
    output = capsys.readouterr().out
    assert "已导入 jiangsu-2015" in output and "江苏高校服务型党组织示范点建设基本标准" in output


def test_demo_loads_the_builtin_packages_once(db: Any, tree: Any) -> None:
    first = run("demo")
    assert "指标体系：jiangsu-2015 第 5 版、moe-yangban-2018 第 1 版" in first
    assert "已计算演示评估：2024-2025-1、2024-2025-2、2025-2026-1（数据截至 2025-11-20）" in first
    periods = list(AssessmentRun.objects.order_by("pk").values_list("period_code", flat=True))
    assert periods == ["2024-2025-1", "2024-2025-2", "2025-2026-1"]
    second = run("demo")  # nothing loaded or computed again
    assert second == "\n".join(line for line in first.splitlines() if "演示评估" not in line) + "\n"
    assert StandardVersion.objects.count() == 2
    assert AssessmentRun.objects.count() == 3
