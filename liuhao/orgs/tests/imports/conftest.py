"""Fixtures for the import tests: build .xlsx files in memory and count what is stored."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import Workbook

from liuhao.core.models import AuditEvent
from liuhao.orgs.models import Membership, Organization, Person, Position

PERSON_HEADER = ["工号/学号", "姓名", "人员类别", "性别", "出生日期", "所在单位代码"]
ORG_HEADER = ["组织代码", "组织名称", "组织类别", "上级组织代码", "支部类型"]
MEMBERSHIP_HEADER = [
    "工号/学号",
    "姓名",
    "所在党支部代码",
    "发展阶段",
    "递交入党申请日期",
    "确定积极分子日期",
    "确定发展对象日期",
    "接收预备党员日期",
    "转为正式党员日期",
]
POSITION_HEADER = ["工号/学号", "任职组织代码", "职务", "委员分工", "任职开始日期", "任职结束日期"]


def make_xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A workbook with the given sheets (first row = header), in the given order."""
    workbook = Workbook()
    default = workbook.active
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if sheets and default is not None:
        workbook.remove(default)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def stored_counts() -> dict[str, int]:
    return {
        "orgs": Organization.objects.count(),
        "persons": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "positions": Position.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def xlsx() -> Callable[[dict[str, list[list[Any]]]], bytes]:
    return make_xlsx


@pytest.fixture
def counts() -> Callable[[], dict[str, int]]:
    return stored_counts


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def rejected(actor: Any, university: Any, data: bytes) -> list[str]:
    """Commit `data`, expect ImportRejected with nothing written; return the issues as text."""
    from liuhao.orgs.imports import ImportRejected, import_workbook

    before = stored_counts()
    with pytest.raises(ImportRejected) as exc:
        import_workbook(actor=actor, university=university, source=data, dry_run=False)
    assert stored_counts() == before, "a rejected import must not write anything"
    return [str(issue) for issue in exc.value.report.issues.items]


def dry_run(actor: Any, university: Any, data: bytes) -> Any:
    from liuhao.orgs.imports import import_workbook

    return import_workbook(actor=actor, university=university, source=data, dry_run=True)


def commit(actor: Any, university: Any, data: bytes) -> Any:
    from liuhao.orgs.imports import import_workbook

    report = import_workbook(actor=actor, university=university, source=data, dry_run=False)
    assert report.committed
    return report


def counts_by_sheet(report: Any) -> dict[str, tuple[int, int, int]]:
    return {s.name: (s.created, s.updated, s.unchanged) for s in report.sheets}
