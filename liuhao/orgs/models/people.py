"""People (师生), Party memberships (党员身份) and positions (职务)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from liuhao.core.models import BaseModel
from liuhao.orgs.choices import (
    STAGE_DATE_FIELDS,
    CommitteeDuty,
    Gender,
    MembershipEndReason,
    MembershipStage,
    PersonCategory,
    PositionKind,
)
from liuhao.orgs.models.tree import Organization


class ScopedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    """Reusable filters for rows that belong to an org (field `org`)."""

    def active_on(self, day: dt.date) -> ScopedQuerySet:
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))


class Person(BaseModel):
    """A teacher, student, staff member or retiree of one university.

    Masses are persons too (service targets, requesters, survey respondents). `number` is the staff or
    student number, unique within the university; it is the key imports update by. Only the data some
    feature needs is collected: no ID-card number, phone or address.
    """

    university = models.ForeignKey(
        Organization, verbose_name="所属高校", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name="所在单位（党组织）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit_persons",
    )
    number = models.CharField("工号/学号", max_length=32)
    name = models.CharField("姓名", max_length=64)
    name_pinyin = models.CharField("姓名拼音", max_length=200, blank=True, db_index=True)
    name_initials = models.CharField("姓名首字母", max_length=32, blank=True, db_index=True)
    category = models.CharField("人员类别", max_length=16, choices=PersonCategory.choices)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    young_teacher = models.BooleanField("青年教师", default=False)
    academic_leader = models.BooleanField("学术带头人", default=False)
    returnee = models.BooleanField("留学归国人员", default=False)
    left_on = models.DateField("离校日期", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["university_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["university", "number"], name="person_univ_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.number}）"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.young_teacher and self.category != PersonCategory.TEACHER:
            errors["young_teacher"] = "只有教师可以标记为青年教师"
        if self.birth_date and self.birth_date > timezone.localdate():
            errors["birth_date"] = "出生日期不能晚于今天"
        if errors:
            raise ValidationError(errors)


class Membership(BaseModel):
    """A person's Party membership record in one branch, with the date of each stage.

    Stage dates follow the development pipeline (DOMAIN-RULES §3: 入党申请人 → 积极分子 → 发展对象 →
    预备党员 → 正式党员). Only `full` members count toward thresholds and votes (党章 art. 7;
    DOMAIN-RULES §7 rule 11). A person has at most one open membership (`ended_on` empty).
    """

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="memberships"
    )
    org = models.ForeignKey(
        Organization,
        verbose_name="所在党组织",
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    university = models.ForeignKey(
        Organization, verbose_name="所属高校", on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField("发展阶段", max_length=16, choices=MembershipStage.choices)
    applied_on = models.DateField("递交入党申请日期", null=True, blank=True)
    activist_on = models.DateField("确定积极分子日期", null=True, blank=True)
    candidate_on = models.DateField("确定发展对象日期", null=True, blank=True)
    admitted_on = models.DateField("接收预备党员日期", null=True, blank=True)
    full_on = models.DateField("转为正式党员日期", null=True, blank=True)
    joined_org_on = models.DateField("转入本组织日期", null=True, blank=True)
    ended_on = models.DateField("转出/终止日期", null=True, blank=True)
    end_reason = models.CharField(
        "终止原因", max_length=16, choices=MembershipEndReason.choices, blank=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党员身份"
        verbose_name_plural = "党员身份"
        indexes = [
            models.Index(fields=["org", "stage"], name="membership_org_stage"),
            models.Index(fields=["university", "stage"], name="membership_univ_stage"),
            # Open memberships by university and stage: the province overview counts full members
            # per university from this index alone (200 ms -> 30 ms at province scale). University
            # first, so subtree queries (which filter by org path, not university) never pick it.
            models.Index(
                fields=["university", "stage"],
                condition=Q(ended_on__isnull=True),
                name="membership_open_univ_stage",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.org_id} {self.get_stage_display()}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        order = list(STAGE_DATE_FIELDS.items())
        stage_index = (
            [s for s, _ in order].index(self.stage) if self.stage in STAGE_DATE_FIELDS else -1
        )
        labels = {f.name: f.verbose_name for f in self._meta.fields}
        # The date of the current stage is required; dates of later stages must be empty.
        for i, (_stage, field) in enumerate(order):
            value = getattr(self, field)
            if i == stage_index and value is None:
                errors[field] = f"当前阶段为“{self.get_stage_display()}”，必须填写{labels[field]}"
            if i > stage_index and value is not None:
                errors[field] = f"当前阶段为“{self.get_stage_display()}”，不应填写{labels[field]}"
        previous: tuple[str, dt.date] | None = None
        for _stage, field in order:
            value = getattr(self, field)
            if value is None:
                continue
            if previous and value < previous[1]:
                errors.setdefault(field, f"{labels[field]}不能早于{labels[previous[0]]}")
            previous = (field, value)
        if self.ended_on and previous and self.ended_on < previous[1]:
            errors["ended_on"] = "转出/终止日期不能早于各阶段日期"
        if self.end_reason and not self.ended_on:
            errors["ended_on"] = "填写终止原因时必须填写终止日期"
        if errors:
            raise ValidationError(errors)


class Position(BaseModel):
    """A post held in an org for a period: 书记, 副书记, 委员 (by duty), 专/兼职党务工作者, 党代表, 党小组长.

    The leadership team (班子) of an org on a date is its secretary, deputies and committee members
    whose period covers that date (Criterion C03, C04). Representatives carry their congress term
    (Criterion C05: 党代表任期制).
    """

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="positions"
    )
    org = models.ForeignKey(
        Organization, verbose_name="任职组织", on_delete=models.PROTECT, related_name="positions"
    )
    university = models.ForeignKey(
        Organization, verbose_name="所属高校", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("职务", max_length=24, choices=PositionKind.choices)
    duty = models.CharField("委员分工", max_length=16, choices=CommitteeDuty.choices, blank=True)
    started_on = models.DateField("任职开始日期")
    ended_on = models.DateField("任职结束日期", null=True, blank=True)
    congress_name = models.CharField("党代会届次", max_length=64, blank=True)
    congress_term_start = models.DateField("党代会任期开始", null=True, blank=True)
    congress_term_end = models.DateField("党代会任期结束", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "职务"
        verbose_name_plural = "职务"
        indexes = [models.Index(fields=["org", "kind"], name="position_org_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person_id}@{self.org_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = "任职结束日期不能早于开始日期"
        if self.kind == PositionKind.COMMITTEE_MEMBER and not self.duty:
            errors["duty"] = "委员必须填写分工"
        if self.kind != PositionKind.COMMITTEE_MEMBER and self.duty:
            errors["duty"] = "只有委员填写分工"
        if self.kind == PositionKind.REPRESENTATIVE:
            if not self.congress_name:
                errors["congress_name"] = "党代表必须填写党代会届次"
            if not self.congress_term_start:
                errors["congress_term_start"] = "党代表必须填写任期开始日期"
        elif self.congress_name or self.congress_term_start or self.congress_term_end:
            errors["congress_name"] = "只有党代表填写党代会届次与任期"
        if (
            self.congress_term_start
            and self.congress_term_end
            and self.congress_term_end < self.congress_term_start
        ):
            errors["congress_term_end"] = "党代会任期结束不能早于开始"
        if errors:
            raise ValidationError(errors)
