"""The four data sheets of the import template and their columns (Chinese headers).

Sheets are processed in SHEETS order (组织 → 人员 → 党员身份 → 职务), so a later sheet may name rows
of an earlier sheet in the same file. Headers are matched after stripping spaces and a trailing "*".
A column marked `key` identifies the row for re-imports; `required` cells must not be empty;
`mandatory` columns must be present in the header. Other columns may be left out: on update the stored
value is kept, on create the default is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from liuhao.orgs.choices import (
    BranchType,
    CommitteeDuty,
    Gender,
    MembershipEndReason,
    MembershipStage,
    OrgKind,
    PersonCategory,
    PositionKind,
)
from liuhao.orgs.imports.cells import (
    Parser,
    bool_parser,
    choice_parser,
    date_parser,
    int_parser,
    text_parser,
)
from liuhao.orgs.models import Organization, Person, Position

ORG_SHEET = "组织"
PERSON_SHEET = "人员"
MEMBERSHIP_SHEET = "党员身份"
POSITION_SHEET = "职务"
GUIDE_SHEET = "说明"  # ignored by the importer
IGNORED_SHEETS = frozenset({GUIDE_SHEET})


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header, the field it fills, how a cell is parsed, and the template hint."""

    header: str
    field: str  # a model field name, or a reference such as "parent_code" / "person_number"
    kind: str  # text | date | bool | choice | int
    required: bool = False  # each row must fill it
    mandatory: bool = False  # the header must contain it
    choices: type[models.TextChoices] | None = None
    max_length: int = 0
    bounds: tuple[int, int] = (0, 0)
    hint: str = ""

    def parser(self) -> Parser:
        """The cell parser for this column."""
        if self.kind == "date":
            return date_parser(self.required)
        if self.kind == "bool":
            return bool_parser()
        if self.kind == "choice":
            assert self.choices is not None
            return choice_parser(self.choices, self.required)
        if self.kind == "int":
            return int_parser(self.bounds[0], self.bounds[1], self.required)
        return text_parser(self.max_length, self.required)

    def template_note(self) -> str:
        """The comment on the template's header cell describing what to enter."""
        parts = ["必填。" if self.required else "选填。"]
        if self.kind == "date":
            parts.append("日期，格式 2001-09-01（也可 2001/09/01、2001.09.01）。")
        elif self.kind == "bool":
            parts.append("填“是”或“否”，空白视为“否”。")
        elif self.kind == "choice" and self.choices is not None:
            parts.append("可选：" + "、".join(str(label) for label in self.choices.labels) + "。")
        elif self.kind == "int":
            parts.append("整数。")
        elif self.max_length:
            parts.append(f"不超过 {self.max_length} 个字符。")
        if self.hint:
            parts.append(self.hint)
        return "".join(parts)


def _max_length(model: type[models.Model], field: str) -> int:
    max_length = getattr(model._meta.get_field(field), "max_length", None)
    assert max_length is not None
    return int(max_length)


def _text(
    header: str, field: str, model: type[models.Model], model_field: str, **kw: object
) -> Column:
    return Column(header, field, "text", max_length=_max_length(model, model_field), **kw)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """A data sheet: its Chinese name and columns in template order."""

    name: str
    columns: tuple[Column, ...]
    description: str

    def by_header(self) -> dict[str, Column]:
        return {c.header: c for c in self.columns}


ORG_CODE_LENGTH = _max_length(Organization, "code")

ORG_SPEC = SheetSpec(
    ORG_SHEET,
    (
        _text(
            "组织代码",
            "code",
            Organization,
            "code",
            required=True,
            mandatory=True,
            hint="组织的唯一代码，重复导入时按此代码更新。",
        ),
        _text("组织名称", "name", Organization, "name", required=True, mandatory=True),
        Column(
            "组织类别",
            "kind",
            "choice",
            required=True,
            mandatory=True,
            choices=OrgKind,
            hint="导入后不能通过导入修改类别。",
        ),
        _text(
            "上级组织代码",
            "parent_code",
            Organization,
            "code",
            mandatory=True,
            hint="高校党委不填；可以是系统中已有的组织，或本表中前面/后面的行。",
        ),
        Column(
            "支部类型",
            "branch_type",
            "choice",
            choices=BranchType,
            hint="只有党支部填写，党支部必须填写。",
        ),
        Column(
            "覆盖单位数",
            "unit_count",
            "int",
            bounds=(0, 32767),
            hint="联合党支部覆盖的单位数量，默认 1。",
        ),
        Column("成立日期", "established_on", "date"),
    ),
    "党组织：高校党委之下的院系党委、党总支、党支部、党小组。",
)

PERSON_SPEC = SheetSpec(
    PERSON_SHEET,
    (
        _text(
            "工号/学号",
            "number",
            Person,
            "number",
            required=True,
            mandatory=True,
            hint="在本校内唯一，重复导入时按此号码更新。",
        ),
        _text("姓名", "name", Person, "name", required=True, mandatory=True),
        Column(
            "人员类别", "category", "choice", required=True, mandatory=True, choices=PersonCategory
        ),
        Column("性别", "gender", "choice", choices=Gender),
        Column("出生日期", "birth_date", "date"),
        _text(
            "所在单位代码",
            "unit_code",
            Organization,
            "code",
            hint="所在单位（党组织）的组织代码，可以是本文件“组织”表中的行。",
        ),
        Column("青年教师", "young_teacher", "bool", hint="只有教师可以标记。"),
        Column("学术带头人", "academic_leader", "bool"),
        Column("留学归国人员", "returnee", "bool"),
        Column("离校日期", "left_on", "date"),
    ),
    "人员：教师、学生、职工和离退休人员，按工号/学号在本校内识别。",
)

_PERSON_REF = _text(
    "工号/学号",
    "person_number",
    Person,
    "number",
    required=True,
    mandatory=True,
    hint="系统中已有的人员，或本文件“人员”表中的行。",
)
_NAME_CHECK = _text(
    "姓名",
    "person_name",
    Person,
    "name",
    hint="可不填；填写时必须与工号/学号对应的姓名一致，用于核对。",
)

MEMBERSHIP_SPEC = SheetSpec(
    MEMBERSHIP_SHEET,
    (
        _PERSON_REF,
        _NAME_CHECK,
        _text("所在党支部代码", "org_code", Organization, "code", required=True, mandatory=True),
        Column(
            "发展阶段",
            "stage",
            "choice",
            required=True,
            mandatory=True,
            choices=MembershipStage,
            hint="当前阶段的日期必须填写，之后阶段的日期不应填写。",
        ),
        Column("递交入党申请日期", "applied_on", "date"),
        Column("确定积极分子日期", "activist_on", "date"),
        Column("确定发展对象日期", "candidate_on", "date"),
        Column("接收预备党员日期", "admitted_on", "date"),
        Column("转为正式党员日期", "full_on", "date"),
        Column("转入本组织日期", "joined_org_on", "date"),
        Column("转出/终止日期", "ended_on", "date"),
        Column("终止原因", "end_reason", "choice", choices=MembershipEndReason),
    ),
    "党员身份：每人一条在册记录，重复导入时更新该人在册的记录。",
)

POSITION_SPEC = SheetSpec(
    POSITION_SHEET,
    (
        _PERSON_REF,
        _NAME_CHECK,
        _text("任职组织代码", "org_code", Organization, "code", required=True, mandatory=True),
        Column("职务", "kind", "choice", required=True, mandatory=True, choices=PositionKind),
        Column(
            "委员分工", "duty", "choice", choices=CommitteeDuty, hint="职务为“委员”时必须填写。"
        ),
        Column("任职开始日期", "started_on", "date", required=True, mandatory=True),
        Column("任职结束日期", "ended_on", "date"),
        _text("党代会届次", "congress_name", Position, "congress_name", hint="只有党代表填写。"),
        Column("党代会任期开始", "congress_term_start", "date", hint="只有党代表填写。"),
        Column("党代会任期结束", "congress_term_end", "date", hint="只有党代表填写。"),
    ),
    "职务：按（人员、任职组织、职务、任职开始日期）识别，重复导入时更新。",
)

SHEETS: tuple[SheetSpec, ...] = (ORG_SPEC, PERSON_SPEC, MEMBERSHIP_SPEC, POSITION_SPEC)
SHEET_NAMES: tuple[str, ...] = tuple(s.name for s in SHEETS)
