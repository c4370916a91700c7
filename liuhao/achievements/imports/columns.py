"""The sheets of the achievements import and their columns (Chinese headers): 承诺践诺 (C14.2),
工作成果 (C16.1), 研究与实践成果, 服务品牌 and 品牌历程 (C17.1).

Each sheet holds one record per row, keyed for re-imports (a stored record with the same key is
updated, an identical one left unchanged): a commitment by (member's branch, member, academic year),
a work result by (组织代码, 类别, 名称, 日期), an output likewise, a brand by (组织代码, 品牌名称), a
brand event by (组织代码, 品牌名称, 日期, 事项). Sheets are read in this order, so 品牌历程 may name
a brand of the 服务品牌 sheet of the same file.
"""

from __future__ import annotations

from liuhao.achievements.choices import AchievementCategory, OutputKind
from liuhao.achievements.models import Achievement, BrandEvent, Output, ServiceBrand
from liuhao.orgs.imports.columns import Column, SheetSpec, _text
from liuhao.orgs.models import Organization, Person

COMMITMENT_SHEET = "承诺践诺"
ACHIEVEMENT_SHEET = "工作成果"
OUTPUT_SHEET = "研究与实践成果"
BRAND_SHEET = "服务品牌"
EVENT_SHEET = "品牌历程"
SCORE_BOUNDS = (0, 32767)  # the real range (achievement-rules.yaml) is checked with a clear message


def _org_code(hint: str = "本校党组织的组织代码（须在您的台账登记范围内）。") -> Column:
    return _text(
        "组织代码", "org_code", Organization, "code", required=True, mandatory=True, hint=hint
    )


def _score(header: str, field: str) -> Column:
    return Column(
        header, field, "int", bounds=SCORE_BOUNDS, hint="0–100 分；填写得分时须填评议日期。"
    )


COMMITMENT_SPEC = SheetSpec(
    COMMITMENT_SHEET,
    (
        _org_code("党员所在党支部（或其上级组织）的组织代码；记录登记在党员所在党支部。"),
        _text(
            "工号/学号",
            "person_number",
            Person,
            "number",
            required=True,
            mandatory=True,
            hint="该组织（或其下级党支部）在承诺日的正式党员或预备党员。",
        ),
        Column("承诺日期", "committed_on", "date", required=True, mandatory=True),
        Column("承诺事项", "content", "text", required=True, mandatory=True, max_length=2000),
        Column("践诺报告日期", "fulfilled_on", "date", hint="不能早于承诺日期。"),
        Column("践诺情况", "fulfilment", "text", max_length=5000),
        Column("评议日期", "evaluated_on", "date", hint="不能早于承诺日期。"),
        _score("领导点评得分", "leader_score"),
        _score("党员互评得分", "peer_score"),
        _score("群众评议得分", "masses_score"),
    ),
    "承诺践诺：每名党员每学年一条，按（党员、学年）识别，重复导入时补充践诺情况与评议得分"
    "（承诺日期不变）；日期不能晚于今天。",
)

ACHIEVEMENT_SPEC = SheetSpec(
    ACHIEVEMENT_SHEET,
    (
        _org_code(),
        Column(
            "成果类别",
            "category",
            "choice",
            required=True,
            mandatory=True,
            choices=AchievementCategory,
        ),
        _text("成果名称", "title", Achievement, "title", required=True, mandatory=True),
        Column("取得日期", "achieved_on", "date", required=True, mandatory=True),
        Column("成果简介", "description", "text", max_length=5000),
    ),
    "工作成果（人才培养、科学研究、社会服务、文化传承）：按（组织代码、成果类别、成果名称、"
    "取得日期）识别，重复导入时更新简介。",
)

OUTPUT_SPEC = SheetSpec(
    OUTPUT_SHEET,
    (
        _org_code(),
        Column("成果类型", "kind", "choice", required=True, mandatory=True, choices=OutputKind),
        _text("成果名称", "title", Output, "title", required=True, mandatory=True),
        Column("形成日期", "published_on", "date", required=True, mandatory=True),
        Column("简介或出处", "description", "text", max_length=5000),
    ),
    "理论研究与实践探索成果：按（组织代码、成果类型、成果名称、形成日期）识别，重复导入时更新简介。",
)

BRAND_SPEC = SheetSpec(
    BRAND_SHEET,
    (
        _org_code(),
        _text("品牌名称", "name", ServiceBrand, "name", required=True, mandatory=True),
        Column("创立日期", "founded_on", "date", required=True, mandatory=True),
        Column("品牌简介", "description", "text", max_length=5000),
        Column("停用日期", "retired_on", "date", hint="不能早于创立日期。"),
    ),
    "服务品牌：按（组织代码、品牌名称）识别，重复导入时更新创立日期、简介和停用日期。",
)

EVENT_SPEC = SheetSpec(
    EVENT_SHEET,
    (
        _org_code(),
        _text(
            "品牌名称",
            "brand_name",
            ServiceBrand,
            "name",
            required=True,
            mandatory=True,
            hint="该组织已登记的服务品牌，或本文件“服务品牌”表中的品牌。",
        ),
        Column(
            "日期",
            "happened_on",
            "date",
            required=True,
            mandatory=True,
            hint="不早于品牌创立日期，不晚于停用日期。",
        ),
        _text("事项", "summary", BrandEvent, "summary", required=True, mandatory=True),
    ),
    "品牌历程（品牌活动、获奖、报道）：按（组织代码、品牌名称、日期、事项）识别。",
)

SHEETS: tuple[SheetSpec, ...] = (
    COMMITMENT_SPEC,
    ACHIEVEMENT_SPEC,
    OUTPUT_SPEC,
    BRAND_SPEC,
    EVENT_SPEC,
)
SHEET_NAMES: tuple[str, ...] = tuple(s.name for s in SHEETS)
