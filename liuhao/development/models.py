"""The member development case (发展党员档案): Criterion C06.1 发展党员程序规范.

One case per person follows 入党申请人 → 积极分子 → 发展对象 → 预备党员 → 正式党员 with every date,
the talk, the cultivation contacts, the introducers, the training, the political review, the public
notice, both votes, the approvals and any extension (DOMAIN-RULES §3). The stage is never entered:
it is the furthest stage with a date, and the services copy stage and dates onto the person's
`orgs.Membership` (recorded once, reused everywhere). `rule_set` is the version of the 细则 the case
is checked under (rule 22).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from liuhao.development.checker import STAGE_DATES, Facts, stage_of
from liuhao.ledger.models.base import LedgerRecord
from liuhao.orgs.choices import MembershipStage
from liuhao.orgs.models import Person

DATE_ORDER = (
    "applied_on",
    "activist_on",
    "candidate_on",
    "admitted_on",
    "full_on",
)
VOTE_GROUPS = (
    ("vote_entitled", "vote_present", "vote_yes"),
    ("full_vote_entitled", "full_vote_present", "full_vote_yes"),
)
# Facts fields read straight from the row (the rest are counts of contacts and introducers).
FACT_FIELDS = (
    "applied_on",
    "talk_on",
    "activist_on",
    "candidate_on",
    "training_days",
    "training_hours",
    "review_on",
    "review_passed",
    "notice_start",
    "notice_end",
    "prereview_on",
    "admitted_on",
    "vote_entitled",
    "vote_present",
    "vote_yes",
    "approved_on",
    "extension_months",
    "full_on",
    "full_vote_entitled",
    "full_vote_present",
    "full_vote_yes",
    "full_approved_on",
)
PERSON_FIELDS = ("contact_1", "contact_2", "introducer_1", "introducer_2")


def _person(label: str) -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        Person,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )


def _count(label: str) -> models.PositiveIntegerField:  # type: ignore[type-arg]
    return models.PositiveIntegerField(label, null=True, blank=True)


class DevelopmentCase(LedgerRecord):
    """The development file of one person in a branch (`org`), Criterion C06.1."""

    person = models.ForeignKey(
        Person, verbose_name="发展对象人员", on_delete=models.PROTECT, related_name="+"
    )
    rule_set = models.CharField("适用细则版本", max_length=8, default="2014")
    stage = models.CharField("发展阶段", max_length=16, choices=MembershipStage.choices)
    applied_on = models.DateField("递交入党申请日期")
    talk_on = models.DateField("谈话日期", null=True, blank=True)
    activist_on = models.DateField("确定积极分子日期", null=True, blank=True)
    contact_1 = _person("培养联系人一")
    contact_2 = _person("培养联系人二")
    candidate_on = models.DateField("确定发展对象日期", null=True, blank=True)
    introducer_1 = _person("入党介绍人一")
    introducer_2 = _person("入党介绍人二")
    training_days = _count("集中培训天数")
    training_hours = _count("集中培训学时")
    review_on = models.DateField("政治审查日期", null=True, blank=True)
    review_passed = models.BooleanField("政审结论合格", null=True, blank=True)
    notice_start = models.DateField("公示开始日期", null=True, blank=True)
    notice_end = models.DateField("公示结束日期", null=True, blank=True)
    prereview_on = models.DateField("基层党委预审日期", null=True, blank=True)
    admitted_on = models.DateField("支部大会接收预备党员日期", null=True, blank=True)
    vote_entitled = _count("接收表决应到人数")
    vote_present = _count("接收表决实到人数")
    vote_yes = _count("接收表决赞成票数")
    approved_on = models.DateField("上级党委审批接收日期", null=True, blank=True)
    extension_months = _count("延长预备期（月）")
    extension_reason = models.CharField("延长预备期原因", max_length=200, blank=True)
    extension_approved_on = models.DateField("延长预备期审批日期", null=True, blank=True)
    full_on = models.DateField("支部大会讨论转正日期", null=True, blank=True)
    full_vote_entitled = _count("转正表决应到人数")
    full_vote_present = _count("转正表决实到人数")
    full_vote_yes = _count("转正表决赞成票数")
    full_approved_on = models.DateField("上级党委审批转正日期", null=True, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)

    class Meta:
        verbose_name = "发展党员档案"
        verbose_name_plural = "发展党员档案"
        ordering = ["org_id", "applied_on", "id"]
        indexes = [
            models.Index(fields=["org", "stage"], name="devcase_org_stage"),
            models.Index(fields=["university", "admitted_on"], name="devcase_univ_admitted"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person"], name="devcase_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.get_stage_display()}"

    def facts(self, birth_date: dt.date | None = None) -> Facts:
        values = {name: getattr(self, name) for name in FACT_FIELDS}
        return Facts(
            birth_date=birth_date,
            contacts=sum(1 for f in ("contact_1_id", "contact_2_id") if getattr(self, f)),
            introducers=sum(1 for f in ("introducer_1_id", "introducer_2_id") if getattr(self, f)),
            **values,
        )

    def derive_stage(self) -> str:
        return stage_of(self.facts())

    def clean(self) -> None:
        """Refuse impossible input, naming the field (the rule set's violations are separate)."""
        labels = {f.name: str(f.verbose_name) for f in self._meta.fields}
        errors: dict[str, str] = {}
        previous: str | None = None
        for field in DATE_ORDER:
            value = getattr(self, field)
            if value is None:
                continue
            if previous and value < getattr(self, previous):
                errors.setdefault(field, f"{labels[field]}不能早于{labels[previous]}")
            previous = field
        # A later stage needs the earlier ones: no 预备党员 without 发展对象, etc.
        reached = [getattr(self, f) is not None for f in STAGE_DATES]
        for i, field in enumerate(STAGE_DATES[:-1]):
            if not reached[i] and any(reached[i + 1 :]):
                errors.setdefault(field, f"请填写{labels[field]}（后续阶段已填写）")
        if self.talk_on and self.applied_on and self.talk_on < self.applied_on:
            errors["talk_on"] = "谈话日期不能早于递交入党申请日期"
        if self.notice_start and self.notice_end and self.notice_end < self.notice_start:
            errors["notice_end"] = "公示结束日期不能早于开始日期"
        for group in VOTE_GROUPS:
            entitled, present, yes = (getattr(self, f) for f in group)
            given = [v is not None for v in (entitled, present, yes)]
            if any(given) and not all(given):
                for f, ok in zip(group, given, strict=True):
                    if not ok:
                        errors.setdefault(f, f"请填写{labels[f]}（应到、实到、赞成需一并填写）")
                continue
            if entitled is not None and entitled == 0:
                errors[group[0]] = f"{labels[group[0]]}必须大于0"
            if present is not None and entitled is not None and present > entitled:
                errors[group[1]] = f"{labels[group[1]]}（{present}）不能多于应到人数（{entitled}）"
            if yes is not None and present is not None and yes > present:
                errors[group[2]] = f"{labels[group[2]]}（{yes}）不能多于实到人数（{present}）"
            if yes is not None and entitled is not None and yes > entitled:
                errors[group[2]] = f"{labels[group[2]]}（{yes}）不能多于应到人数（{entitled}）"
        if self.training_days is not None and self.training_days > 60:
            errors["training_days"] = "集中培训天数应在0至60之间"
        if self.training_hours is not None and self.training_hours > 500:
            errors["training_hours"] = "集中培训学时应在0至500之间"
        if self.extension_months is not None and self.extension_months > 24:
            errors["extension_months"] = "延长预备期（月）应在0至24之间"
        if self.extension_months and not self.extension_reason:
            errors["extension_reason"] = "延长预备期须填写原因"
        if self.extension_months and self.admitted_on is None:
            errors["extension_months"] = "尚未接收为预备党员，不能延长预备期"
        people = [getattr(self, f"{f}_id") for f in PERSON_FIELDS]
        for f, pid in zip(PERSON_FIELDS, people, strict=True):
            if pid is not None and pid == self.person_id:
                errors[f] = f"{labels[f]}不能是本人"
        if self.contact_1_id and self.contact_1_id == self.contact_2_id:
            errors["contact_2"] = "两名培养联系人不能是同一人"
        if self.introducer_1_id and self.introducer_1_id == self.introducer_2_id:
            errors["introducer_2"] = "两名入党介绍人不能是同一人"
        if errors:
            raise ValidationError(errors)


def document_path(instance: CaseDocument, filename: str) -> str:
    """development/<university>/<sha256[:2]>/<sha256><ext>: content-addressed, no user text."""
    return f"development/{instance.university_id}/{instance.sha256[:2]}/{filename}"


class CaseDocument(LedgerRecord):
    """A file of a development case (入党申请书、志愿书、政审材料 …). Always optional (DESIGN §8);
    the content type is checked by the content and `sha256` stored, as for ledger attachments."""

    case = models.ForeignKey(
        DevelopmentCase,
        verbose_name="发展党员档案",
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField("文件", upload_to=document_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    content_type = models.CharField("文件类型", max_length=100)

    class Meta:
        verbose_name = "发展党员材料"
        verbose_name_plural = "发展党员材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
