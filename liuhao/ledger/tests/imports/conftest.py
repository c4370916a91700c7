"""Fixtures of the ledger import tests (workbooks built in memory, stored counts)."""

from __future__ import annotations

from typing import Any

import pytest

from liuhao.ledger.imports import ledger_import_workbook
from liuhao.ledger.tests.views.conftest import ledger_counts
from liuhao.orgs.imports import ImportRejected
from liuhao.orgs.tests.imports.conftest import make_xlsx

ACTIVITY_HEADER = ["组织代码", "活动日期", "活动类型", "主题", "地点", "内容摘要"]
ATTENDANCE_HEADER = ["组织代码", "活动日期", "活动类型", "主题", "工号/学号", "姓名", "出勤情况"]
PLAN_HEADER = ["组织代码", "文件类型", "标题", "生效日期", "有效期至"]
PAIR_HEADER = ["班子成员工号", "服务对象工号/学号", "组织代码", "开始日期", "结束日期", "备注"]


@pytest.fixture
def xlsx() -> Any:
    return make_xlsx


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def dry_run(actor: Any, university: Any, data: bytes, **kw: Any) -> Any:
    return ledger_import_workbook(actor=actor, university=university, source=data, **kw)


def commit(actor: Any, university: Any, data: bytes, **kw: Any) -> Any:
    report = ledger_import_workbook(
        actor=actor, university=university, source=data, dry_run=False, **kw
    )
    assert report.committed
    return report


def rejected(actor: Any, university: Any, data: bytes) -> list[str]:
    before = ledger_counts()
    with pytest.raises(ImportRejected) as exc:
        ledger_import_workbook(actor=actor, university=university, source=data, dry_run=False)
    assert ledger_counts() == before, "a rejected import must not write anything"
    return [str(issue) for issue in exc.value.report.issues.items]


def by_sheet(report: Any) -> dict[str, tuple[int, int, int]]:
    return {s.name: (s.created, s.updated, s.unchanged) for s in report.sheets}
