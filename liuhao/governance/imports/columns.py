"""The sheets of the governance import and their columns (Chinese headers).

经费, 换届, 关怀帮扶, 表彰, 述职 and 党性分析 hold one record per row, keyed for re-imports (a stored record with the
same key is updated, an identical one left unchanged); 评议 (民主评议党员 grades) and 定级
(分类定级 bands) hold one row per member or sub-org, grouped into a round by (组织代码, 年度).
"""

from __future__ import annotations

from liuhao.governance.choices import CareKind, CommendationKind, CommendationLevel, FundingSource
from liuhao.governance.models import (
    CareRecord,
    Commendation,
    Election,
    Funding,
    LeaderReport,
    MemberEvaluation,
    SpiritAnalysis,
)
from liuhao.governance.rules import governance_rules
from liuhao.orgs.imports.columns import Column, SheetSpec, _text
from liuhao.orgs.models import Organization, Person

FUNDING_SHEET = "经费"
ELECTION_SHEET = "换届"
CARE_SHEET = "关怀帮扶"
COMMENDATION_SHEET = "表彰"
EVALUATION_SHEET = "评议"
GRADING_SHEET = "定级"
REPORT_SHEET = "述职"
SPIRIT_SHEET = "党性分析"
RATING_FIELD = "rating_{}"  # the column of the n-th grade of the report scale (report_ratings)
COUNT_BOUNDS = (0, 1_000_000)


def _org_code(header: str = "组织代码", field: str = "org_code", hint: str = "") -> Column:
    return _text(
        header,
        field,
        Organization,
        "code",
        required=True,
        mandatory=True,
        hint=hint or "本校党组织的组织代码（须在您的台账登记范围内）。",
    )


def _person(header: str, *, required: bool, hint: str) -> Column:
    return _text(
        header,
        "person_number",
        Person,
        "number",
        required=required,
        mandatory=required,
        hint=hint,
    )


def _amount(required: bool) -> Column:
    return Column(
        "金额（元）",
        "amount",
        "text",
        required=required,
        mandatory=required,
        max_length=16,
        hint="数字，不能为负数，最多两位小数。",
    )


def _year() -> Column:
    return Column("年度", "year", "int", required=True, mandatory=True, bounds=(2000, 2100))


FUNDING_SPEC = SheetSpec(
    FUNDING_SHEET,
    (
        _org_code(),
        Column("拨付日期", "allocated_on", "date", required=True, mandatory=True),
        _amount(True),
        Column(
            "经费来源", "source", "choice", required=True, mandatory=True, choices=FundingSource
        ),
        _text("用途", "purpose", Funding, "purpose"),
    ),
    "党建工作经费：按（组织代码、拨付日期、经费来源）识别，重复导入时更新金额和用途。",
)

ELECTION_SPEC = SheetSpec(
    ELECTION_SHEET,
    (
        _org_code(),
        Column("选举日期", "elected_on", "date", required=True, mandatory=True),
        Column(
            "任期（年）",
            "term_years",
            "int",
            required=True,
            mandatory=True,
            bounds=(1, 10),
            hint="须为规定的任期：院系党委5年，党总支、党支部3年。",
        ),
        Column("当选委员人数", "members_elected", "int", bounds=(1, 99)),
        Column("延期至", "extended_until", "date", hint="经上级批准延期换届时填写，最长12个月。"),
        Column("延期批准日期", "extension_approved_on", "date"),
        _text("批准机关", "extension_approved_by", Election, "extension_approved_by"),
        _text("备注", "note", Election, "note"),
    ),
    "换届选举：按（组织代码、选举日期）识别，重复导入时更新任期、延期和备注。",
)

CARE_SPEC = SheetSpec(
    CARE_SHEET,
    (
        _org_code(),
        Column("帮扶日期", "cared_on", "date", required=True, mandatory=True),
        Column("帮扶类型", "kind", "choice", required=True, mandatory=True, choices=CareKind),
        _text("帮扶内容", "summary", CareRecord, "summary", required=True, mandatory=True),
        _person("帮扶对象工号/学号", required=False, hint="选填；须是该组织的党员。"),
        _amount(False),
        Column("使用党员关爱基金", "from_care_fund", "bool"),
    ),
    "关怀帮扶：按（组织代码、帮扶日期、帮扶内容）识别，重复导入时更新其余各列。",
)

COMMENDATION_SPEC = SheetSpec(
    COMMENDATION_SHEET,
    (
        _org_code(),
        Column("表彰日期", "awarded_on", "date", required=True, mandatory=True),
        Column("类型", "kind", "choice", required=True, mandatory=True, choices=CommendationKind),
        Column("级别", "level", "choice", required=True, mandatory=True, choices=CommendationLevel),
        _text("荣誉或案例名称", "title", Commendation, "title", required=True, mandatory=True),
        _person("受表彰党员工号/学号", required=False, hint="选填；须是该组织的党员。"),
        _text("事迹简介", "summary", Commendation, "summary"),
    ),
    "评比表彰与典型：按（组织代码、表彰日期、荣誉或案例名称）识别，重复导入时更新其余各列。",
)

EVALUATION_SPEC = SheetSpec(
    EVALUATION_SHEET,
    (
        _org_code("党支部代码", hint="开展民主评议的党支部的组织代码。"),
        _year(),
        Column("组织评定日期", "decided_on", "date", required=True, mandatory=True),
        _person("工号/学号", required=True, hint="须是该支部在组织评定日的正式党员。"),
        _text(
            "评定等次",
            "grade",
            MemberEvaluation,
            "note",
            required=True,
            mandatory=True,
            hint="优秀、合格、基本合格、不合格之一；“优秀”不超过参评人数的1/3。",
        ),
    ),
    "民主评议党员：每名党员一行，按（党支部代码、年度）组成一轮；同一支部同一年度只能登记一轮。",
)

GRADING_SPEC = SheetSpec(
    GRADING_SHEET,
    (
        _org_code("组织代码", hint="开展分类定级的党组织（院系党委或党总支）的组织代码。"),
        _year(),
        Column("定级日期", "graded_on", "date", required=True, mandatory=True),
        _org_code("下级组织代码", "sub_org_code", hint="被定级的直属下级党组织的组织代码。"),
        _text(
            "等次",
            "band",
            MemberEvaluation,
            "note",
            required=True,
            mandatory=True,
            hint="如 先进、一般、后进（以本省规则文件为准）。",
        ),
    ),
    "分类定级：每个下级党组织一行，按（组织代码、年度）组成一轮；同一组织同一年度只能登记一轮。",
)


def rating_columns() -> tuple[Column, ...]:
    """One count column per grade of the configured report scale (governance-rules.yaml)."""
    return tuple(
        Column(
            f"评价“{grade}”人数",
            RATING_FIELD.format(n),
            "int",
            bounds=COUNT_BOUNDS,
            hint="选填；各等次人数之和应等于参加评议人数。",
        )
        for n, grade in enumerate(governance_rules().report_ratings)
    )


REPORT_SPEC = SheetSpec(
    REPORT_SHEET,
    (
        _org_code(hint="述职的党组织（党支部、党总支或院系党委）的组织代码。"),
        Column("述职日期", "reported_on", "date", required=True, mandatory=True),
        _person("述职人工号/学号", required=True, hint="须是该组织在述职日的书记、副书记或委员。"),
        Column(
            "应参加评议党员数",
            "members_entitled",
            "int",
            required=True,
            mandatory=True,
            bounds=COUNT_BOUNDS,
        ),
        Column(
            "参加评议人数",
            "raters",
            "int",
            required=True,
            mandatory=True,
            bounds=COUNT_BOUNDS,
            hint="不能超过应参加评议党员数。",
        ),
        *rating_columns(),
        _text("述职要点", "summary", LeaderReport, "summary"),
    ),
    "书记述职评议：按（组织代码、述职日期、述职人）识别，重复导入时更新人数、评议结果和要点。",
)

SPIRIT_SPEC = SheetSpec(
    SPIRIT_SHEET,
    (
        _org_code(hint="党员所在党支部（或其上级）的组织代码。"),
        Column("分析日期", "analyzed_on", "date", required=True, mandatory=True),
        _person("工号/学号", required=True, hint="须是该组织在分析日的党员。"),
        _text("分析要点", "summary", SpiritAnalysis, "summary", required=True, mandatory=True),
    ),
    "党性分析：按（组织代码、分析日期、工号/学号）识别，重复导入时更新分析要点。",
)

SHEETS: tuple[SheetSpec, ...] = (
    FUNDING_SPEC,
    ELECTION_SPEC,
    CARE_SPEC,
    COMMENDATION_SPEC,
    EVALUATION_SPEC,
    GRADING_SPEC,
    REPORT_SPEC,
    SPIRIT_SPEC,
)
SHEET_NAMES: tuple[str, ...] = tuple(s.name for s in SHEETS)
