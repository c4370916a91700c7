"""Pages of the self-assessment and its review (issue 7 items 1, 2, 7 "我的评审").

- `/self-assessment/orgs/<org>/`: the org's years; start (freeze the newest year run).
- `/self-assessment/<id>/`: the assessment — the frozen checklist (status, explanation, evidence
  links, late-entry flags), the computed status beside any override and reviewer score, a narrative
  per criterion and versioned evidence per checkpoint while the org may edit, and for the current
  step's reviewer the score, override, accept and return forms.
- `/self-assessment/reviews/`: what waits for the actor at its levels, with counts.
- `/self-assessment/<id>/report.docx`: the assessment report (item 5).

Views only parse and call services; a refused input re-renders the page with the Chinese
message naming the field (400) and nothing stored; 403/404 come from the services and selectors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from liuhao.assessments import services
from liuhao.assessments.choices import EDITABLE, AssessmentStatus, CheckpointStatus
from liuhao.assessments.models import CriterionNarrative, ReviewStep, SelfAssessment
from liuhao.assessments.reports import report_docx
from liuhao.assessments.selectors import (
    assessment_get,
    assessment_list,
    effective_checkpoints,
    evidence_get,
    review_counts,
    review_queue,
    reviewer_office_at,
)
from liuhao.core.downloads import stored_file_response
from liuhao.core.exceptions import InvalidState, ValidationFailed
from liuhao.core.roles import Capability
from liuhao.orgs.periods import period_containing
from liuhao.orgs.selectors.orgs import org_get
from liuhao.orgs.selectors.scope import scope_for
from liuhao.standards.reports import period_label
from liuhao.standards.services.rules import rules_for
from liuhao.standards.views.common import parse_int

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _years(today: Any) -> list[str]:
    """The academic years offered to start: the current one and the two before."""
    current = period_containing(today)
    start = int(current.code[:4])
    return [f"{y}-{y + 1}" for y in (start, start - 1, start - 2)]


@login_required
@require_GET
def org_assessments(request: HttpRequest, pk: int) -> HttpResponse:
    """The org's self-assessments by year, and the start form."""
    actor = request.user
    org = org_get(actor, pk)
    rows = list(assessment_list(actor, [org.pk]))
    return render(
        request,
        "assessments/org_assessments.html",
        {
            "org": org,
            "rows": rows,
            "years": _years(timezone.localdate()),
            "can_start": scope_for(actor).can(Capability.ASSESS, org),
        },
    )


@login_required
@require_POST
def assessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    org = org_get(actor, pk)
    try:
        a = services.assessment_start(
            actor=actor,
            org=org,
            period_code=request.POST.get("period", ""),
            today=timezone.localdate(),
        )
    except (ValidationFailed, InvalidState) as exc:
        rows = list(assessment_list(actor, [org.pk]))
        context = {
            "org": org,
            "rows": rows,
            "years": _years(timezone.localdate()),
            "can_start": True,
            "error": exc.message,
        }
        return render(request, "assessments/org_assessments.html", context, status=400)
    return redirect("assessments:assessment-detail", a.pk)


def _criteria(a: SelfAssessment, checkpoints: list[Any]) -> list[dict[str, Any]]:
    """Criteria in order with their narrative and effective checkpoints."""
    narratives = {n.criterion_code: n.text for n in CriterionNarrative.objects.filter(assessment=a)}
    out: list[dict[str, Any]] = []
    index: dict[str, dict[str, Any]] = {}
    for cp in checkpoints:
        block = index.get(cp.criterion)
        if block is None:
            block = {"code": cp.criterion, "checkpoints": [], "narrative": ""}
            block["narrative"] = narratives.get(cp.criterion, "")
            index[cp.criterion] = block
            out.append(block)
        block["checkpoints"].append(cp)
    return out


def _detail_context(request: HttpRequest, a: SelfAssessment) -> dict[str, Any]:
    actor = request.user
    checkpoints = effective_checkpoints(a)
    rules = rules_for(a.run.standard)
    titles = {c.code: c.title for c in rules.criteria}
    criteria = _criteria(a, checkpoints)
    for block in criteria:
        block["title"] = titles.get(block["code"], "")
    scope = scope_for(actor)
    office = reviewer_office_at(actor, a)
    return {
        "a": a,
        "org": a.org,
        "period_label": period_label(a.period_code),
        "criteria": criteria,
        "late_total": sum(cp.late_total for cp in checkpoints),
        "overrides": sum(1 for cp in checkpoints if cp.overridden),
        "can_edit": a.status in EDITABLE and scope.can(Capability.RECORD_LEDGER, a.org),
        "can_submit": a.status in EDITABLE and scope.can(Capability.ASSESS, a.org),
        "office": office,
        "review_max": rules.review_scale_max,
        "statuses": CheckpointStatus.choices,
        "steps": list(ReviewStep.objects.filter(assessment=a).order_by("decided_at", "pk")),
        "late_days": rules.late_entry_days,
    }


@login_required
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    a = assessment_get(request.user, pk)
    return render(request, "assessments/assessment_detail.html", _detail_context(request, a))


def _act(
    request: HttpRequest, pk: int, action: Callable[[Any, SelfAssessment], Any], done: str
) -> HttpResponse:
    """Run one service on the assessment; a refusal re-renders the page with the message (400)."""
    a = assessment_get(request.user, pk)
    try:
        action(request.user, a)
    except (ValidationFailed, InvalidState) as exc:
        a = assessment_get(request.user, pk)
        context = _detail_context(request, a)
        context["error"] = exc.message
        return render(request, "assessments/assessment_detail.html", context, status=400)
    messages.success(request, done)
    return redirect(reverse("assessments:assessment-detail", args=[pk]))


def _form_action(
    service: Callable[..., Any], fields: dict[str, str], done: str
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST view calling `service(actor=, assessment=, **{kwarg: POST[name]})`."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        values = {kwarg: request.POST.get(name, "") for kwarg, name in fields.items()}
        return _act(
            request, pk, lambda actor, a: service(actor=actor, assessment=a, **values), done
        )

    return view


narrative_save = _form_action(
    services.narrative_save, {"criterion_code": "criterion", "text": "text"}, "自评说明已保存。"
)
assessment_submit = _form_action(services.assessment_submit, {}, "自评已提交，等待上级审核。")
review_accept = _form_action(services.review_accept, {"comment": "comment"}, "已审核通过。")
review_return = _form_action(
    services.review_return, {"reason": "reason"}, "已退回，并通知该组织修改。"
)
checkpoint_score = _form_action(
    services.checkpoint_score,
    {"checkpoint_code": "checkpoint", "score": "score", "comment": "comment"},
    "评分已保存。",
)
status_override = _form_action(
    services.status_override,
    {"checkpoint_code": "checkpoint", "new_status": "new_status", "reason": "reason"},
    "检查点状态已调整，原计算结果保留显示。",
)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    post = request.POST
    replaces_raw = post.get("replaces", "")
    replaces = parse_int(replaces_raw)

    def add(actor: Any, a: SelfAssessment) -> Any:
        if replaces_raw and replaces is None:
            raise ValidationFailed(
                "材料：要替换的材料编号无效", extra={"fields": {"replaces": ["编号无效"]}}
            )
        return services.evidence_add(
            actor=actor,
            assessment=a,
            checkpoint_code=post.get("checkpoint", ""),
            title=post.get("title", ""),
            file=request.FILES.get("file"),
            url=post.get("url", ""),
            replaces=replaces,
        )

    return _act(request, pk, add, "佐证材料已添加。")


@login_required
@require_GET
def my_reviews(request: HttpRequest) -> HttpResponse:
    """我的评审: what waits for the actor's decision now, by level, with counts."""
    actor = request.user
    rows = list(review_queue(actor))
    counts = review_counts(actor)
    returned = list(
        assessment_list(actor).filter(status=AssessmentStatus.RETURNED).select_related("org")[:50]
    )
    return render(
        request,
        "assessments/my_reviews.html",
        {"rows": rows, "counts": counts, "total": len(rows), "returned": returned},
    )


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """A file of the extra evidence, under its original name, for whoever may see the assessment."""
    item = evidence_get(request.user, pk)
    return stored_file_response(
        item.file,
        filename=item.original_name or item.title,
        content_type=item.content_type,
        missing="材料文件不存在",
    )


@login_required
@require_GET
def assessment_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment report as Word: radar, checklist, gap list (item 5)."""
    a = assessment_get(request.user, pk)
    content = report_docx(a)
    response = HttpResponse(content, content_type=DOCX)
    filename = f"{a.org.name}-{a.period_code}-自评报告.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
