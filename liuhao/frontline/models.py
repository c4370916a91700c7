"""Records of the service front (服务阵地): venues and studios, representatives' receptions and
proposals, member-affairs services, public service items, vanguard posts and news.

Every record is a `LedgerRecord`: org, university, its event date and when it was entered
(`entered_at`, the 补录 clock). Criteria C05 (党代表作用), C10 (阵地与党员事务), C11 (服务窗口) and
C12.1 (网上动态).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from liuhao.frontline.choices import (
    AffairKind,
    NewsKind,
    PostKind,
    ProposalKind,
    ProposalStatus,
    VenueKind,
)
from liuhao.ledger.models.base import LedgerRecord
from liuhao.orgs.models import Person

MAX_VISITORS = 100_000  # a sanity bound on one reception's visitors (not a scoring rule)


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


class Venue(LedgerRecord):
    """A venue of the org: activity room, representatives' studio (工作室) or service station.

    Criterion C10.1 (相对固定、设施齐全的活动场所: fixed and equipped venues open on the day) and
    C05.2 (党代表工作室: venues of kind studio).
    """

    kind = models.CharField("场所类型", max_length=24, choices=VenueKind.choices)
    name = models.CharField("场所名称", max_length=100)
    address = models.CharField("地点", max_length=200, blank=True)
    is_fixed = models.BooleanField("相对固定", default=True)
    equipment = models.CharField("设施设备", max_length=300, blank=True)
    opened_on = models.DateField("启用日期")
    closed_on = models.DateField("停用日期", null=True, blank=True)

    class Meta:
        verbose_name = "活动场所"
        verbose_name_plural = "活动场所"
        ordering = ["org_id", "-opened_on", "-id"]
        indexes = [models.Index(fields=["org", "opened_on"], name="venue_org_opened")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = "停用日期不能早于启用日期"
        _raise(errors)


class Reception(LedgerRecord):
    """A representative's reception duty in the studio (党代表驻室接待): who, when, visitors, issues.

    Criterion C05.3 (坚持党代表驻室接待制度). Planned duties (值班安排) are dated in the future and
    have no visitors yet; only duties held on or before the day looked at count.
    """

    representative = models.ForeignKey(
        Person, verbose_name="党代表", on_delete=models.PROTECT, related_name="+"
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name="接待场所",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    held_on = models.DateField("接待日期")
    visitor_count = models.IntegerField("接待人数", default=0)
    issues = models.TextField("反映的问题与诉求", blank=True)

    class Meta:
        verbose_name = "驻室接待"
        verbose_name_plural = "驻室接待"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["org", "held_on"], name="reception_org_held")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.representative_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.visitor_count is not None and self.visitor_count < 0:
            errors["visitor_count"] = "接待人数不能为负数"
        elif self.visitor_count is not None and self.visitor_count > MAX_VISITORS:
            errors["visitor_count"] = f"接待人数不能超过 {MAX_VISITORS}"
        _raise(errors)


class Proposal(LedgerRecord):
    """A representative's proposal, suggestion or research report with its status and reply.

    Criterion C05.4 (党代表开展提案、提议和调研).
    """

    representative = models.ForeignKey(
        Person, verbose_name="党代表", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=16, choices=ProposalKind.choices)
    title = models.CharField("标题", max_length=200)
    submitted_on = models.DateField("提交日期")
    status = models.CharField(
        "办理状态", max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    reply = models.TextField("答复意见", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)

    class Meta:
        verbose_name = "提案建议"
        verbose_name_plural = "提案建议"
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["org", "submitted_on"], name="proposal_org_submitted")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.submitted_on and self.replied_on and self.replied_on < self.submitted_on:
            errors["replied_on"] = "答复日期不能早于提交日期"
        answered = self.status in (ProposalStatus.REPLIED, ProposalStatus.CLOSED)
        if answered and not self.reply.strip():
            errors["reply"] = "办理状态为已答复或已办结时必须填写答复意见"
        if answered and not self.replied_on:
            errors["replied_on"] = "办理状态为已答复或已办结时必须填写答复日期"
        if not answered and self.replied_on:
            errors["status"] = "已填写答复日期，办理状态应为已答复或已办结"
        _raise(errors)


class MemberAffair(LedgerRecord):
    """A member-affairs service (党员事务): transfer of organizational relations, a certificate …
    with the day it was received and the day it was completed.

    Criterion C10.2 (党员事务办理高效: median working days from receipt to completion).
    """

    kind = models.CharField("事务类型", max_length=16, choices=AffairKind.choices)
    person = models.ForeignKey(
        Person, verbose_name="办理对象", on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField("受理日期")
    completed_on = models.DateField("办结日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "党员事务"
        verbose_name_plural = "党员事务"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["org", "received_on"], name="affair_org_received"),
            models.Index(fields=["org", "completed_on"], name="affair_org_completed"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.received_on and self.completed_on and self.completed_on < self.received_on:
            errors["completed_on"] = "办结日期不能早于受理日期"
        _raise(errors)


class ServiceItem(LedgerRecord):
    """A public service item (公开服务事项): name, process, responsible person and time limit.

    Criterion C11.1 (公开服务事项、责任人、流程和时限): items published on the day that name all four.
    """

    name = models.CharField("服务事项", max_length=100)
    process = models.TextField("办理流程")
    responsible = models.ForeignKey(
        Person, verbose_name="责任人", on_delete=models.PROTECT, related_name="+"
    )
    time_limit_days = models.PositiveSmallIntegerField("办理时限（工作日）")
    published_on = models.DateField("公开日期")
    withdrawn_on = models.DateField("撤下日期", null=True, blank=True)

    class Meta:
        verbose_name = "服务事项"
        verbose_name_plural = "服务事项"
        ordering = ["org_id", "name", "id"]
        indexes = [models.Index(fields=["org", "published_on"], name="item_org_published")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.published_on and self.withdrawn_on and self.withdrawn_on < self.published_on:
            errors["withdrawn_on"] = "撤下日期不能早于公开日期"
        if self.time_limit_days is not None and not 1 <= self.time_limit_days <= 365:
            errors["time_limit_days"] = "办理时限应在1至365个工作日之间"
        _raise(errors)


class VanguardPost(LedgerRecord):
    """A vanguard post, responsibility area or station (党员先锋岗、责任区、工作站) with its members.

    Criterion C11.2: posts set up and not ended on the day, with at least one named member.
    """

    kind = models.CharField("类型", max_length=16, choices=PostKind.choices)
    name = models.CharField("名称", max_length=100)
    duties = models.CharField("职责", max_length=300, blank=True)
    set_up_on = models.DateField("设立日期")
    ended_on = models.DateField("撤销日期", null=True, blank=True)
    members: models.ManyToManyField[Person, VanguardMember] = models.ManyToManyField(
        Person, verbose_name="党员", related_name="+", through="VanguardMember"
    )

    class Meta:
        verbose_name = "党员先锋岗"
        verbose_name_plural = "党员先锋岗"
        ordering = ["org_id", "-set_up_on", "-id"]
        indexes = [models.Index(fields=["org", "set_up_on"], name="vanguard_org_setup")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.set_up_on and self.ended_on and self.ended_on < self.set_up_on:
            errors["ended_on"] = "撤销日期不能早于设立日期"
        _raise(errors)


class VanguardMember(models.Model):
    """A member named on a vanguard post (an explicit table, so the seed's bulk reset clears it)."""

    post = models.ForeignKey(
        VanguardPost, verbose_name="先锋岗", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name="党员", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "先锋岗党员"
        verbose_name_plural = "先锋岗党员"
        constraints = [
            models.UniqueConstraint(fields=["post", "person"], name="vanguard_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.person_id}"


class News(LedgerRecord):
    """A news item or notice the org published online (党组织动态、通知).

    Criterion C12.1 (网上发布动态和通知): items published within the term.
    """

    kind = models.CharField("类型", max_length=16, choices=NewsKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", blank=True)
    url = models.URLField("网址", blank=True)
    published_on = models.DateField("发布日期")

    class Meta:
        verbose_name = "动态通知"
        verbose_name_plural = "动态通知"
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["org", "published_on"], name="news_org_published")]

    def __str__(self) -> str:
        return self.title
