"""Metrics of the achievements app: C14.2 (承诺践诺), C16.1 (工作成果), C17.1 (成果与服务品牌).

Each metric returns the value for **every** org in `ctx.org_ids` from a constant number of grouped
queries per period window (CONVENTIONS B4), never one per org; no metric calls now(). Evidence is the
ids of the records behind the value; `late` lists those entered more than `late_entry_days` after
their event (补录, DESIGN §4).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from django.db.models import Count, Q

from liuhao.achievements.choices import AchievementCategory
from liuhao.achievements.models import Achievement, BrandEvent, Commitment, Output, ServiceBrand
from liuhao.ledger.metrics.common import Clock, late_days, orgs_q, span_of, text, value_of
from liuhao.orgs.choices import MembershipStage, OrgKind
from liuhao.orgs.models import Membership, Organization
from liuhao.standards.engine.types import MetricValue
from liuhao.standards.metrics.registry import MetricContext, metric

COMMITMENT = "achievements.commitment"
ACHIEVEMENT = "achievements.achievement"
OUTPUT = "achievements.output"
BRAND = "achievements.servicebrand"
MEMBER_STAGES = (MembershipStage.PROBATIONARY, MembershipStage.FULL)
EVIDENCE_CAP = 200  # evidence ids kept for a roll-up (the stored results keep as many)


def _tree(ids: Collection[int]) -> tuple[dict[int, list[int]], dict[int, int], list[int]]:
    """For the orgs of the universities of `ids`: org id → the ids in `ids` whose subtree holds it
    (itself and its ancestors), a Party group → its branch, and the university ids. Two queries."""
    universities = sorted(
        {
            u or pk
            for pk, u in Organization.objects.filter(orgs_q(ids, "pk"))
            .order_by()
            .values_list("pk", "university_id")
            if pk in ids
        }
    )
    rows = list(
        Organization.objects.filter(Q(university_id__in=universities) | Q(pk__in=universities))
        .order_by()
        .values_list("pk", "path", "kind", "parent_id")
    )
    rows.sort(key=lambda r: r[1])  # by path: a parent before its children
    covering: dict[int, list[int]] = {}
    group_branch: dict[int, int] = {}
    empty: list[int] = []
    for pk, _, kind, parent_id in rows:
        if kind == OrgKind.GROUP and parent_id is not None:
            group_branch[pk] = parent_id
        above = covering.get(parent_id, empty) if parent_id is not None else empty
        covering[pk] = [*above, pk] if pk in ids else above
    return covering, group_branch, universities


@metric("ledger.commitment_rate", label="参与承诺践诺与评议的党员比例", unit="%")
def commitment_rate(ctx: MetricContext) -> dict[int, MetricValue]:
    """Share of the org's full and probationary members (on the window's last day up to as_of, in
    its subtree) who made a commitment dated within the window and were evaluated on it by then.

    C14.2 党员普遍承诺践诺、接受评议 (普遍开展“三亮三比三评”、“承诺践诺”; our default ≥90%).
    A commitment counts while its member still belongs to the branch that holds it (memberships
    ended before the day are read once and excluded). A Party group reads its branch. None when the
    org has no members. Per window: members grouped by branch, commitments, ended memberships.
    Branch figures roll up to colleges and general branches; their evidence is capped like the
    stored results (EVIDENCE_CAP ids, the count is in `ok`).
    """
    clock = Clock(late_days(ctx))
    out: dict[int, MetricValue] = dict.fromkeys(ctx.org_ids, value_of(None, (), (), COMMITMENT))
    if not ctx.org_ids:
        return out
    covering, group_branch, universities = _tree(ctx.org_ids)
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        day = span[1]
        members: dict[int, int] = defaultdict(int)
        for org_id, n in (
            Membership.objects.filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=day),
                university_id__in=universities,
                stage__in=MEMBER_STAGES,
            )
            .order_by()
            .values("org_id")
            .annotate(n=Count("id"))
            .values_list("org_id", "n")
        ):
            members[org_id] = n
        gone = _gone(universities, day)
        done: dict[int, list[int]] = defaultdict(list)
        late: dict[int, list[int]] = defaultdict(list)
        for pk, org_id, person_id, committed, entered in (
            Commitment.objects.filter(
                university_id__in=universities,
                committed_on__range=span,
                evaluated_on__lte=day,
            )
            .order_by()
            .annotate(committed=text("committed_on"), entered=text("entered_at"))
            .values_list("pk", "org_id", "person_id", "committed", "entered")
        ):
            if gone and (person_id, org_id) in gone:
                continue
            done[org_id].append(pk)
            if not clock.within(committed, entered):
                late[org_id].append(pk)
        totals: dict[int, list[int]] = {}  # org → [members, ok]
        evidence: dict[int, list[int]] = defaultdict(list)
        late_ids: dict[int, list[int]] = defaultdict(list)
        for branch_id in set(members) | set(done):
            n, found = members.get(branch_id, 0), done.get(branch_id, [])
            for target in covering.get(branch_id, ()):
                total = totals.setdefault(target, [0, 0])
                total[0] += n
                total[1] += min(len(found), n)
                if target == branch_id:
                    evidence[target] = found
                    late_ids[target] = late.get(branch_id, [])
                elif len(evidence[target]) < EVIDENCE_CAP:
                    evidence[target].extend(found[: EVIDENCE_CAP - len(evidence[target])])
                    late_ids[target].extend(late.get(branch_id, [])[:EVIDENCE_CAP])
        for org_id in ids:
            source = group_branch.get(org_id, org_id)
            n, ok = totals.get(source, [0, 0])
            if source != org_id and source not in ctx.org_ids:
                n = _branch_members(source, day)  # a group whose branch is not in the context
            if not n:
                continue  # no members: None (the shared default)
            out[org_id] = value_of(
                ok / n,
                evidence.get(source, []),
                late_ids.get(source, []),
                COMMITMENT,
                total=n,
                ok=ok,
            )
    return out


def _gone(universities: list[int], day: dt.date) -> set[tuple[int, int]]:
    """(person, org) pairs whose membership of the org ended before `day` and was not reopened."""
    ended = set(
        Membership.objects.filter(university_id__in=universities, ended_on__lt=day)
        .order_by()
        .values_list("person_id", "org_id")
    )
    if not ended:
        return ended
    persons = sorted({p for p, _ in ended})
    for start in range(0, len(persons), 2000):
        ended -= set(
            Membership.objects.filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=day),
                person_id__in=persons[start : start + 2000],
            )
            .order_by()
            .values_list("person_id", "org_id")
        )
    return ended


def _branch_members(branch_id: int, day: dt.date) -> int:
    # Only for a group whose branch is not in the context (never in a full run).
    return Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day), org_id=branch_id, stage__in=MEMBER_STAGES
    ).count()


@metric("ledger.achievement_count", label="工作成果", unit="项")
def achievement_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """Achievements of the org itself in talent cultivation, research, social service or culture
    dated within the window (up to as_of). One grouped query per window.

    C16.1 推动高校人才培养、科学研究、社会服务、文化传承等各项事业科学发展.
    """
    clock = Clock(late_days(ctx))
    out = dict.fromkeys(ctx.org_ids, value_of(0.0, (), (), ACHIEVEMENT, total=0))
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        rows: dict[int, list[tuple[int, bool]]] = defaultdict(list)
        for pk, org_id, day, entered in (
            Achievement.objects.filter(
                orgs_q(ids),
                achieved_on__range=span,
                category__in=AchievementCategory.values,
            )
            .order_by()
            .annotate(day=text("achieved_on"), entered=text("entered_at"))
            .values_list("pk", "org_id", "day", "entered")
        ):
            if org_id in ids:
                rows[org_id].append((pk, not clock.within(day, entered)))
        for org_id, found in rows.items():
            out[org_id] = value_of(
                float(len(found)),
                (pk for pk, _ in found),
                (pk for pk, is_late in found if is_late),
                ACHIEVEMENT,
                total=len(found),
            )
    return out


@metric("ledger.brand_count", label="理论实践成果与服务品牌", unit="项")
def brand_count(ctx: MetricContext) -> dict[int, MetricValue]:
    """Research and practice outputs of the org dated within the window, plus its named service
    brands active in the window (founded in it, or with a history entry in it). Evidence: the
    outputs (brands are counted in `brands`). Three queries per window.

    C17.1 具有一定理论研究和实践探索成果，逐步创立服务品牌.
    """
    clock = Clock(late_days(ctx))
    out = dict.fromkeys(ctx.org_ids, value_of(0.0, (), (), OUTPUT, outputs=0, brands=0))
    for window, ids in ctx.windows.items():
        span = span_of(window, ctx.as_of)
        if span is None:
            continue
        outputs: dict[int, list[tuple[int, bool]]] = defaultdict(list)
        for pk, org_id, day, entered in (
            Output.objects.filter(orgs_q(ids), published_on__range=span)
            .order_by()
            .annotate(day=text("published_on"), entered=text("entered_at"))
            .values_list("pk", "org_id", "day", "entered")
        ):
            if org_id in ids:
                outputs[org_id].append((pk, not clock.within(day, entered)))
        brands: dict[int, set[int]] = defaultdict(set)
        for org_id, brand_id in (
            ServiceBrand.objects.filter(orgs_q(ids), founded_on__range=span)
            .order_by()
            .values_list("org_id", "pk")
        ):
            brands[org_id].add(brand_id)
        for org_id, brand_id in (
            BrandEvent.objects.filter(orgs_q(ids), happened_on__range=span)
            .order_by()
            .values_list("org_id", "brand_id")
            .distinct()
        ):
            brands[org_id].add(brand_id)
        for org_id in (set(outputs) | set(brands)) & ids:
            found = outputs.get(org_id, [])
            n_brands = len(brands.get(org_id, ()))
            out[org_id] = value_of(
                float(len(found) + n_brands),
                (pk for pk, _ in found),
                (pk for pk, is_late in found if is_late),
                OUTPUT,
                outputs=len(found),
                brands=n_brands,
            )
    return out
