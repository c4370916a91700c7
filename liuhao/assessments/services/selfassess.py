"""The org's side: start (freeze a run), narratives, evidence, submit (issue 7 item 1).

DESIGN §4 and §8 (减负): the self-assessment reuses the computed run — the org writes only what the
system cannot know (a narrative per criterion, extra evidence for a checkpoint), never re-enters
figures. The run is frozen on start and fixed at the first submission: a recompute makes a new run
and never touches it (`SelfAssessment.run` is PROTECT), and a submitted assessment refuses every
change ("已提交，不能修改") until a reviewer returns it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from liuhao.assessments.choices import EDITABLE, AssessmentStatus, ReviewLevel
from liuhao.assessments.models import CriterionNarrative, EvidenceItem, SelfAssessment
from liuhao.assessments.notices import SUBMIT, announce
from liuhao.assessments.services.common import (
    FROZEN_MESSAGE,
    audit_change,
    audit_scope,
    check_editable,
    check_org_access,
    lock,
    result_digest,
)
from liuhao.core.audit import audit_record, snapshot
from liuhao.core.exceptions import InvalidState, NotFound, ValidationFailed
from liuhao.core.roles import Capability
from liuhao.ledger.rules import ledger_rules
from liuhao.ledger.services.documents import EXTENSIONS, sniff_content_type
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.models import Organization
from liuhao.orgs.periods import parse_period_code
from liuhao.orgs.services.common import require
from liuhao.standards.models import AssessmentRun, OrgResult
from liuhao.standards.selectors import standard_latest
from liuhao.standards.services.rules import rules_for
from liuhao.standards.services.runs import assessment_run

NARRATIVE_MAX = 2000
TITLE_MAX = 200
ASSESSMENT_FIELDS = ["org", "period_code", "run", "result", "status", "current_level"]


def newest_year_result(org: Organization, period_code: str) -> OrgResult | None:
    """The org's result in the newest finished run of `period_code` that contains it."""
    return (
        OrgResult.objects.filter(
            org=org, run__period_code=period_code, run__status=AssessmentRun.Status.DONE
        )
        .select_related("run__standard")
        .order_by("-run__finished_at", "-run_id")
        .first()
    )


def _year(period_code: str) -> str:
    code = (period_code or "").strip()
    _, term = parse_period_code(code)
    require(
        term is None,
        f"评估学年：自评按学年进行，请填写如 2025-2026 的学年，而非学期“{code}”",
        "period",
    )
    return code


def chain_for(org: Organization) -> tuple[list[str], Organization | None]:
    """The review steps of `org` and the college committee that reviews first (issue 7 item 2):
    branches and general branches under a college → college, university, province; college
    committees and orgs directly under the university → university, province; the university
    committee → province."""
    if org.kind == OrgKind.UNIVERSITY_COMMITTEE:
        return [ReviewLevel.PROVINCE], None
    college = None
    if org.kind in (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH):
        ancestors = [org.path[:end] for end in range(8, len(org.path), 8)]
        college = (
            Organization.objects.filter(path__in=ancestors, kind=OrgKind.COLLEGE_COMMITTEE)
            .order_by("-depth")
            .first()
        )
    if college is not None:
        return [ReviewLevel.COLLEGE, ReviewLevel.UNIVERSITY, ReviewLevel.PROVINCE], college
    return [ReviewLevel.UNIVERSITY, ReviewLevel.PROVINCE], None


def assessment_start(
    *, actor: Any, org: Organization, period_code: str, today: dt.date
) -> SelfAssessment:
    """Start (or reopen) the org's self-assessment of a year on the newest finished year run that
    contains it; when no run exists yet, compute one for the org first (a new run, DESIGN §4).

    Permission: Capability.ASSESS over the org (its secretary, the university or province). A
    draft never submitted moves to a newer run when one exists; once submitted the run is fixed.
    """
    check_org_access(actor, org, Capability.ASSESS, "您无权为该组织发起自评")
    require(org.kind != OrgKind.GROUP, "党组织：党小组不单独自评", "org")
    code = _year(period_code)
    result = newest_year_result(org, code)
    if result is None:
        try:
            standard = standard_latest()
        except NotFound as exc:
            raise ValidationFailed(
                f"评估学年：{exc.message}", extra={"fields": {"period": [exc.message]}}
            ) from exc
        assessment_run(standard=standard, period_code=code, root=org, today=today, actor=actor)
        result = newest_year_result(org, code)
    require(result is not None, f"评估学年：{code} 学年没有该组织的评估结果，无法自评", "period")
    assert result is not None
    with transaction.atomic():
        existing = (
            SelfAssessment.objects.select_for_update(of=("self",))
            .filter(org=org, period_code=code)
            .first()
        )
        if existing is not None:
            if (
                existing.status == AssessmentStatus.DRAFT
                and existing.submitted_at is None
                and existing.run_id != result.run_id
            ):
                before = snapshot(existing, ["run", "result"])
                existing.run, existing.result = result.run, result
                existing.save(update_fields=["run", "result", "updated_at"])
                audit_change(actor, existing, before)
            return existing
        assessment = SelfAssessment(
            org=org,
            university_id=org.university_id or org.pk,
            org_path=org.path,
            period_code=code,
            run=result.run,
            result=result,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        try:
            with transaction.atomic():
                assessment.save()
        except IntegrityError as exc:  # a concurrent start of the same org and year
            raise InvalidState("该组织本学年的自评已存在，请刷新页面") from exc
        audit_record(
            actor=actor,
            verb="create",
            target=assessment,
            scope=audit_scope(assessment),
            changes=snapshot(assessment, ASSESSMENT_FIELDS),
        )
    return assessment


@transaction.atomic
def narrative_save(
    *, actor: Any, assessment: SelfAssessment, criterion_code: str, text: str
) -> CriterionNarrative | None:
    """Write (or clear, with empty text) the org's narrative of one criterion (C01…C18)."""
    assessment = lock(assessment)
    check_editable(actor, assessment)
    codes = {c.code for c in rules_for(assessment.run.standard).criteria}
    require(criterion_code in codes, f"指标：“{criterion_code}”不是本指标体系的指标", "criterion")
    text = (text or "").strip()
    require(
        len(text) <= NARRATIVE_MAX,
        f"自评说明：不能超过 {NARRATIVE_MAX} 字（现为 {len(text)} 字）",
        "text",
    )
    row = CriterionNarrative.objects.filter(
        assessment=assessment, criterion_code=criterion_code
    ).first()
    before = row.text if row is not None else ""
    if before == text:
        return row
    if not text:
        assert row is not None
        row.delete()
        result = None
    elif row is None:
        row = CriterionNarrative.objects.create(
            assessment=assessment, criterion_code=criterion_code, text=text, updated_by=actor
        )
        result = row
    else:
        row.text, row.updated_by = text, actor
        row.save(update_fields=["text", "updated_by", "updated_at"])
        result = row
    audit_record(
        actor=actor,
        verb="update",
        target=assessment,
        scope=audit_scope(assessment),
        changes={f"narrative:{criterion_code}": [before, text]},
    )
    return result


def _hash_upload(file: Any, limit: int) -> tuple[str, int, bytes]:
    """sha256, size and first bytes of an upload, refusing it past `limit` bytes."""
    digest = hashlib.sha256()
    total = 0
    first = b""
    file.seek(0)
    while chunk := file.read(1 << 16):
        first = first or chunk[:16]
        total += len(chunk)
        require(total <= limit, f"文件：大小超过上限 {limit // (1024 * 1024)} MB", "file")
        digest.update(chunk)
    return digest.hexdigest(), total, first


@transaction.atomic
def evidence_add(
    *,
    actor: Any,
    assessment: SelfAssessment,
    checkpoint_code: str,
    title: str,
    file: Any = None,
    url: str = "",
    replaces: int | None = None,
) -> EvidenceItem:
    """Add extra evidence to a checkpoint: a file (PDF, image, Word, Excel; type by content, size
    limit and sha256 as the ledger's attachments) or a link. `replaces` (an item's key) adds a new
    version of that item; the old version stays visible."""
    assessment = lock(assessment)
    check_editable(actor, assessment)
    codes = {c["code"] for c in assessment.result.checkpoints}
    require(
        checkpoint_code in codes, f"检查点：“{checkpoint_code}”不是本自评的检查点", "checkpoint"
    )
    title = (title or "").strip()
    url = (url or "").strip()
    require(bool(title), "材料名称：请填写材料名称", "title")
    require(len(title) <= TITLE_MAX, f"材料名称：不能超过 {TITLE_MAX} 字", "title")
    require(bool(file) != bool(url), "材料：请上传一个文件或填写一个链接（二选一）", "file")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except Exception as exc:
            raise ValidationFailed(
                "链接：请填写以 http:// 或 https:// 开头的有效网址",
                extra={"fields": {"url": ["网址无效"]}},
            ) from exc
        require(len(url) <= 500, "链接：不能超过 500 个字符", "url")
    current = EvidenceItem.objects.filter(assessment=assessment)
    if replaces is not None:
        previous = current.filter(key=replaces, superseded=False).first()
        require(previous is not None, "材料：要替换的材料不存在或已被替换", "replaces")
        assert previous is not None
        require(
            previous.checkpoint_code == checkpoint_code,
            "材料：替换的新版本必须属于同一检查点",
            "checkpoint",
        )
        key, version = previous.key, previous.version + 1
    else:
        previous = None
        key = (current.aggregate(m=Max("key"))["m"] or 0) + 1
        version = 1
    item = EvidenceItem(
        assessment=assessment,
        checkpoint_code=checkpoint_code,
        key=key,
        version=version,
        title=title,
        url=url,
        added_by=actor,
    )
    if file:
        limit = int(settings.LEDGER_ATTACHMENT_MAX_BYTES)
        sha256, size, head = _hash_upload(file, limit)
        require(size > 0, "文件：上传的文件是空的", "file")
        content_type = sniff_content_type(head, file)
        require(
            content_type is not None and content_type in ledger_rules().attachment_types,
            "文件：只接受 PDF、PNG、JPEG 图片、Word（.docx）或 Excel（.xlsx）文件",
            "file",
        )
        assert content_type is not None
        item.original_name = str(getattr(file, "name", "") or "材料").rsplit("/", 1)[-1][:200]
        item.size, item.sha256, item.content_type = size, sha256, content_type
        file.seek(0)
        item.file.save(f"{sha256}{EXTENSIONS[content_type]}", File(file), save=False)
    item.save()
    if previous is not None:
        previous.superseded = True
        previous.save(update_fields=["superseded", "updated_at"])
    audit_record(
        actor=actor,
        verb="create",
        target=item,
        scope=audit_scope(assessment),
        changes=snapshot(
            item, ["checkpoint_code", "key", "version", "title", "url", "sha256", "size"]
        ),
    )
    return item


@transaction.atomic
def assessment_submit(*, actor: Any, assessment: SelfAssessment) -> SelfAssessment:
    """Submit the self-assessment: it freezes (the run and result are fixed, their sha256 kept)
    and goes to the first step of its chain. A returned assessment is resubmitted the same way
    and starts the chain again. Permission: Capability.ASSESS over the org."""
    assessment = lock(assessment)
    check_org_access(actor, assessment.org, Capability.ASSESS, "您无权提交该组织的自评")
    if assessment.status not in EDITABLE:
        raise InvalidState(FROZEN_MESSAGE, extra={"fields": {"status": [FROZEN_MESSAGE]}})
    result = assessment.result
    require(
        result is not None
        and result.run_id == assessment.run_id
        and assessment.run.status == AssessmentRun.Status.DONE,
        "评估运行：没有已完成的评估结果，不能提交",
        "run",
    )
    chain, college = chain_for(assessment.org)
    before = snapshot(assessment, ["status", "current_level", "result_sha256"])
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.chain = list(chain)
    assessment.current_level = chain[0]
    assessment.college = college
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = actor
    assessment.return_reason = ""
    assessment.result_sha256 = assessment.result_sha256 or result_digest(result)
    assessment.save()
    audit_change(actor, assessment, before, submitted=assessment.submitted_at.isoformat())
    announce(assessment, SUBMIT)
    return assessment


__all__ = [
    "assessment_start",
    "assessment_submit",
    "chain_for",
    "evidence_add",
    "narrative_save",
    "newest_year_result",
]
