"""The sheets of the service-front import and their columns (Chinese headers).

Sheets are processed in SHEETS order (活动场所 → 驻室接待 → 提案建议 → 党员事务 → 服务事项 → 党员先锋岗 →
动态通知), so the 驻室接待 sheet may name venues of the 活动场所 sheet in the same file. Each sheet keys
its rows for re-imports (see each spec's description); the other columns are updated.
"""

from __future__ import annotations

from liuhao.frontline.choices import (
    AffairKind,
    NewsKind,
    PostKind,
    ProposalKind,
    ProposalStatus,
    VenueKind,
)
from liuhao.frontline.models import (
    MAX_VISITORS,
    MemberAffair,
    News,
    Proposal,
    ServiceItem,
    VanguardPost,
    Venue,
)
from liuhao.orgs.imports.columns import Column, SheetSpec, _text
from liuhao.orgs.models import Organization, Person

VENUE_SHEET = "活动场所"
RECEPTION_SHEET = "驻室接待"
PROPOSAL_SHEET = "提案建议"
AFFAIR_SHEET = "党员事务"
ITEM_SHEET = "服务事项"
POST_SHEET = "党员先锋岗"
NEWS_SHEET = "动态通知"

LONG_TEXT = 5000


def _org_code() -> Column:
    return _text(
        "组织代码",
        "org_code",
        Organization,
        "code",
        required=True,
        mandatory=True,
        hint="本校党组织的组织代码（须在您的台账登记范围内）。",
    )


def _person(header: str, field: str, hint: str) -> Column:
    return _text(header, field, Person, "number", required=True, mandatory=True, hint=hint)


def _date(header: str, field: str, *, required: bool = False, hint: str = "") -> Column:
    return Column(header, field, "date", required=required, mandatory=required, hint=hint)


VENUE_SPEC = SheetSpec(
    VENUE_SHEET,
    (
        _org_code(),
        Column("场所类型", "kind", "choice", required=True, mandatory=True, choices=VenueKind),
        _text("场所名称", "name", Venue, "name", required=True, mandatory=True),
        _text("地点", "address", Venue, "address"),
        Column(
            "相对固定",
            "is_fixed",
            "text",
            max_length=2,
            hint="填“是”或“否”，空白视为“是”。",
        ),
        _text("设施设备", "equipment", Venue, "equipment"),
        _date("启用日期", "opened_on", required=True),
        _date("停用日期", "closed_on", hint="仍在使用的不填；不能早于启用日期。"),
    ),
    "活动场所（C10.1、C05.2 党代表工作室）：按（组织代码、场所名称）识别，重复导入时更新其余各列。",
)

RECEPTION_SPEC = SheetSpec(
    RECEPTION_SHEET,
    (
        _org_code(),
        _person(
            "党代表工号", "representative_number", "接待日期当天须是该组织（含下级组织）的党代表。"
        ),
        _date(
            "接待日期",
            "held_on",
            required=True,
            hint="晚于今天的为值班安排，不能填写接待人数和问题。",
        ),
        _text(
            "接待场所",
            "venue_name",
            Venue,
            "name",
            hint="选填：本组织的场所名称（系统中已有，或本文件“活动场所”表中的）。",
        ),
        Column("接待人数", "visitor_count", "int", bounds=(0, MAX_VISITORS)),
        Column("反映的问题与诉求", "issues", "text", max_length=LONG_TEXT),
    ),
    "驻室接待（C05.3）：按（组织代码、党代表工号、接待日期）识别，重复导入时更新场所、人数和问题。",
)

PROPOSAL_SPEC = SheetSpec(
    PROPOSAL_SHEET,
    (
        _org_code(),
        _person(
            "党代表工号", "representative_number", "提交日期当天须是该组织（含下级组织）的党代表。"
        ),
        Column("类型", "kind", "choice", required=True, mandatory=True, choices=ProposalKind),
        _text("标题", "title", Proposal, "title", required=True, mandatory=True),
        _date("提交日期", "submitted_on", required=True, hint="不能晚于今天。"),
        Column("办理状态", "status", "choice", choices=ProposalStatus, hint="不填视为“已提交”。"),
        Column(
            "答复意见",
            "reply",
            "text",
            max_length=LONG_TEXT,
            hint="办理状态为已答复或已办结时必填。",
        ),
        _date("答复日期", "replied_on", hint="不能早于提交日期，不能晚于今天。"),
    ),
    "提案建议（C05.4）：按（组织代码、党代表工号、标题、提交日期）识别，重复导入时更新类型、办理状态和答复。",
)

AFFAIR_SPEC = SheetSpec(
    AFFAIR_SHEET,
    (
        _org_code(),
        Column("事务类型", "kind", "choice", required=True, mandatory=True, choices=AffairKind),
        _person("办理对象工号", "person_number", "本校人员的工号/学号。"),
        _date("受理日期", "received_on", required=True, hint="不能晚于今天。"),
        _date("办结日期", "completed_on", hint="办理中的不填；不能早于受理日期，不能晚于今天。"),
        _text("备注", "note", MemberAffair, "note"),
    ),
    "党员事务（C10.2）：按（组织代码、事务类型、办理对象工号、受理日期）识别，重复导入时更新办结日期和备注。",
)

ITEM_SPEC = SheetSpec(
    ITEM_SHEET,
    (
        _org_code(),
        _text("服务事项", "name", ServiceItem, "name", required=True, mandatory=True),
        Column("办理流程", "process", "text", required=True, mandatory=True, max_length=LONG_TEXT),
        _person("责任人工号", "responsible_number", "本校人员的工号/学号。"),
        Column(
            "办理时限（工作日）",
            "time_limit_days",
            "int",
            required=True,
            mandatory=True,
            bounds=(1, 365),
        ),
        _date("公开日期", "published_on", required=True),
        _date("撤下日期", "withdrawn_on", hint="仍在公开的不填；不能早于公开日期。"),
    ),
    "服务事项（C11.1）：按（组织代码、服务事项、公开日期）识别，重复导入时更新流程、责任人、时限和撤下日期。",
)

POST_SPEC = SheetSpec(
    POST_SHEET,
    (
        _org_code(),
        Column("类型", "kind", "choice", required=True, mandatory=True, choices=PostKind),
        _text("名称", "name", VanguardPost, "name", required=True, mandatory=True),
        _text("职责", "duties", VanguardPost, "duties"),
        _date("设立日期", "set_up_on", required=True),
        _date("撤销日期", "ended_on", hint="仍在运行的不填；不能早于设立日期。"),
        Column(
            "党员工号",
            "member_numbers",
            "text",
            required=True,
            mandatory=True,
            max_length=2000,
            hint="一人或多人，用“、”分隔；设立日期当天须是该组织的党员。",
        ),
    ),
    "党员先锋岗、责任区、工作站（C11.2）：按（组织代码、名称、设立日期）识别，重复导入时更新类型、职责、撤销日期和党员名单。",
)

NEWS_SPEC = SheetSpec(
    NEWS_SHEET,
    (
        _org_code(),
        Column("类型", "kind", "choice", required=True, mandatory=True, choices=NewsKind),
        _text("标题", "title", News, "title", required=True, mandatory=True),
        _date("发布日期", "published_on", required=True, hint="不能晚于今天。"),
        _text("网址", "url", News, "url", hint="选填，以 http:// 或 https:// 开头。"),
        Column("正文", "body", "text", max_length=20000),
    ),
    "动态通知（C12.1）：按（组织代码、标题、发布日期）识别，重复导入时更新类型、网址和正文。",
)

SHEETS: tuple[SheetSpec, ...] = (
    VENUE_SPEC,
    RECEPTION_SPEC,
    PROPOSAL_SPEC,
    AFFAIR_SPEC,
    ITEM_SPEC,
    POST_SPEC,
    NEWS_SPEC,
)
SHEET_NAMES: tuple[str, ...] = tuple(s.name for s in SHEETS)
