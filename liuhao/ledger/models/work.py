"""Member service records (服务记录), tasks with owners and procedures (任务), and party-affairs
disclosures (党务公开): criteria C06.3, C07.1 and C07.2."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from liuhao.ledger.choices import DisclosureScope, ServiceKind
from liuhao.ledger.models.base import LedgerRecord
from liuhao.orgs.models import Person


class ServiceRecord(LedgerRecord):
    """One member's service on one day: volunteer service, a service activity or duty at a vanguard
    post, with the hours.

    Criterion C06.3 (党员队伍达到全员服务、主动服务): the share of the org's full and probationary
    members with at least one service record in the term.
    """

    person = models.ForeignKey(
        Person,
        verbose_name="党员",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the metric reads by org and date; the person column is only displayed
    )
    served_on = models.DateField("服务日期")
    kind = models.CharField("服务类型", max_length=20, choices=ServiceKind.choices)
    hours = models.DecimalField(
        "时长（小时）", max_digits=5, decimal_places=1, default=Decimal("0")
    )
    description = models.CharField("服务内容", max_length=200, blank=True)

    class Meta:
        verbose_name = "党员服务记录"
        verbose_name_plural = "党员服务记录"
        ordering = ["-served_on", "-id"]
        indexes = [models.Index(fields=["org", "served_on"], name="service_org_served")]

    def __str__(self) -> str:
        return f"{self.served_on} {self.get_kind_display()} {self.person_id}"

    def clean(self) -> None:
        if self.hours is not None and not (Decimal("0") <= self.hours <= Decimal("24")):
            raise ValidationError({"hours": "时长应在 0 到 24 小时之间"})


class Task(LedgerRecord):
    """A task of the org with an owner (责任人), its procedure steps (运作程序), a due date and its
    completion (date, note, optional evidence attachment).

    Criterion C07.1 (精细化服务程度高，各项任务都有责任人和运作程序): the share of the tasks due in the
    term that were completed by their due date. `assigned_on` is the event date of the record.
    """

    title = models.CharField("任务名称", max_length=200)
    owner = models.ForeignKey(
        Person, verbose_name="责任人", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    steps = models.TextField("办理程序", blank=True, help_text="每行一个步骤")
    assigned_on = models.DateField("布置日期")
    due_on = models.DateField("完成时限")
    completed_on = models.DateField("完成日期", null=True, blank=True)
    completion_note = models.CharField("完成情况", max_length=200, blank=True)

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["org", "due_on"], name="task_org_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def step_list(self) -> list[str]:
        return [s.strip() for s in self.steps.splitlines() if s.strip()]

    @property
    def on_time(self) -> bool:
        return self.completed_on is not None and self.completed_on <= self.due_on

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.assigned_on and self.due_on and self.due_on < self.assigned_on:
            errors["due_on"] = "完成时限不能早于布置日期"
        if self.assigned_on and self.completed_on and self.completed_on < self.assigned_on:
            errors["completed_on"] = "完成日期不能早于布置日期"
        if errors:
            raise ValidationError(errors)


class Disclosure(LedgerRecord):
    """A party-affairs disclosure (党务公开) published by the org, to the public or within the Party.

    Criterion C07.2 (推进党务政务公开): disclosures published in the term.
    """

    title = models.CharField("公开事项", max_length=200)
    published_on = models.DateField("公开日期")
    scope = models.CharField(
        "公开范围", max_length=12, choices=DisclosureScope.choices, default=DisclosureScope.PUBLIC
    )
    channel = models.CharField(
        "公开方式", max_length=60, blank=True, help_text="如公开栏、网站、会议"
    )
    content = models.TextField("公开内容", blank=True)

    class Meta:
        verbose_name = "党务公开"
        verbose_name_plural = "党务公开"
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["org", "published_on"], name="disclosure_org_published")]

    def __str__(self) -> str:
        return self.title
