"""Run the seed: plan each university, let every registered generator write its rows, one atomic
transaction and one summary audit row (verb "import", target the university) per university.

Deterministic: every random draw comes from `random.Random` streams keyed by (seed, university,
generator kind), "today" is `tiers.REFERENCE_DATE` and row timestamps are fixed to it, and ids
continue after the current maximum — so the same seed on an empty database gives identical rows.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from liuhao.core.audit import AuditScope, audit_fields
from liuhao.core.exceptions import InvalidState, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.orgs.imports.service import collector_paused
from liuhao.orgs.models import Organization, Person
from liuhao.orgs.rules import structure_rules
from liuhao.orgs.seeding.plan import plan_universities
from liuhao.orgs.seeding.registry import UniversityContext, registered
from liuhao.orgs.seeding.tiers import DEFAULT_SEED, REFERENCE_DATE, TIERS, Tier
from liuhao.orgs.seeding.writer import (
    BulkWriter,
    IdAllocator,
    bulk_load_session,
    deferred_indexes,
    delete_all,
    reset_sequences,
)

# Built after the load rather than row by row (see `deferred_indexes`): the pinyin search keys of
# generated names come in random order; 1.2M persons at province scale.
DEFERRED_INDEXES: tuple[tuple[type[Model], str], ...] = (
    (Person, "name_pinyin"),
    (Person, "name_initials"),
    (Organization, "name_pinyin"),
    (Organization, "name_initials"),
)


@dataclass(slots=True)
class SeedReport:
    """What a seed run wrote: rows per table, universities, wall time."""

    tier: str
    seed: int
    universities: list[tuple[int, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def resolve_tier(scale: str | Tier) -> Tier:
    """The tier named `scale` (demo, university, province), or a custom Tier passed through."""
    if isinstance(scale, Tier):
        return scale
    tier = TIERS.get(scale)
    if tier is None:
        raise ValidationFailed(
            f"未知的数据规模“{scale}”，可选：{'、'.join(TIERS)}",
            extra={"fields": {"scale": ["未知的数据规模"]}},
        )
    return tier


def seed_reset() -> dict[str, int]:
    """Delete all orgs and everything hanging off them (persons, memberships, positions, org-scoped
    role assignments, ledger rows of later issues) and the audit rows of those orgs."""
    with transaction.atomic():
        counts = delete_all([Organization])
        counts["core.AuditEvent"] = AuditEvent.objects.filter(
            university_id__isnull=False
        )._raw_delete(AuditEvent.objects.db)
    return counts


def seed_run(
    *,
    scale: str | Tier,
    seed: int = DEFAULT_SEED,
    reset: bool = False,
    progress: Callable[[str], None] | None = None,
) -> SeedReport:
    """Generate the tier's universities. Refuses (InvalidState) when orgs exist, unless `reset`.

    Issue 2 item 9: realistic names, orgs, memberships and positions following the structural rules
    with a small share of violations; deterministic for a given seed; bulk inserts.
    """
    tier = resolve_tier(scale)
    started = time.perf_counter()
    report = SeedReport(tier=tier.name, seed=seed)
    generators = registered()
    if reset:
        # Outside the bulk-load pragmas: an in-memory journal of a province-sized delete costs ~1 GB.
        report.deleted = seed_reset()
    elif Organization.objects.exists():
        raise InvalidState(
            "数据库中已有组织数据，未生成任何数据。如需清空后重新生成，请加 --reset。"
        )
    with (
        bulk_load_session(),
        deferred_indexes(DEFERRED_INDEXES),
        collector_paused(),  # millions of acyclic row tuples: ~10% of the run otherwise
    ):
        stamp = timezone.make_aware(dt.datetime.combine(REFERENCE_DATE, dt.time(8, 0)))
        writer = BulkWriter(stamp=stamp)
        ids = IdAllocator()
        rules = structure_rules()
        for plan in plan_universities(tier, seed):
            with transaction.atomic():
                ctx = UniversityContext(
                    plan=plan,
                    tier=tier,
                    seed=seed,
                    today=REFERENCE_DATE,
                    rules=rules,
                    writer=writer,
                    ids=ids,
                )
                for generator in generators:
                    generator.run(ctx)
                writer.flush()
                _audit(ctx)
            report.universities.append((ctx.university_id, plan.name))
            if progress:
                progress(f"{plan.code} {plan.name}：{ctx.summary.get('persons', 0)} 人")
        reset_sequences(
            sorted({m for g in generators for m in g.models}, key=lambda m: m._meta.label)
        )
    _analyze()
    report.rows = dict(writer.counts)
    report.seconds = time.perf_counter() - started
    return report


def _analyze() -> None:
    """Refresh the planner's statistics after a bulk load, as PostgreSQL's autovacuum would do a
    while later: queries right after a seed then get the plans they get in production. SQLite
    plans from its indexes and needs no statistics here."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _audit(ctx: UniversityContext) -> None:
    """One summary audit row per university instead of a row per generated record."""
    university = Organization(pk=ctx.university_id, name=ctx.plan.name, code=ctx.plan.code)
    scope = AuditScope(
        org_id=ctx.university_id,
        org_path=ctx.org_paths[ctx.plan.code],
        university_id=ctx.university_id,
    )
    changes = {
        "scale": ctx.tier.name,
        "seed": ctx.seed,
        "reference_date": REFERENCE_DATE.isoformat(),
        **ctx.summary,
    }
    AuditEvent.objects.create(
        **audit_fields(
            actor=None, verb=AuditEvent.Verb.IMPORT, target=university, scope=scope, changes=changes
        )
    )
