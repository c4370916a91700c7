"""Chinese explanations, thresholds and gap-list phrasing for checkpoint outcomes (pure).

Examples: "本学期理论学习研讨会 0 次，要求 ≥1 次"; "截至2026-01-10，结对联系2名以上服务对象的班子成员
比例 60%（5 名中 3 名），要求 ≥100%" (the measure word is the checkpoint's `count_unit`, "个" by
default); gap "组织理论学习研讨会 1 次".
"""

from __future__ import annotations

import datetime as dt
import math

from liuhao.standards.engine.types import (
    CheckpointRule,
    Frequency,
    MetricValue,
    PeriodValue,
)

OPS = {">=": "≥", ">": ">", "<=": "≤", "==": "="}
LEVEL_NAMES = {
    "university_committee": "高校党委",
    "college_committee": "院系党委",
    "general_branch": "党总支",
    "branch": "党支部",
    "group": "党小组",
}
BRANCH_TYPE_NAMES = {
    "teacher": "教工",
    "undergraduate": "本科生",
    "graduate": "研究生",
    "joint": "师生联合",
    "retired": "离退休",
    "admin": "机关",
    "research_team": "科研团队",
    "project_team": "项目团队",
    "dorm_community": "公寓社区",
}
# Units of whole things: a gap in them is a whole number ("再组织 1 次", never "0.3 次").
COUNT_UNITS = ("次", "个", "名", "件", "项", "条")


def number(value: float, unit: str) -> str:
    """A value as shown to people: shares as percentages, whole numbers without decimals."""
    if unit == "%":
        pct = value * 100
        return f"{pct:.0f}%" if abs(pct - round(pct)) < 0.05 else f"{pct:.1f}%"
    if unit == "":
        return "是" if value >= 0.5 else "否"
    if abs(value - round(value)) < 1e-9:
        return f"{round(value)} {unit}".rstrip()
    return f"{value:.1f} {unit}".rstrip()


def threshold_text(rule: CheckpointRule, unit: str) -> str:
    if unit == "":
        return "是" if rule.rule.target >= 0.5 else "否"
    return f"{OPS[rule.rule.op]}{number(rule.rule.target, unit)}"


def requirement(threshold: str, unit: str) -> str:
    """The explanation's tail: "，要求 ≥1 次" or, for a yes/no rule, "，要求：是"."""
    return f"，要求{'：' if unit == '' else ' '}{threshold}"


def describe_value(mv: MetricValue, unit: str, count_unit: str = "") -> str:
    """The value as shown after the label (" 60%（5 名中 3 名）"): for a share, with the counts
    behind it (detail total/ok) in the checkpoint's measure word."""
    assert mv.value is not None
    if unit == "":
        return f"：{number(mv.value, unit)}"
    text = f" {number(mv.value, unit)}"
    detail = dict(mv.detail)
    if "total" in detail and "ok" in detail:
        word = count_unit or "个"
        text += f"（{int(detail['total'])} {word}中 {int(detail['ok'])} {word}）"
    elif "respondents" in detail and "response_rate" in detail:
        # A survey's rate: how many answered and the response rate behind it (issue 6 item 5).
        rate = number(detail["response_rate"], "%")
        text += f"（有效答卷 {int(detail['respondents'])} 份，参与率 {rate}）"
    return text


def missing_text(mv: MetricValue) -> str:
    """Why a period has no value, after the label. A survey metric (issue 6 item 5) gives its
    response rate and minimum, or its respondents and minimum group size, in `detail`: the text then
    names them ("暂无有效结果（参与率 22%，低于 30%，结果不计入）"); otherwise there was nothing
    to count."""
    detail = dict(mv.detail)
    rate, floor = detail.get("response_rate"), detail.get("min_response_rate")
    if rate is not None and floor is not None and rate < floor:
        why = f"参与率 {number(rate, '%')}，低于 {number(floor, '%')}"
        return f"暂无有效结果（{why}，结果不计入）"
    people, group = detail.get("respondents"), detail.get("min_group")
    if people is not None and group is not None and people < group:
        why = f"有效答卷 {int(people)} 份，少于 {int(group)} 份"
        return f"暂无有效结果（{why}，结果不计入）"
    return "暂无可计算的记录"


def period_prefix(frequency: Frequency, pv: PeriodValue, as_of: dt.date, multi: bool) -> str:
    if frequency == Frequency.STANDING:
        return f"截至{as_of.isoformat()}，"
    if multi:
        return pv.period_label.split("学年")[-1] or pv.period_label
    if frequency == Frequency.TERM:
        return "本学期"
    return "本学年"


def levels_text(rule: CheckpointRule) -> str:
    levels = "、".join(LEVEL_NAMES[level] for level in sorted(rule.applies.levels, key=_order))
    if rule.applies.branch_types:
        types = "、".join(BRANCH_TYPE_NAMES[t] for t in sorted(rule.applies.branch_types))
        return f"{levels or '党支部'}（{types}）"
    return levels or "全部组织"


def _order(level: str) -> int:
    return list(LEVEL_NAMES).index(level)


def gap_text(rule: CheckpointRule, value: float | None, unit: str) -> str:
    """What is missing and how much: "组织理论学习研讨会 1 次"; shares say from where to where."""
    target = rule.rule.target
    if value is None or unit == "":
        return rule.todo
    if unit == "%":
        return f"{rule.todo}（现为 {number(value, unit)}，需达到 {number(target, unit)}）"
    counted = unit in COUNT_UNITS
    if rule.rule.op == ">" and not counted:
        # "More than 0 元" has no amount to name: "落实党建工作经费", not "落实党建工作经费 1 元".
        if target == 0:
            return rule.todo
        return f"{rule.todo}（现为 {number(value, unit)}，需超过 {number(target, unit)}）"
    if rule.rule.op in (">=", ">"):
        missing = target - value + (1 if rule.rule.op == ">" else 0)
        if counted and not _whole(value):
            # An average (人均 0.5 件): how many more records it takes depends on the denominator,
            # which the engine does not know, so say where it stands instead of a rounded count.
            need = "需超过" if rule.rule.op == ">" else "需达到"
            return f"{rule.todo}（现为 {number(value, unit)}，{need} {number(target, unit)}）"
        missing = math.ceil(missing - 1e-9) if counted else missing
        return f"{rule.todo} {number(max(missing, 0), unit)}"
    if rule.rule.op == "<=":
        return f"{rule.todo}（现为 {number(value, unit)}，需不超过 {number(target, unit)}）"
    return f"{rule.todo}（现为 {number(value, unit)}，需为 {number(target, unit)}）"


def _whole(value: float) -> bool:
    return abs(value - round(value)) < 1e-9
