"""The province's decision, the public notice (公示), objections and naming (issue 7 item 3).

The notice lasts at least the YAML minimum of working days on the official calendar
(liuhao.orgs.workdays), start and end days included. Sites are named only after the notice has
ended with every objection handled; an application with an upheld objection is not named.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from liuhao.accounts.models import User
from liuhao.core.audit import audit_record, model_update, snapshot
from liuhao.core.exceptions import InvalidState
from liuhao.notifications.services import notify
from liuhao.orgs.services.common import require
from liuhao.orgs.workdays import WorkdayCalendar
from liuhao.sites.choices import ApplicationStatus, CycleStatus, ObjectionOutcome, Verdict
from liuhao.sites.models import Application, Cycle, Notice, Objection, Site
from liuhao.sites.rules import sites_rules
from liuhao.sites.selectors import open_cycles_changed
from liuhao.sites.services.common import (
    PROVINCE_SCOPE,
    audit_many,
    day,
    path_scope,
    require_by,
    require_province,
)

A = ApplicationStatus


def _app_scope(app: Application) -> Any:
    return path_scope(app.org_id, app.org_path, app.university_id)


def notice_workdays(starts_on: dt.date, ends_on: dt.date) -> int:
    """Working days from `starts_on` to `ends_on`, both included."""
    calendar = WorkdayCalendar.load(starts_on, ends_on)
    return calendar.workdays_between(starts_on - dt.timedelta(days=1), ends_on)


@transaction.atomic
def application_decide(
    *, actor: Any, application: Application, verdict: str, reason: str = "", today: dt.date
) -> Application:
    """The province decides on a recommended application: to be named (goes on the notice) or not,
    with a reason, by the decide deadline. A decision can be changed until the notice is
    published."""
    require_province(actor, "审定示范点")
    app = (
        Application.objects.select_for_update(of=("self",))
        .select_related("cycle", "org", "applied_by")
        .get(pk=application.pk)
    )
    if Notice.objects.filter(cycle_id=app.cycle_id).exists():
        raise InvalidState("公示已发布，不能再改变审定结论")
    require(
        app.status in (A.RECOMMENDED, A.APPROVED, A.REJECTED) and app.rank is not None,
        "只能审定高校已推荐的申报",
        "verdict",
    )
    require(verdict in Verdict.values, "请选择审定结论", "verdict")
    require_by(today, app.cycle.decide_deadline, "审定", "verdict")
    text = (reason or "").strip()
    require(verdict != Verdict.REJECT or bool(text), "不予命名时请填写理由", "reason")
    require(len(text) <= 500, "审定意见不能超过 500 字", "reason")
    status = A.APPROVED if verdict == Verdict.NAME else A.REJECTED
    changes = model_update(
        app,
        {
            "verdict": verdict,
            "verdict_reason": text,
            "status": status,
            "decided_at": timezone.now(),
        },
    )
    app.save()
    audit_record(actor=actor, verb="update", target=app, scope=_app_scope(app), changes=changes)
    notify(
        [app.applied_by],
        kind="decision",
        title=f"示范点申报审定：{app.org}{Verdict(verdict).label}",
        body=text,
        url=reverse("sites:application-detail", args=[app.pk]),
        org=app.org,
    )
    return app


@transaction.atomic
def notice_publish(
    *, actor: Any, cycle: Cycle, starts_on: dt.date, ends_on: dt.date, text: str = ""
) -> Notice:
    """Publish the cycle's public notice (公示) of the approved applications on the portal. Refused
    when shorter than the YAML minimum of working days, while a recommended application is still
    undecided, or with nothing to announce."""
    require_province(actor, "发布公示")
    require(cycle.status == CycleStatus.OPEN, "该评选已命名，不能再发布公示", "starts_on")
    require(not Notice.objects.filter(cycle=cycle).exists(), "本次评选的公示已经发布", "starts_on")
    require(starts_on is not None and ends_on is not None, "请填写公示起止日期", "starts_on")
    require(ends_on >= starts_on, "公示结束日期不能早于开始日期", "ends_on")
    minimum = sites_rules().notice.min_workdays
    workdays = notice_workdays(starts_on, ends_on)
    require(
        workdays >= minimum,
        f"公示期只有 {workdays} 个工作日，不得少于 {minimum} 个工作日",
        "ends_on",
    )
    undecided = Application.objects.filter(cycle=cycle, status=A.RECOMMENDED).count()
    require(undecided == 0, f"还有 {undecided} 个已推荐的申报未审定", "starts_on")
    require(
        Application.objects.filter(cycle=cycle, status=A.APPROVED).exists(),
        "没有拟命名的申报，无需公示",
        "starts_on",
    )
    require(len(text or "") <= 2000, "公示说明不能超过 2000 字", "text")
    notice = Notice.objects.create(
        cycle=cycle,
        starts_on=starts_on,
        ends_on=ends_on,
        workdays=workdays,
        text=(text or "").strip(),
        published_by=actor,
    )
    audit_record(
        actor=actor,
        verb="create",
        target=notice,
        scope=PROVINCE_SCOPE,
        changes=snapshot(notice, ["cycle", "starts_on", "ends_on", "workdays"]),
    )
    return notice


@transaction.atomic
def objection_record(
    *,
    actor: Any,
    notice: Notice,
    application: Application,
    received_on: dt.date,
    content: str,
    handling: str = "",
    outcome: str = ObjectionOutcome.PENDING,
) -> Objection:
    """The province records an objection received during the notice, with its handling."""
    require_province(actor, "登记公示异议")
    require(
        application.cycle_id == notice.cycle_id and application.status == A.APPROVED,
        "只能对公示中的拟命名申报登记异议",
        "application",
    )
    require(received_on is not None, "请填写收到日期", "received_on")
    require(
        notice.starts_on <= received_on <= notice.ends_on,
        f"收到日期应在公示期（{day(notice.starts_on)}至{day(notice.ends_on)}）内",
        "received_on",
    )
    require(bool((content or "").strip()), "请填写异议内容", "content")
    require(outcome in ObjectionOutcome.values, "请选择处理结果", "outcome")
    require(
        outcome == ObjectionOutcome.PENDING or bool((handling or "").strip()),
        "已有处理结果时请填写处理情况",
        "handling",
    )
    objection = Objection.objects.create(
        notice=notice,
        application=application,
        received_on=received_on,
        content=content.strip()[:2000],
        handling=(handling or "").strip()[:2000],
        outcome=outcome,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        verb="create",
        target=objection,
        scope=_app_scope(application),
        changes=snapshot(objection, ["application", "received_on", "outcome"]),
    )
    return objection


@transaction.atomic
def objection_handle(*, actor: Any, objection: Objection, handling: str, outcome: str) -> Objection:
    """The province records how an objection was handled and its outcome."""
    require_province(actor, "处理公示异议")
    if objection.notice.cycle.status != CycleStatus.OPEN:
        raise InvalidState("已命名，不能再修改异议处理")
    require(outcome in ObjectionOutcome.values, "请选择处理结果", "outcome")
    require(bool((handling or "").strip()), "请填写处理情况", "handling")
    changes = model_update(objection, {"handling": handling.strip()[:2000], "outcome": outcome})
    objection.save()
    audit_record(
        actor=actor,
        verb="update",
        target=objection,
        scope=_app_scope(objection.application),
        changes=changes,
    )
    return objection


@transaction.atomic
def sites_name(*, actor: Any, cycle: Cycle, today: dt.date) -> list[Site]:
    """Name the sites: after the notice has ended with no objection pending, every approved
    application without an upheld objection becomes a named site (the plaque list 名单); one with
    an upheld objection is not named."""
    require_province(actor, "命名示范点")
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    require(cycle.status == CycleStatus.OPEN, "本次评选已经命名", "cycle")
    notice = Notice.objects.filter(cycle=cycle).first()
    require(notice is not None, "尚未发布公示，不能命名", "cycle")
    assert notice is not None
    require(
        today > notice.ends_on,
        f"公示期至{day(notice.ends_on)}结束，结束后才能命名",
        "cycle",
    )
    pending = notice.objections.filter(outcome=ObjectionOutcome.PENDING).count()
    require(pending == 0, f"还有 {pending} 条公示异议未处理", "cycle")
    upheld = set(
        notice.objections.filter(outcome=ObjectionOutcome.UPHELD).values_list(
            "application_id", flat=True
        )
    )
    apps = list(Application.objects.select_for_update().filter(cycle=cycle, status=A.APPROVED))
    audits = []
    named = []
    for app in apps:
        if app.pk in upheld:
            values = {
                "status": A.REJECTED,
                "verdict": Verdict.REJECT,
                "verdict_reason": "公示期间异议成立，不予命名",
            }
        else:
            values = {"status": A.NAMED}
            named.append(app)
        audits.append((app, _app_scope(app), model_update(app, values)))
    Application.objects.bulk_update(apps, ["status", "verdict", "verdict_reason", "updated_at"])
    sites = Site.objects.bulk_create(
        [
            Site(
                org_id=a.org_id,
                university_id=a.university_id,
                org_path=a.org_path,
                application=a,
                cycle=cycle,
                named_on=today,
            )
            for a in named
        ]
    )
    changes = model_update(cycle, {"status": CycleStatus.NAMED, "named_on": today})
    cycle.save()
    open_cycles_changed()
    audit_record(
        actor=actor,
        verb="update",
        target=cycle,
        scope=PROVINCE_SCOPE,
        changes={**changes, "named": [a.org_id for a in named]},
    )
    audit_many(actor, "update", audits)
    applicants = {a.applied_by_id for a in named}
    notify(
        User.objects.filter(pk__in=applicants),
        kind="decision",
        title=f"{cycle.title}：已命名为示范点",
        url=reverse("sites_public:site-list"),
    )
    audit_many(
        actor,
        "create",
        [
            (s, path_scope(s.org_id, s.org_path, s.university_id), {"named_on": [None, str(today)]})
            for s in Site.objects.filter(cycle=cycle)
        ],
    )
    return sites
