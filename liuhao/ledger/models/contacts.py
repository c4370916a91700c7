"""Leadership contact with service targets: pairs (结对联系) and visits (联系走访/调研)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from liuhao.ledger.models.base import LedgerRecord
from liuhao.orgs.models import Person


class ContactPair(LedgerRecord):
    """A leadership member of `org` paired with a service target (a teacher, student …) for a period.

    Criterion C03.1 (班子成员每人结对联系2名以上服务对象): open pairs on the day looked at count.
    """

    leader = models.ForeignKey(
        Person,
        verbose_name="班子成员",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the (leader, date) index leads with it
    )
    target = models.ForeignKey(
        Person, verbose_name="服务对象", on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField("结对开始日期")
    ended_on = models.DateField("结对结束日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "结对联系"
        verbose_name_plural = "结对联系"
        ordering = ["org_id", "leader_id", "started_on"]
        indexes = [
            models.Index(fields=["leader", "started_on"], name="pair_leader_started"),
            models.Index(fields=["org", "started_on"], name="pair_org_started"),
        ]

    def __str__(self) -> str:
        return f"{self.leader_id}→{self.target_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = "结对结束日期不能早于开始日期"
        if self.leader_id and self.leader_id == self.target_id:
            errors["target"] = "服务对象不能是班子成员本人"
        if errors:
            raise ValidationError(errors)


class ContactVisit(LedgerRecord):
    """A contact visit or research trip by a leadership member (定期深入联系点调查研究).

    Criterion C03.2: every leadership member made at least one visit in the term.
    """

    leader = models.ForeignKey(
        Person,
        verbose_name="班子成员",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the (leader, date) index leads with it
    )
    visited_on = models.DateField("走访日期")
    target = models.ForeignKey(
        Person,
        verbose_name="走访对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField("地点", max_length=100, blank=True)
    topic = models.CharField("主题", max_length=200)
    findings = models.TextField("了解的情况与问题", blank=True)

    class Meta:
        verbose_name = "联系走访"
        verbose_name_plural = "联系走访"
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["leader", "visited_on"], name="visit_leader_visited"),
            models.Index(fields=["org", "visited_on"], name="visit_org_visited"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.topic}"
