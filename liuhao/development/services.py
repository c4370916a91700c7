"""Writes of development cases (发展党员档案): Criterion C06.1 发展党员程序规范.

Atomic, permission-checked (Capability.RECORD_LEDGER over the branch), validated with Chinese field
names and audited in the same transaction. The stage is derived from the dates; the person's
`orgs.Membership` gets the same stage and dates through the orgs services (recorded once). A rule of
the case's rule set whose `on_violation` is `refuse` refuses the entry naming the field; the other
violations are kept and listed on the case page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.core.exceptions import ValidationFailed
from liuhao.development.checker import STAGE_DATES, check
from liuhao.development.models import FACT_FIELDS, PERSON_FIELDS, CaseDocument, DevelopmentCase
from liuhao.development.rules import DEFAULT_VERSION, known_versions, rule_set
from liuhao.ledger.rules import ledger_rules
from liuhao.ledger.services.common import (
    check_can_record,
    entered_by,
    require,
    scope_of,
    university_id_of,
    validate,
)
from liuhao.ledger.services.documents import EXTENSIONS, sniff_content_type
from liuhao.orgs.choices import STAGE_DATE_FIELDS, MembershipStage, OrgKind
from liuhao.orgs.models import Membership, Organization, Person
from liuhao.orgs.services.people import membership_create, membership_update
from liuhao.orgs.workdays import WorkdayCalendar

CASE_FIELDS = [
    "person",
    "rule_set",
    *FACT_FIELDS,
    *PERSON_FIELDS,
    "extension_reason",
    "extension_approved_on",
    "note",
]
DATE_FIELDS = [
    f.name
    for f in DevelopmentCase._meta.fields
    if f.get_internal_type() == "DateField" and f.name in CASE_FIELDS
]


def _check_people(org: Organization, values: dict[str, Any]) -> None:
    """The person is of the branch's university; contacts and introducers are its full members."""
    person: Person | None = values.get("person")
    require(person is not None, "请选择发展对象人员", "person")
    assert person is not None
    require(person.university_id == org.university_id, "人员不属于本校", "person")
    named = {f: values[f] for f in PERSON_FIELDS if values.get(f) is not None}
    if not named:
        return
    full = set(
        Membership.objects.filter(
            person_id__in=[p.pk for p in named.values()],
            stage=MembershipStage.FULL,
            ended_on__isnull=True,
            university_id=org.university_id,
        ).values_list("person_id", flat=True)
    )
    labels = {f.name: str(f.verbose_name) for f in DevelopmentCase._meta.fields}
    for field, who in named.items():
        require(
            who.pk in full,
            f"{labels[field]}：“{who.name}”不是本校在册的正式党员",
            field,
        )


def _check_dates(values: dict[str, Any]) -> None:
    today = timezone.localdate()
    labels = {f.name: str(f.verbose_name) for f in DevelopmentCase._meta.fields}
    for field in DATE_FIELDS:
        day = values.get(field)
        require(day is None or day <= today, f"{labels[field]}不能晚于今天", field)


def _check_rules(case: DevelopmentCase) -> None:
    """Refuse the violations of rules whose `on_violation` is `refuse` (the rule set's choice)."""
    rules = rule_set(case.rule_set)
    birth = case.person.birth_date if case.person_id else None
    today = timezone.localdate()
    calendar = WorkdayCalendar.load(case.notice_start, case.notice_end)
    refused = [
        v
        for v in check(case.facts(birth), rules, today, calendar.is_workday)
        if rules.refuses(v.rule)
    ]
    if refused:
        fields: dict[str, list[str]] = {}
        for v in refused:
            fields.setdefault(v.field, []).append(v.text)
        raise ValidationFailed("；".join(v.text for v in refused), extra={"fields": fields})


def _sync_membership(actor: Any, case: DevelopmentCase) -> None:
    """Copy stage and dates onto the person's open membership (open one in the branch if none)."""
    data: dict[str, Any] = {"stage": case.stage, **{f: getattr(case, f) for f in STAGE_DATES}}
    membership = (
        Membership.objects.select_related("org")
        .filter(person_id=case.person_id, ended_on__isnull=True)
        .first()
    )
    if membership is None:
        membership_create(
            actor=actor,
            person=case.person,
            data={"org": case.org, "joined_org_on": case.applied_on, **data},
        )
        return
    require(
        membership.org_id == case.org_id,
        f"{case.person.name}的组织关系在“{membership.org.name}”，请在该党支部登记发展材料",
        "person",
    )
    # A case never demotes a member: a full member's case must carry the dates up to 转正.
    order = list(STAGE_DATE_FIELDS)
    if order.index(membership.stage) > order.index(case.stage):
        field = STAGE_DATE_FIELDS[order[order.index(case.stage) + 1]]
        label = getattr(DevelopmentCase._meta.get_field(field), "verbose_name", field)
        require(
            False,
            f"{case.person.name}的党员身份为“{membership.get_stage_display()}”，"
            f"请填写{label}等后续步骤（档案不能使其退回“{case.get_stage_display()}”）",
            field,
        )
    membership_update(actor=actor, membership=membership, data=data)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k in CASE_FIELDS}
    version = values.get("rule_set")
    if version is not None:
        require(version in known_versions(), f"适用细则版本“{version}”不存在", "rule_set")
    return values


@transaction.atomic
def case_create(*, actor: Any, org: Organization, data: dict[str, Any]) -> DevelopmentCase:
    """Open the development file of a person in branch `org` (Criterion C06.1)."""
    check_can_record(actor, org, "您无权登记该党支部的发展党员工作")
    require(org.kind == OrgKind.BRANCH, "发展党员档案只能登记在党支部", "org")
    values = _values(data)
    values.setdefault("rule_set", DEFAULT_VERSION)
    _check_people(org, values)
    _check_dates(values)
    person: Person = values["person"]
    require(
        not DevelopmentCase.objects.filter(person=person).exists(),
        f"{person.name}已有发展党员档案，请修改原档案",
        "person",
    )
    case = DevelopmentCase(
        org=org,
        university_id=university_id_of(org),
        entered_at=timezone.now(),
        entered_by=entered_by(actor),
        **values,
    )
    case.stage = case.derive_stage()
    validate(case)
    _check_rules(case)
    case.save()
    audit_record(
        actor=actor,
        verb="create",
        target=case,
        scope=scope_of(org),
        changes=snapshot(case, [*CASE_FIELDS, "stage"]),
    )
    _sync_membership(actor, case)
    return case


@transaction.atomic
def case_update(*, actor: Any, case: DevelopmentCase, data: dict[str, Any]) -> DevelopmentCase:
    """Correct a case or record its next steps; the stage follows the dates."""
    check_can_record(actor, case.org, "您无权修改该发展党员档案")
    values = _values(data)
    values.pop("person", None)  # a case never changes person
    merged = {**{f: getattr(case, f) for f in CASE_FIELDS}, **values}
    _check_people(case.org, merged)
    _check_dates(values)
    changes = model_update(case, values)
    stage = case.derive_stage()
    if stage != case.stage:
        changes["stage"] = [case.stage, stage]
        case.stage = stage
    if not changes:
        return case
    validate(case)
    _check_rules(case)
    case.save()
    audit_record(actor=actor, verb="update", target=case, scope=scope_of(case.org), changes=changes)
    _sync_membership(actor, case)
    return case


@transaction.atomic
def case_document_add(*, actor: Any, case: DevelopmentCase, file: Any) -> CaseDocument:
    """Attach a file (PDF, image, Word or Excel) to a case: optional, size-limited
    (`settings.LEDGER_ATTACHMENT_MAX_BYTES`), type checked by content (the ledger's
    `sniff_content_type` and accepted types), sha256 stored."""
    check_can_record(actor, case.org, "您无权为该档案添加材料")
    limit = int(settings.LEDGER_ATTACHMENT_MAX_BYTES)
    original = str(getattr(file, "name", "") or "材料").rsplit("/", 1)[-1][:200]
    digest = hashlib.sha256()
    size = 0
    head = b""
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 16), b""):
        head = head or chunk[:16]
        digest.update(chunk)
        size += len(chunk)
        require(size <= limit, f"文件：大小超过上限 {limit // (1024 * 1024)} MB", "file")
    require(size > 0, "文件：上传的文件是空的", "file")
    content_type = sniff_content_type(head, file)
    require(
        content_type is not None and content_type in ledger_rules().attachment_types,
        "文件：只接受 PDF、PNG、JPEG 图片、Word（.docx）或 Excel（.xlsx）文件",
        "file",
    )
    assert content_type is not None
    sha256 = digest.hexdigest()
    document = CaseDocument(
        case=case,
        org=case.org,
        university_id=case.university_id,
        entered_at=timezone.now(),
        entered_by=entered_by(actor),
        original_name=original,
        size=size,
        sha256=sha256,
        content_type=content_type,
    )
    validate(document, exclude=["file"])
    file.seek(0)
    document.file.save(f"{sha256}{EXTENSIONS[content_type]}", File(file), save=False)
    document.save()
    audit_record(
        actor=actor,
        verb="create",
        target=document,
        scope=scope_of(case.org),
        changes={
            **snapshot(document, ["original_name", "size", "sha256", "content_type"]),
            "case": case.pk,
            "file": document.file.name,
        },
    )
    return document


@transaction.atomic
def case_entry_save(
    *,
    actor: Any,
    data: dict[str, Any],
    org: Organization | None = None,
    case: DevelopmentCase | None = None,
    files: Iterable[Any] = (),
) -> DevelopmentCase:
    """Open a case in `org` (or update `case`) with its optional files, all-or-nothing."""
    if case is None:
        assert org is not None
        case = case_create(actor=actor, org=org, data=data)
    else:
        case = case_update(actor=actor, case=case, data=data)
    for file in files:
        case_document_add(actor=actor, case=case, file=file)
    return case


@transaction.atomic
def case_delete(*, actor: Any, case: DevelopmentCase) -> None:
    """Delete a case entered by mistake (the membership is left as it is)."""
    check_can_record(actor, case.org, "您无权删除该发展党员档案")
    audit_record(
        actor=actor,
        verb="delete",
        target=case,
        scope=scope_of(case.org),
        changes=snapshot(case, [*CASE_FIELDS, "stage"]),
    )
    case.delete()


__all__ = [
    "CASE_FIELDS",
    "case_create",
    "case_delete",
    "case_document_add",
    "case_entry_save",
    "case_update",
]
