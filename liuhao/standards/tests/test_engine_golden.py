"""Golden cases for the pure engine: tests/cases/*.yaml (CONVENTIONS B4 layer 1)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from liuhao.standards.engine.evaluate import Memo, OrgInputs, evaluate_org
from liuhao.standards.engine.types import MetricValue, OrgFacts, PeriodValue, StandardRules
from liuhao.standards.package import StandardPackage, to_rules

CASES = Path(__file__).parent / "cases"


def _rules(name: str, units: dict[str, str]) -> StandardRules:
    package = StandardPackage.model_validate(yaml.safe_load((CASES / name).read_text("utf-8")))
    rules = to_rules(package)
    return dataclasses.replace(
        rules,
        checkpoints=tuple(
            dataclasses.replace(cp, unit=units.get(cp.metric or "", "")) for cp in rules.checkpoints
        ),
    )


def _period_value(row: list[Any]) -> PeriodValue:
    code, label, end, closed, value, *rest = row
    evidence = tuple(rest[0]) if len(rest) > 0 else ()
    late = tuple(rest[1]) if len(rest) > 1 else ()
    detail = tuple((k, float(v)) for k, v in rest[2].items()) if len(rest) > 2 else ()
    return PeriodValue(
        period_code=code,
        period_label=label,
        end=end,
        closed=closed,
        value=MetricValue(
            value=None if value is None else float(value),
            evidence=evidence,
            records="test.record",
            late=late,
            detail=detail,
        ),
    )


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("[!_]*.yaml")):
        doc = yaml.safe_load(path.read_text("utf-8"))
        for case in doc["cases"]:
            params.append(
                pytest.param(doc["standard"], doc["units"], case, id=f"{path.stem}:{case['name']}")
            )
    return params


@pytest.mark.parametrize(("standard", "units", "case"), _load())
def test_golden_case(standard: str, units: dict[str, str], case: dict[str, Any]) -> None:
    rules = _rules(standard, units)
    inputs = OrgInputs(
        facts=OrgFacts(
            org_id=1, kind=case["org"]["kind"], branch_type=case["org"].get("branch_type", "")
        ),
        values={
            code: [_period_value(r) for r in rows] for code, rows in case.get("values", {}).items()
        },
        na_values={k: MetricValue(value=float(v)) for k, v in case.get("na_values", {}).items()},
        ratings={k: float(v) for k, v in case.get("ratings", {}).items()},
        pending=case.get("pending", {}),
        as_of=case["as_of"],
        period_end=case["period_end"],
        unit_of=units,
    )
    outcome = evaluate_org(rules, inputs)
    # A run's memo of value-independent outcomes changes nothing, on first use or on reuse.
    memo = Memo()
    assert evaluate_org(rules, inputs, memo) == outcome
    assert evaluate_org(rules, inputs, memo) == outcome
    # Another org with the same values but other records shares the text, not the evidence.
    other = _shift_records(inputs, 1000)
    for got, want in zip(
        evaluate_org(rules, other, memo).checkpoints,
        evaluate_org(rules, other).checkpoints,
        strict=True,
    ):
        assert got == want
        assert got.evidence == tuple(e + 1000 for e in by_code_of(outcome)[got.code].evidence)
    by_code = {c.code: c for c in outcome.checkpoints}
    expect = case["expect"]
    for code, status in expect.get("checkpoints", {}).items():
        assert by_code[code].status == status, (code, by_code[code].explanation)
    for code, text in expect.get("explanations", {}).items():
        assert by_code[code].explanation == text
    for code, text in expect.get("gaps", {}).items():
        assert by_code[code].gap == text
    for code, day in expect.get("due", {}).items():
        assert by_code[code].due == (
            day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
        )
    for code, ids in expect.get("evidence", {}).items():
        assert list(by_code[code].evidence) == ids
    for code, ids in expect.get("late", {}).items():
        assert list(by_code[code].late) == ids
    criteria = {c.code: c.status for c in outcome.criteria}
    for code, status in expect.get("criteria", {}).items():
        assert criteria[code] == status, code
    dimensions = {d.code: d.good for d in outcome.dimensions}
    for code, good in expect.get("dimensions", {}).items():
        assert dimensions[code] is good, code
    if "verdict" in expect:
        assert outcome.verdict is expect["verdict"]
    if "score" in expect:
        assert outcome.score == pytest.approx(expect["score"])
    if "band" in expect:
        assert outcome.band == expect["band"]
    if "coverage" in expect:
        assert outcome.coverage == pytest.approx(expect["coverage"], abs=1e-4)
    # Never met without proof: every met metric checkpoint carries a value.
    for c in outcome.checkpoints:
        if c.status == "met":
            assert c.value is not None


def by_code_of(outcome: Any) -> dict[str, Any]:
    return {c.code: c for c in outcome.checkpoints}


def _shift_records(inputs: OrgInputs, delta: int) -> OrgInputs:
    """The same inputs for another org whose record ids are all `delta` higher."""
    values = {
        code: [
            dataclasses.replace(
                pv,
                value=dataclasses.replace(
                    pv.value,
                    evidence=tuple(e + delta for e in pv.value.evidence),
                    late=tuple(e + delta for e in pv.value.late),
                ),
            )
            for pv in pvs
        ]
        for code, pvs in inputs.values.items()
    }
    facts = dataclasses.replace(inputs.facts, org_id=inputs.facts.org_id + 1)
    return dataclasses.replace(inputs, values=values, facts=facts)
