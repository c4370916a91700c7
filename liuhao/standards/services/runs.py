"""Assessment runs: every applicable org in scope scored for one period, set-based (issue 3 item 5).

DESIGN §4: a run computes every checkpoint for every org in one pass. Each metric is called once per
distinct (metric, params, period window kind) with **all** orgs in scope — the metric itself issues
one grouped query per distinct academic calendar — then the pure engine evaluates each org and the
results are written with batched INSERTs. A run stores its input snapshot (rules by sha256, windows,
as_of, ratings, pending sources, each org's metric values) and the engine version; recomputing makes
a new run and earlier runs stay readable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liuhao.core.audit import AuditScope, audit_record, snapshot
from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.roles import Capability
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.imports.bulk import insert_rows
from liuhao.orgs.models import AcademicCalendar, Organization, subtree_q
from liuhao.orgs.periods import DefaultTermStarts, Period, make_period, parse_period_code
from liuhao.orgs.selectors.scope import scope_for
from liuhao.standards.engine import ENGINE_VERSION
from liuhao.standards.engine.evaluate import Memo, OrgInputs, evaluate_org
from liuhao.standards.engine.types import (
    CheckpointOutcome,
    CheckpointRule,
    Frequency,
    Method,
    MetricValue,
    OrgFacts,
    OrgOutcome,
    PeriodValue,
    StandardRules,
)
from liuhao.standards.metrics.registry import (
    MetricContext,
    PeriodWindow,
    collect_ratings,
    registered_metrics,
)
from liuhao.standards.models import AssessmentRun, OrgResult, StandardVersion
from liuhao.standards.services.rules import rules_for

# Party groups (党小组) are subdivisions of a branch, not organizations assessed by the standard.
ASSESSED_KINDS = (
    OrgKind.UNIVERSITY_COMMITTEE,
    OrgKind.COLLEGE_COMMITTEE,
    OrgKind.GENERAL_BRANCH,
    OrgKind.BRANCH,
)
EVIDENCE_CAP = 200  # ids stored per checkpoint; the count is kept in full
CHUNK = 2000
RESULT_FIELDS = (
    "run_id",
    "org_id",
    "university_id",
    "org_path",
    "level",
    "branch_type",
    "score",
    "band",
    "verdict",
    "coverage",
    "dimensions",
    "criteria",
    "checkpoints",
    "inputs",
    "gap_count",
    "late_count",
)


@dataclasses.dataclass(frozen=True, slots=True)
class OrgRow:
    pk: int
    university_id: int
    path: str
    kind: str
    branch_type: str


def _period_error(message: str) -> ValidationFailed:
    return ValidationFailed(message, extra={"fields": {"period": [message]}})


def resolve_period(code: str, today: dt.date) -> tuple[int, int | None]:
    """Validate a period code and refuse periods that have not started anywhere yet."""
    start_year, term = parse_period_code(code)
    earliest = make_period(start_year, term, DefaultTermStarts())
    if earliest.start > today + dt.timedelta(days=62):  # calendars differ by weeks, not months
        raise _period_error(f"评估期“{code}”尚未开始，无法评估")
    return start_year, term


def _orgs_in_scope(root: Organization | None, as_of: dt.date) -> list[OrgRow]:
    qs = Organization.objects.filter(kind__in=ASSESSED_KINDS).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=as_of)
    )
    if root is not None:
        qs = qs.filter(subtree_q(root.path))
    return [
        OrgRow(pk, uid, path, kind, bt)
        for pk, uid, path, kind, bt in qs.order_by("path").values_list(
            "pk", "university_id", "path", "kind", "branch_type"
        )
    ]


class Windows:
    """Per-university period windows for the run's period, its terms and its year."""

    def __init__(self, universities: Iterable[int], start_year: int, term: int | None) -> None:
        self.start_year = start_year
        self.term = term
        calendars = {
            c.university_id: c
            for c in AcademicCalendar.objects.filter(university_id__in=list(universities))
        }
        self._starts = {u: calendars.get(u) or DefaultTermStarts() for u in universities}
        self._periods: dict[tuple[int, int | None], Period] = {}

    def period(self, university_id: int, term: int | None) -> Period:
        key = (university_id, term)
        period = self._periods.get(key)
        if period is None:
            period = make_period(self.start_year, term, self._starts[university_id])
            self._periods[key] = period
        return period

    def run_period(self, university_id: int) -> Period:
        return self.period(university_id, self.term)

    def windows_for(self, frequency: Frequency) -> list[int | None]:
        """Which terms (None = the year) a checkpoint of `frequency` is evaluated over."""
        if frequency == Frequency.TERM:
            return [self.term] if self.term is not None else [1, 2]
        if frequency == Frequency.YEAR:
            return [None]
        return [self.term]  # standing: the state at as_of; the window is only for reference


def _window(period: Period) -> PeriodWindow:
    return PeriodWindow(code=period.code, kind=period.kind, start=period.start, end=period.end)


def _group_windows(
    orgs: Sequence[OrgRow], windows: Windows, term: int | None
) -> dict[PeriodWindow, frozenset[int]]:
    grouped: dict[PeriodWindow, set[int]] = defaultdict(set)
    for org in orgs:
        grouped[_window(windows.period(org.university_id, term))].add(org.pk)
    return {w: frozenset(ids) for w, ids in grouped.items()}


def _compute_metrics(
    rules: StandardRules, orgs: Sequence[OrgRow], windows: Windows, as_of: dt.date
) -> tuple[dict[tuple[str, int | None], Mapping[int, MetricValue]], dict[str, str]]:
    """Call each (metric, params, term) once for all orgs. Returns values keyed by
    (checkpoint code, term) and the pending metrics with their reasons."""
    registry = registered_metrics()
    org_ids = frozenset(o.pk for o in orgs)
    pending: dict[str, str] = {}
    cache: dict[tuple[str, tuple[tuple[str, str], ...], int | None], Mapping[int, MetricValue]] = {}
    out: dict[tuple[str, int | None], Mapping[int, MetricValue]] = {}
    grouped_cache: dict[int | None, dict[PeriodWindow, frozenset[int]]] = {}

    def run(
        key: str, params: tuple[tuple[str, str], ...], term: int | None
    ) -> Mapping[int, MetricValue]:
        ck = (key, params, term)
        if ck not in cache:
            definition = registry[key]
            assert definition.fn is not None
            if term not in grouped_cache:
                grouped_cache[term] = _group_windows(orgs, windows, term)
            ctx = MetricContext(
                org_ids=org_ids,
                windows=grouped_cache[term],
                as_of=as_of,
                params={**dict(params), "late_entry_days": str(rules.late_entry_days)},
            )
            cache[ck] = definition.fn(ctx) if org_ids else {}
        return cache[ck]

    for cp in rules.checkpoints:
        for key in (cp.metric, cp.applies.na_metric):
            if key and registry[key].is_pending:
                pending[key] = registry[key].pending or "暂无数据"
        if cp.applies.na_metric and not registry[cp.applies.na_metric].is_pending:
            out[(f"na:{cp.applies.na_metric}", None)] = run(cp.applies.na_metric, (), windows.term)
        if cp.method == Method.REVIEW or not cp.metric or registry[cp.metric].is_pending:
            continue
        for term in windows.windows_for(cp.frequency):
            out[(cp.code, term)] = run(cp.metric, cp.params, term)
    return out, pending


class _InputsBuilder:
    """Builds each org's `OrgInputs` from the run's metric values. What is the same for every org
    (the checkpoints with data and their period windows, the na_when metrics, each university's
    period code, label and end) is worked out once per run, not once per org."""

    def __init__(
        self,
        rules: StandardRules,
        values: Mapping[tuple[str, int | None], Mapping[int, MetricValue]],
        pending: Mapping[str, str],
        windows: Windows,
        as_of: dt.date,
        units: Mapping[str, str],
        ratings: Mapping[int, Mapping[str, float]] | None = None,
    ) -> None:
        self.plan = [
            (
                cp.code,
                [
                    (term, values.get((cp.code, term), {}))
                    for term in windows.windows_for(cp.frequency)
                ],
            )
            for cp in rules.checkpoints
            if not (cp.method == Method.REVIEW or not cp.metric or cp.metric in pending)
        ]
        self.na = [(key[3:], by_org) for key, by_org in _na_items(values)]
        self.pending = pending
        self.windows = windows
        self.as_of = as_of
        self.units = units
        self.ratings = ratings or {}
        self._periods: dict[tuple[int, int | None], tuple[str, str, dt.date, bool]] = {}

    def _period(self, university_id: int, term: int | None) -> tuple[str, str, dt.date, bool]:
        found = self._periods.get((university_id, term))
        if found is None:
            period = self.windows.period(university_id, term)
            found = (period.code, period.label, period.end, period.end <= self.as_of)
            self._periods[(university_id, term)] = found
        return found

    def __call__(self, org: OrgRow) -> OrgInputs:
        pk, university_id = org.pk, org.university_id
        per_checkpoint: dict[str, list[PeriodValue]] = {}
        for code, terms in self.plan:
            pvs = []
            for term, by_org in terms:
                mv = by_org.get(pk)
                if mv is None:
                    continue
                period_code, label, end, closed = self._period(university_id, term)
                pvs.append(PeriodValue(period_code, label, end, closed, mv))
            per_checkpoint[code] = pvs
        return OrgInputs(
            facts=OrgFacts(org_id=pk, kind=org.kind, branch_type=org.branch_type),
            values=per_checkpoint,
            na_values={key: by_org.get(pk) for key, by_org in self.na},
            ratings=self.ratings.get(pk, {}),
            pending=self.pending,
            as_of=self.as_of,
            period_end=self.windows.run_period(university_id).end,
            unit_of=self.units,
        )


def _na_items(
    values: Mapping[tuple[str, int | None], Mapping[int, MetricValue]],
) -> Iterator[tuple[str, Mapping[int, MetricValue]]]:
    for (key, _), by_org in values.items():
        if key.startswith("na:"):
            yield key, by_org


def _checkpoint_json(outcome: CheckpointOutcome) -> dict[str, Any]:
    """A checkpoint as stored: default values left out (read back by OrgResult.checkpoint_list,
    CHECKPOINT_DEFAULTS). Built key by key: a province run stores about a million of these."""
    out: dict[str, Any] = {"code": outcome.code, "status": str(outcome.status)}
    if outcome.value is not None:
        out["value"] = outcome.value
    if outcome.threshold:
        out["threshold"] = outcome.threshold
    if outcome.explanation:
        out["explanation"] = outcome.explanation
    if outcome.records:
        out["records"] = outcome.records
    if outcome.evidence:
        out["evidence"] = list(outcome.evidence[:EVIDENCE_CAP])
        out["evidence_total"] = len(outcome.evidence)
    if outcome.late:
        out["late"] = list(outcome.late[:EVIDENCE_CAP])
    if outcome.points:
        out["points"] = outcome.points
    if outcome.possible:
        out["possible"] = outcome.possible
    if outcome.gap:
        out["gap"] = outcome.gap
    if outcome.due:
        out["due"] = outcome.due.isoformat()
    return out


def _inputs_json(inputs: OrgInputs) -> dict[str, Any]:
    return {
        code: [[pv.period_code, pv.value.value, pv.closed, len(pv.value.evidence)] for pv in pvs]
        for code, pvs in inputs.values.items()
    }


def _result_row(
    run_id: int,
    org: OrgRow,
    outcome: OrgOutcome,
    inputs: OrgInputs,
    shared: Mapping[int, dict[str, Any]],
) -> tuple[Any, ...]:
    """One OrgResult row. `shared` holds the JSON of the outcomes the engine memoised (by id)."""
    checkpoints = [shared.get(id(c)) or _checkpoint_json(c) for c in outcome.checkpoints]
    return (
        run_id,
        org.pk,
        org.university_id,
        org.path,
        org.kind,
        org.branch_type,
        outcome.score,
        outcome.band,
        outcome.verdict,
        outcome.coverage,
        [[d.code, d.good, str(d.status)] for d in outcome.dimensions],
        {c.code: str(c.status) for c in outcome.criteria},
        checkpoints,
        _inputs_json(inputs),
        sum(1 for c in outcome.checkpoints if c.gap),
        sum(len(c.late) for c in outcome.checkpoints),
    )


def _summary(
    rules: StandardRules,
    counts: Mapping[str, Mapping[str, int]],
    n: int,
    good: int,
    total_score: float,
) -> dict[str, Any]:
    return {
        "orgs": n,
        "verdict": good,
        "mean_score": round(total_score / n, 1) if n else 0.0,
        "checkpoints": {code: dict(by_status) for code, by_status in counts.items()},
    }


def can_run(actor: Any, root: Organization | None) -> bool:
    scope = scope_for(actor)
    if root is None:
        return scope.is_province and scope.can(Capability.ASSESS)
    return scope.can(Capability.ASSESS, root)


def assessment_run(
    *,
    standard: StandardVersion,
    period_code: str,
    root: Organization | None = None,
    today: dt.date,
    as_of: dt.date | None = None,
    actor: Any = None,
) -> AssessmentRun:
    """Compute a new run of `standard` for `period_code` over `root`'s subtree (all orgs if None).

    `today` comes from the caller (the edge calls timezone.localdate()); `as_of` defaults to the
    earlier of today and the period's end. Permission: an actor needs Capability.ASSESS over
    `root` (province-wide runs need a province role); the system (actor None) may always run.
    """
    if actor is not None and not can_run(actor, root):
        raise NotPermitted("您无权发起该范围的评估计算")
    start_year, term = resolve_period(period_code, today)
    rules = rules_for(standard)
    default_period = make_period(start_year, term)
    if root is not None:
        universities = [root.university_id or root.pk]
    else:
        universities = list(
            Organization.objects.filter(kind=OrgKind.UNIVERSITY_COMMITTEE).values_list(
                "pk", flat=True
            )
        )
    windows = Windows(universities, start_year, term)
    # A period is read up to its end at the university whose calendar ends last (or up to today).
    latest_end = max((windows.run_period(u).end for u in universities), default=default_period.end)
    as_of = as_of or min(today, latest_end)
    orgs = _orgs_in_scope(root, as_of)
    started = timezone.now()
    with transaction.atomic():
        run = _create_run(standard, default_period, as_of, root, started, actor)
    try:
        _compute_into(run, rules, orgs, windows, as_of, standard)
    except Exception as exc:
        AssessmentRun.objects.filter(pk=run.pk).update(
            status=AssessmentRun.Status.FAILED, error=repr(exc)[:2000], finished_at=timezone.now()
        )
        raise
    run.refresh_from_db()
    return run


def _create_run(
    standard: StandardVersion,
    period: Period,
    as_of: dt.date,
    root: Organization | None,
    started: dt.datetime,
    actor: Any,
) -> AssessmentRun:
    """Create the run row and audit who started it (a run is new data, never an overwrite)."""
    run = AssessmentRun.objects.create(
        standard=standard,
        period_code=period.code,
        period_kind=period.kind,
        as_of=as_of,
        engine_version=ENGINE_VERSION,
        root=root,
        started_at=started,
        triggered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    scope = (
        AuditScope(org_id=root.pk, org_path=root.path, university_id=root.university_id)
        if root is not None
        else AuditScope(org_id=None, org_path="", university_id=None)
    )
    audit_record(
        actor=actor,
        verb="create",
        target=run,
        scope=scope,
        changes=snapshot(run, ["standard", "period_code", "as_of", "root", "engine_version"]),
    )
    return run


def _compute_into(
    run: AssessmentRun,
    rules: StandardRules,
    orgs: Sequence[OrgRow],
    windows: Windows,
    as_of: dt.date,
    standard: StandardVersion,
) -> None:
    units = {k: d.unit for k, d in registered_metrics().items()}
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of small acyclic objects; see ADR 0007
    try:
        values, pending = _compute_metrics(rules, orgs, windows, as_of)
        periods = review_periods(rules, windows)
        ratings = collect_ratings(frozenset(o.pk for o in orgs), periods)
        counts: dict[str, dict[str, int]] = {cp.code: defaultdict(int) for cp in rules.checkpoints}
        good = 0
        total_score = 0.0
        inputs_for = _InputsBuilder(rules, values, pending, windows, as_of, units, ratings)
        memo = Memo()  # outcomes shared by orgs (not applicable, awaiting data, same values)
        shared: dict[int, dict[str, Any]] = {}  # the JSON of memo.shared, by the outcome's id
        with transaction.atomic():
            for start in range(0, len(orgs), CHUNK):
                rows = []
                for org in orgs[start : start + CHUNK]:
                    inputs = inputs_for(org)
                    outcome = evaluate_org(rules, inputs, memo)
                    if len(shared) != len(memo.shared):
                        shared.update({id(o): _checkpoint_json(o) for o in memo.shared.values()})
                    for c in outcome.checkpoints:
                        counts[c.code][str(c.status)] += 1
                    good += outcome.verdict
                    total_score += outcome.score
                    rows.append(_result_row(run.pk, org, outcome, inputs, shared))
                insert_rows(OrgResult, RESULT_FIELDS, rows)
            awaiting = _awaiting(rules, pending)
            AssessmentRun.objects.filter(pk=run.pk).update(
                status=AssessmentRun.Status.DONE,
                finished_at=timezone.now(),
                org_count=len(orgs),
                awaiting=awaiting,
                summary=_summary(rules, counts, len(orgs), good, total_score),
                inputs={
                    "standard": {
                        "code": rules.code,
                        "version": rules.version,
                        "sha256": standard.sha256,
                    },
                    "engine_version": ENGINE_VERSION,
                    "as_of": as_of.isoformat(),
                    "late_entry_days": rules.late_entry_days,
                    "windows": sorted(
                        {
                            (p.code, p.start.isoformat(), p.end.isoformat())
                            for o in orgs
                            for p in (windows.run_period(o.university_id),)
                        }
                    ),
                    "pending": pending,
                    "ratings": {"periods": periods, "orgs_rated": len(ratings)},
                },
            )
    finally:
        if gc_was_enabled:
            gc.enable()


def review_periods(rules: StandardRules, windows: Windows) -> dict[str, str]:
    """Checkpoint code → the period code its reviewers rate, for the run's review checkpoints
    (C16.2, C17.2): the academic year for a yearly checkpoint, else the run's period."""
    year = f"{windows.start_year}-{windows.start_year + 1}"
    run = year if windows.term is None else f"{year}-{windows.term}"
    return {
        cp.code: year if cp.frequency == Frequency.YEAR else run
        for cp in rules.checkpoints
        if cp.method == Method.REVIEW
    }


def _awaiting(rules: StandardRules, pending: Mapping[str, str]) -> list[dict[str, str]]:
    out = []
    for cp in rules.checkpoints:
        if cp.method == Method.REVIEW:
            out.append({"code": cp.code, "title": cp.title, "reason": "待评审打分"})
        elif cp.metric in pending:
            out.append({"code": cp.code, "title": cp.title, "reason": pending[cp.metric or ""]})
    return out


def checkpoint_rules(rules: StandardRules) -> dict[str, CheckpointRule]:
    return {cp.code: cp for cp in rules.checkpoints}
