"""The 任务, 党务公开 and 服务记录 sheets of the ledger import (Criteria C07.1, C07.2, C06.3): dry
run, commit, re-import by key; errors name sheet, row and column in Chinese, nothing stored."""

from __future__ import annotations

import datetime as dt

from liuhao.core.models import AuditEvent
from liuhao.ledger.models import Disclosure, ServiceRecord, Task
from liuhao.ledger.tests.imports.conftest import by_sheet, commit, dry_run

B01 = "U001-C01-B01"
TASK_HEADER = ["组织代码", "任务名称", "布置日期", "责任人工号", "完成时限", "办理程序", "完成日期"]
DISCLOSURE_HEADER = ["组织代码", "公开事项", "公开日期", "公开范围", "公开方式"]
SERVICE_HEADER = ["组织代码", "工号/学号", "服务日期", "服务类型", "时长（小时）", "服务内容"]


def workbook(xlsx, crew, **override):
    sheets = {
        "任务": [
            TASK_HEADER,
            [B01, "整理组织生活会材料", "2025-10-08", crew.secretary.number, "2025-10-31", "收集；归档", "2025-10-30"],
        ],
        "党务公开": [
            DISCLOSURE_HEADER,
            [B01, "党费收缴情况公示", "2025-10-10", "党内公开", "公开栏"],
        ],
        "服务记录": [
            SERVICE_HEADER,
            [B01, crew.members[0].number, "2025-10-12", "志愿服务", "2.5", "社区服务"],
            [B01, crew.members[1].number, "2025-10-12", "先锋岗值守", "1", ""],
        ],
    }  # fmt: skip
    sheets.update(override)
    return xlsx(sheets)


def test_dry_run_commit_and_reimport(tree, actors, crew, xlsx):
    actor = actors.committee_member
    data = workbook(xlsx, crew)
    report = dry_run(actor, tree.university, data)
    assert report.ok, [str(i) for i in report.issues.items]
    assert by_sheet(report) == {"任务": (1, 0, 0), "党务公开": (1, 0, 0), "服务记录": (2, 0, 0)}
    assert not Task.objects.exists()
    commit(actor, tree.university, data)
    task = Task.objects.get()
    assert task.step_list == ["收集", "归档"] and task.on_time
    assert Disclosure.objects.get().scope == "internal"
    assert sorted(str(r.hours) for r in ServiceRecord.objects.all()) == ["1.0", "2.5"]
    assert AuditEvent.objects.filter(verb="create", target_type="ledger.task").count() == 1
    changed = workbook(
        xlsx,
        crew,
        服务记录=[
            SERVICE_HEADER,
            [B01, crew.members[0].number, "2025-10-12", "志愿服务", "3", "社区服务"],
        ],
    )
    report = commit(actor, tree.university, changed)
    assert by_sheet(report)["服务记录"] == (0, 1, 0)
    assert by_sheet(report)["任务"] == (0, 0, 1)


def test_errors_name_sheet_row_and_column_and_nothing_is_stored(tree, actors, crew, xlsx):
    future = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    data = workbook(
        xlsx,
        crew,
        任务=[
            TASK_HEADER,
            [B01, "任务", "2025-10-08", crew.secretary.number, "2025-09-01", "", ""],
        ],
        党务公开=[DISCLOSURE_HEADER, [B01, "公示", future, "", ""]],
        服务记录=[
            SERVICE_HEADER,
            [B01, crew.outsider.number, "2025-10-12", "志愿服务", "2", ""],
            [B01, crew.members[0].number, "2025-10-12", "志愿服务", "30", ""],
        ],
    )
    report = dry_run(actors.committee_member, tree.university, data)
    issues = [str(i) for i in report.issues.items]
    assert not report.ok
    text = "\n".join(issues)
    assert "任务" in text and "完成时限" in text
    assert "党务公开" in text and "公开日期不能晚于今天" in text
    assert "服务记录" in text and "张三" in text and "时长应在 0 到 24 小时之间" in text
    assert "第 2 行" in text or "2" in text
    assert not ServiceRecord.objects.exists() and not Task.objects.exists()


def test_culture_tag_imported_and_refused_on_other_kinds(tree, actors, crew, xlsx):
    header = ["组织代码", "活动日期", "活动类型", "主题", "文化载体"]
    data = xlsx(
        {
            "活动": [
                header,
                [B01, "2025-10-15", "校园文化", "学术沙龙", "学术文化"],
                [B01, "2025-10-16", "党课", "专题党课", "社团文化"],
            ]
        }
    )
    report = dry_run(actors.committee_member, tree.university, data)
    issues = "\n".join(str(i) for i in report.issues.items)
    assert "只有校园文化活动可以选择文化载体" in issues and "第 3 行" in issues, issues
