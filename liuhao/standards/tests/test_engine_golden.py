"""Golden cases for the engine: tests/cases/*.yaml (CONVENTIONS B4 layer 1).

A case file names its standard one of two ways:

- `standard: _mini-standard.yaml` with `units:` — a small test package beside the cases; the test
  is pure (no Django, no registry).
- `package: jiangsu-2015` (optionally `version: 3`) — a shipped package from standards/data; units
  and the pending sources (desk.*, survey.*: awaiting data) come from the metric registry, as in a
  run. The registry is filled by the apps' ready(), so these cases take the `metric_registry`
  fixture (pytest-django has set Django up; no database is used).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from liuhao.standards.engine.evaluate import Memo, OrgInputs, evaluate_org
from liuhao.standards.engine.types import (
    Method,
    MetricValue,
    OrgFacts,
    PeriodValue,
    StandardRules,
)
from liuhao.standards.metrics.registry import MetricDef, registered_metrics
from liuhao.standards.package import StandardPackage, to_rules, with_units

CASES = Path(__file__).parent / "cases"
PACKAGES = Path(__file__).parents[1] / "data"
NOT_MET = ("unmet", "partly_met")


def _package(path: Path) -> StandardPackage:
    return StandardPackage.model_validate(yaml.safe_load(path.read_text("utf-8")))


def _mini_rules(name: str, units: dict[str, str]) -> StandardRules:
    return with_units(to_rules(_package(CASES / name)), units)


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


def _docs() -> list[tuple[Path, dict[str, Any]]]:
    return [
        (path, yaml.safe_load(path.read_text("utf-8"))) for path in sorted(CASES.glob("[!_]*.yaml"))
    ]


def _params(form: str) -> list[Any]:
    return [
        pytest.param(doc, case, id=f"{path.stem}:{case['name']}")
        for path, doc in _docs()
        if form in doc
        for case in doc["cases"]
    ]


@pytest.fixture
def metric_registry() -> Mapping[str, MetricDef]:
    """The metric registry as the apps' ready() leave it (real units and pending sources)."""
    from django.apps import apps

    apps.check_apps_ready()
    return registered_metrics()


@pytest.mark.parametrize(("doc", "case"), _params("standard"))
def test_golden_case(doc: dict[str, Any], case: dict[str, Any]) -> None:
    units = doc["units"]
    _check(_mini_rules(doc["standard"], units), units, {}, case)


@pytest.mark.parametrize(("doc", "case"), _params("package"))
def test_package_golden_case(
    metric_registry: Mapping[str, MetricDef], doc: dict[str, Any], case: dict[str, Any]
) -> None:
    rules = _package_rules(doc, metric_registry)
    units = {key: d.unit for key, d in metric_registry.items()}
    pending = {key: d.pending or "" for key, d in metric_registry.items() if d.is_pending}
    by_code = {cp.code: cp for cp in rules.checkpoints}
    for code in case.get("values", {}):
        metric = by_code[code].metric
        assert metric not in pending, f"{code}: {metric} has no source yet, give it no values"
    _check(rules, units, pending, case)


def _package_rules(doc: dict[str, Any], registry: Mapping[str, MetricDef]) -> StandardRules:
    package = _package(PACKAGES / f"{doc['package']}.yaml")
    if "version" in doc:
        # A new version of the package means reading these cases again.
        assert package.version == doc["version"], "the package has a new version: review the cases"
    return with_units(to_rules(package), {key: d.unit for key, d in registry.items()})


@pytest.mark.parametrize(
    ("filename", "prefix"),
    [
        ("jiangsu-2015-ledger.yaml", "ledger."),
        ("jiangsu-2015-desk.yaml", "desk."),
        ("jiangsu-2015-survey.yaml", "survey."),
    ],
)
def test_jiangsu_cases_cover_every_checkpoint_of_their_source(
    metric_registry: Mapping[str, MetricDef], filename: str, prefix: str
) -> None:
    """Every metric or survey checkpoint of jiangsu-2015 on a ledger.* metric (ledger,
    development, frontline, governance, achievements), a desk.* or a survey.* metric is met in one
    case and not met in another."""
    doc = yaml.safe_load((CASES / filename).read_text("utf-8"))
    rules = _package_rules(doc, metric_registry)
    wanted = {
        cp.code
        for cp in rules.checkpoints
        if cp.method in (Method.METRIC, Method.SURVEY) and (cp.metric or "").startswith(prefix)
    }
    seen: dict[str, set[str]] = {code: set() for code in wanted}
    for case in doc["cases"]:
        expect = case["expect"]
        for code, status in expect.get("checkpoints", {}).items():
            if code in seen and code in expect.get("explanations", {}):
                seen[code].add("met" if status == "met" else status)
    missing = {
        code: sorted(statuses)
        for code, statuses in seen.items()
        if "met" not in statuses or not statuses & set(NOT_MET)
    }
    assert missing == {}


def _check(
    rules: StandardRules, units: Mapping[str, str], pending: Mapping[str, str], case: dict[str, Any]
) -> None:
    inputs = OrgInputs(
        facts=OrgFacts(
            org_id=1, kind=case["org"]["kind"], branch_type=case["org"].get("branch_type", "")
        ),
        values={
            code: [_period_value(r) for r in rows] for code, rows in case.get("values", {}).items()
        },
        na_values={k: MetricValue(value=float(v)) for k, v in case.get("na_values", {}).items()},
        ratings={k: float(v) for k, v in case.get("ratings", {}).items()},
        pending={**pending, **case.get("pending", {})},
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
        assert by_code[code].explanation == text, code
    for code, text in expect.get("gaps", {}).items():
        assert by_code[code].gap == text, code
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
