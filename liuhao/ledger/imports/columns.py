"""The sheets of the ledger import and their columns (Chinese headers).

Sheets are processed in SHEETS order (活动 → 出勤 → 决议 → 规划 → 结对 → 走访 → 任务 → 党务公开 →
服务记录), so the 出勤 and 决议 sheets may name activities of the 活动 sheet in the same file. Keys (for
re-imports): an activity by (组织代码, 活动日期, 活动类型, 主题); an attendance row by its activity and
工号/学号; a decision by its activity and 决议内容; a plan by (组织代码, 文件类型, 标题, 生效日期); a pair
by (组织代码, 班子成员工号, 服务对象工号, 开始日期); a visit by (组织代码, 班子成员工号, 走访日期, 主题).
"""

from __future__ import annotations

from liuhao.ledger.choices import (
    ActivityKind,
    AttendanceStatus,
    CultureTag,
    DisclosureScope,
    PlanKind,
    ServiceKind,
)
from liuhao.ledger.models import (
    Activity,
    ContactPair,
    ContactVisit,
    Disclosure,
    PlanDocument,
    ServiceRecord,
    Task,
)
from liuhao.orgs.imports.columns import Column, SheetSpec, _text
from liuhao.orgs.models import Organization, Person

ACTIVITY_SHEET = "活动"
ATTENDANCE_SHEET = "出勤"
PLAN_SHEET = "规划"
PAIR_SHEET = "结对"
DECISION_SHEET = "决议"
VISIT_SHEET = "走访"
TASK_SHEET = "任务"
DISCLOSURE_SHEET = "党务公开"
SERVICE_SHEET = "服务记录"


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
        Column(
            "文化载体",
            "culture_tag",
            "choice",
            choices=CultureTag,
            hint="仅校园文化活动填写。",
        ),
        Column(
            "决策会议",
            "is_decision_meeting",
            "bool",
            hint="支委会/党委会或党员大会作出决定时填“是”；“决议”表只能引用决策会议。",
        ),
    ),
    "组织活动：按（组织代码、活动日期、活动类型、主题）识别，重复导入时更新地点、内容摘要、文化载体和"
    "决策会议标记；活动日期不能晚于今天。",
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

DECISION_SPEC = SheetSpec(
    DECISION_SHEET,
    (
        *_activity_key(),
        Column("决议内容", "text", "text", required=True, mandatory=True, max_length=2000),
        Column(
            "应到人数",
            "members_entitled",
            "int",
            required=True,
            mandatory=True,
            bounds=(1, 32767),
            hint="支委会/党委会为班子人数，党员大会为正式党员人数。",
        ),
        Column(
            "实到人数",
            "members_present",
            "int",
            required=True,
            mandatory=True,
            bounds=(0, 32767),
            hint="不能多于应到人数；过半数出席决议方为有效。",
        ),
    ),
    "决议（C02.3）：前四列指明决策会议（系统中已有的，或本文件“活动”表中“决策会议”填“是”的行），"
    "按会议和决议内容识别，重复导入时更新应到、实到人数。",
)

PLAN_SPEC = SheetSpec(
    PLAN_SHEET,
    (
        _org_code(),
        Column("文件类型", "kind", "choice", required=True, mandatory=True, choices=PlanKind),
        _text("标题", "title", PlanDocument, "title", required=True, mandatory=True),
        Column("生效日期", "valid_from", "date", required=True, mandatory=True),
        Column("有效期至", "valid_until", "date", hint="不填表示长期有效。"),
        Column("审定日期", "approved_on", "date", hint="不能晚于今天。"),
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

VISIT_SPEC = SheetSpec(
    VISIT_SHEET,
    (
        _org_code(),
        _text(
            "班子成员工号",
            "leader_number",
            Person,
            "number",
            required=True,
            mandatory=True,
            hint="走访日期当天须是该组织领导班子成员。",
        ),
        Column(
            "走访日期", "visited_on", "date", required=True, mandatory=True, hint="不能晚于今天。"
        ),
        _text("主题", "topic", ContactVisit, "topic", required=True, mandatory=True),
        _text("走访对象工号/学号", "target_number", Person, "number", hint="选填：本校师生。"),
        _text("地点", "place", ContactVisit, "place"),
        Column("了解的情况与问题", "findings", "text", max_length=5000),
    ),
    "联系走访（C03.2）：按（组织代码、班子成员工号、走访日期、主题）识别，重复导入时更新走访对象、地点和"
    "了解的情况。",
)

TASK_SPEC = SheetSpec(
    TASK_SHEET,
    (
        _org_code(),
        _text("任务名称", "title", Task, "title", required=True, mandatory=True),
        Column("布置日期", "assigned_on", "date", required=True, mandatory=True),
        _text(
            "责任人工号",
            "owner_number",
            Person,
            "number",
            required=True,
            mandatory=True,
            hint="本校人员的工号/学号。",
        ),
        Column("完成时限", "due_on", "date", required=True, mandatory=True),
        Column("办理程序", "steps", "text", max_length=2000, hint="多个步骤用“；”分隔。"),
        Column("完成日期", "completed_on", "date", hint="未完成时不填；不能晚于今天。"),
        _text("完成情况", "completion_note", Task, "completion_note"),
    ),
    "任务（C07.1）：按（组织代码、任务名称、布置日期）识别，重复导入时更新责任人、完成时限、办理程序和完成情况。",
)

DISCLOSURE_SPEC = SheetSpec(
    DISCLOSURE_SHEET,
    (
        _org_code(),
        _text("公开事项", "title", Disclosure, "title", required=True, mandatory=True),
        Column("公开日期", "published_on", "date", required=True, mandatory=True),
        Column("公开范围", "scope", "choice", choices=DisclosureScope, hint="不填视为“公开”。"),
        _text("公开方式", "channel", Disclosure, "channel"),
    ),
    "党务公开（C07.2）：按（组织代码、公开事项、公开日期）识别，重复导入时更新公开范围和方式；公开日期不能晚于今天。",
)

SERVICE_SPEC = SheetSpec(
    SERVICE_SHEET,
    (
        _org_code(),
        _text(
            "工号/学号",
            "person_number",
            Person,
            "number",
            required=True,
            mandatory=True,
            hint="须是该组织在服务当天的在册党员或班子成员。",
        ),
        Column("服务日期", "served_on", "date", required=True, mandatory=True),
        Column("服务类型", "kind", "choice", required=True, mandatory=True, choices=ServiceKind),
        Column(
            "时长（小时）", "hours", "text", max_length=8, hint="0 到 24 之间的数字，如 2 或 1.5。"
        ),
        _text("服务内容", "description", ServiceRecord, "description"),
    ),
    "党员服务记录（C06.3）：每人每次服务一行，按（组织代码、工号/学号、服务日期、服务类型）识别，重复导入时更新时长和服务内容。",
)

SHEETS: tuple[SheetSpec, ...] = (
    ACTIVITY_SPEC,
    ATTENDANCE_SPEC,
    DECISION_SPEC,
    PLAN_SPEC,
    PAIR_SPEC,
    VISIT_SPEC,
    TASK_SPEC,
    DISCLOSURE_SPEC,
    SERVICE_SPEC,
)
SHEET_NAMES: tuple[str, ...] = tuple(s.name for s in SHEETS)
