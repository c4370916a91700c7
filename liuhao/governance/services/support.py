"""Funding (C08.1), elections and terms (C08.2), care records (C08.3), commendations (C08.4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction

from liuhao.core.audit import audit_record, snapshot
from liuhao.governance.models import CareRecord, Commendation, Election, Funding
from liuhao.governance.models.support import add_months
from liuhao.governance.rules import governance_rules
from liuhao.governance.services.common import check_member, not_future, save_record
from liuhao.ledger.services.common import check_can_record, require, scope_of
from liuhao.orgs.models import Organization

FUNDING_FIELDS = ["allocated_on", "amount", "source", "purpose"]
ELECTION_FIELDS = [
    "elected_on",
    "term_years",
    "members_elected",
    "extended_until",
    "extension_approved_on",
    "extension_approved_by",
    "note",
]
CARE_FIELDS = ["cared_on", "kind", "person", "amount", "from_care_fund", "summary"]
COMMENDATION_FIELDS = ["awarded_on", "kind", "level", "title", "person", "summary"]


def _not_negative(value: Any, field: str) -> None:
    require(value is None or value >= 0, "金额不能为负数", field)


def _check_funding(org: Organization, v: dict[str, Any]) -> None:
    not_future(v.get("allocated_on"), "allocated_on", "拨付日期")
    _not_negative(v.get("amount"), "amount")


@transaction.atomic
def funding_save(
    *,
    actor: Any,
    data: dict[str, Any],
    org: Organization | None = None,
    funding: Funding | None = None,
) -> Funding:
    """Record (or correct) funds allocated to the org (Criterion C08.1 有充足的经费支持)."""
    return save_record(
        actor=actor,
        model=Funding,
        fields=FUNDING_FIELDS,
        data=data,
        org=org,
        instance=funding,
        check=_check_funding,
    )


def _check_election(org: Organization, v: dict[str, Any]) -> None:
    rules = governance_rules()
    elected_on: dt.date | None = v.get("elected_on")
    not_future(elected_on, "elected_on", "选举日期")
    allowed = rules.terms_for(org.kind)
    require(bool(allowed), f"“{org.get_kind_display()}”不设委员会任期", "term_years")
    years = v.get("term_years")
    require(
        years in allowed,
        f"任期：{org.get_kind_display()}的任期为{'或'.join(str(y) for y in allowed)}年",
        "term_years",
    )
    extended: dt.date | None = v.get("extended_until")
    if extended is not None and elected_on is not None and years:
        latest = add_months(add_months(elected_on, 12 * int(years)), rules.max_extension_months)
        require(
            extended <= latest,
            f"延期至：延期换届最长{rules.max_extension_months}个月（至{latest:%Y-%m-%d}）",
            "extended_until",
        )
    approved: dt.date | None = v.get("extension_approved_on")
    not_future(approved, "extension_approved_on", "延期批准日期")
    require(
        approved is None or elected_on is None or approved >= elected_on,
        "延期批准日期不能早于选举日期",
        "extension_approved_on",
    )


@transaction.atomic
def election_save(
    *,
    actor: Any,
    data: dict[str, Any],
    org: Organization | None = None,
    election: Election | None = None,
) -> Election:
    """Record an election of the org's committee (换届选举), or record its approved extension
    (Criterion C08.2 按期换届; terms and the extension limit in governance-rules.yaml)."""
    return save_record(
        actor=actor,
        model=Election,
        fields=ELECTION_FIELDS,
        data=data,
        org=org,
        instance=election,
        check=_check_election,
    )


def _check_care(org: Organization, v: dict[str, Any]) -> None:
    not_future(v.get("cared_on"), "cared_on", "帮扶日期")
    _not_negative(v.get("amount"), "amount")
    check_member(org, v.get("person"), v.get("cared_on"), "person")


@transaction.atomic
def care_record_save(
    *,
    actor: Any,
    data: dict[str, Any],
    org: Organization | None = None,
    record: CareRecord | None = None,
) -> CareRecord:
    """Record care or assistance for a member (Criterion C08.3 党内关怀帮扶、党员关爱基金)."""
    return save_record(
        actor=actor,
        model=CareRecord,
        fields=CARE_FIELDS,
        data=data,
        org=org,
        instance=record,
        check=_check_care,
    )


def _check_commendation(org: Organization, v: dict[str, Any]) -> None:
    not_future(v.get("awarded_on"), "awarded_on", "表彰日期")
    check_member(org, v.get("person"), v.get("awarded_on"), "person")


@transaction.atomic
def commendation_save(
    *,
    actor: Any,
    data: dict[str, Any],
    org: Organization | None = None,
    commendation: Commendation | None = None,
) -> Commendation:
    """Record a commendation or a typical case (Criterion C08.4 定期评比表彰、选树典型)."""
    return save_record(
        actor=actor,
        model=Commendation,
        fields=COMMENDATION_FIELDS,
        data=data,
        org=org,
        instance=commendation,
        check=_check_commendation,
    )


@transaction.atomic
def record_delete(*, actor: Any, record: models.Model) -> None:
    """Delete a governance record (its child rows go with it), audited."""
    org: Organization = record.org  # type: ignore[attr-defined]
    check_can_record(actor, org, "您无权删除该记录")
    fields = [f.name for f in record._meta.concrete_fields if f.name not in ("id", "org")]
    audit_record(
        actor=actor,
        verb="delete",
        target=record,
        scope=scope_of(org),
        changes=snapshot(record, fields),
    )
    record.delete()
