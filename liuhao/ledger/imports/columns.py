"""The four sheets of the ledger import and their columns (Chinese headers).

Sheets are processed in SHEETS order (活动 → 出勤 → 规划 → 结对), so the 出勤 sheet may name
activities of the 活动 sheet in the same file. Keys (for re-imports): an activity by (组织代码, 活动日期,
活动类型, 主题); an attendance row by its activity and 工号/学号; a plan by (组织代码, 文件类型, 标题,
生效日期); a pair by (组织代码, 班子成员工号, 服务对象工号, 开始日期).
"""

from __future__ import annotations

from liuhao.ledger.choices import ActivityKind, AttendanceStatus, PlanKind
from liuhao.ledger.models import Activity, ContactPair, PlanDocument
from liuhao.orgs.imports.columns import Column, SheetSpec, _text
from liuhao.orgs.models import Organization, Person

ACTIVITY_SHEET = "活动"
ATTENDANCE_SHEET = "出勤"
PLAN_SHEET = "规划"
PAIR_SHEET = "结对"


def _org_code(header: str = "组织代码") -> Column:
    return _text(
        header,
        "org_code",
        Organization,
        "code",
        required=True,
        mandatory=True,
        hint="本校党组织的组织代码（须在您的台账登记范围内）。",
    )


def _activity_key() -> tuple[Column, ...]:
    return (
        _org_code(),
        Column("活动日期", "held_on", "date", required=True, mandatory=True),
        Column("活动类型", "kind", "choice", required=True, mandatory=True, choices=ActivityKind),
        _text("主题", "topic", Activity, "topic", required=True, mandatory=True),
    )


ACTIVITY_SPEC = SheetSpec(
    ACTIVITY_SHEET,
    (
        *_activity_key(),
        _text("地点", "place", Activity, "place"),
        Column("内容摘要", "summary", "text", max_length=5000),
    ),
    "组织活动：按（组织代码、活动日期、活动类型、主题）识别，重复导入时更新地点和内容摘要；"
    "活动日期不能晚于今天。",
)

ATTENDANCE_SPEC = SheetSpec(
    ATTENDANCE_SHEET,
    (
        *_activity_key(),
        _text(
            "工号/学号",
            "person_number",
            Person,
            "number",
            required=True,
            mandatory=True,
            hint="须是该组织在活动当天的在册党员或班子成员。",
        ),
        _text(
            "姓名",
            "person_name",
            Person,
            "name",
            hint="可不填；填写时必须与工号/学号对应的姓名一致，用于核对。",
        ),
        Column(
            "出勤情况",
            "status",
            "choice",
            required=True,
            mandatory=True,
            choices=AttendanceStatus,
        ),
    ),
    "出勤：前四列指明活动（系统中已有的活动，或本文件“活动”表中的行），每人每项活动一行。",
)

PLAN_SPEC = SheetSpec(
    PLAN_SHEET,
    (
        _org_code(),
        Column("文件类型", "kind", "choice", required=True, mandatory=True, choices=PlanKind),
        _text("标题", "title", PlanDocument, "title", required=True, mandatory=True),
        Column("生效日期", "valid_from", "date", required=True, mandatory=True),
        Column("有效期至", "valid_until", "date", hint="不填表示长期有效。"),
        Column("审定日期", "approved_on", "date"),
    ),
    "规划与实施办法：按（组织代码、文件类型、标题、生效日期）识别，重复导入时更新有效期至和审定日期。",
)

PAIR_SPEC = SheetSpec(
    PAIR_SHEET,
    (
        _text(
            "班子成员工号",
            "leader_number",
            Person,
            "number",
            required=True,
            mandatory=True,
            hint="开始日期当天须是该组织领导班子成员。",
        ),
        _text(
            "服务对象工号/学号",
            "target_number",
            Person,
            "number",
            required=True,
            mandatory=True,
            hint="本校师生。",
        ),
        _org_code(),
        Column("开始日期", "started_on", "date", required=True, mandatory=True),
        Column("结束日期", "ended_on", "date"),
        _text("备注", "note", ContactPair, "note"),
    ),
    "结对联系：按（组织代码、班子成员工号、服务对象工号/学号、开始日期）识别，重复导入时更新结束日期和备注。",
)

SHEETS: tuple[SheetSpec, ...] = (ACTIVITY_SPEC, ATTENDANCE_SPEC, PLAN_SPEC, PAIR_SPEC)
SHEET_NAMES: tuple[str, ...] = tuple(s.name for s in SHEETS)
