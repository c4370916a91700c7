"""Generator "desk": requests (诉求) to every college-level org, general branch and live branch of one
university over the current term and the two before it, with their history (Criteria C07.3, C12.2,
C18.2, C18.3).

Realistic rates: most orgs receive none to a few requests a term (about 0.65 on average, DESIGN §7:
≈50k a year province-wide); 8% are urgent; 80% come in online (the public form or signed in), the
rest are recorded from representatives' receptions and contact visits. About 85% of orgs resolve
on time; the others are late on about a third of their requests and sometimes leave an urgent one
overdue. Requests still within their time limit at the seed's day stay open; resolved ones older
than the auto-close window are closed (about 60% confirmed by the requester, the rest
automatically), and about half of the closed ones are rated (mostly 4–5). Due dates use the working
days of the official calendar (one sorted list per university, no per-row calendar walk). Every draw
comes from the university's "desk" stream; rows go through the bulk writer.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from typing import Any

from django.db import connection
from django.utils import timezone

from liuhao.desk.choices import Channel, CloseReason, EventKind, Priority, RequestStatus
from liuhao.desk.models import RequestEvent, ServiceRequest
from liuhao.desk.rules import desk_rules
from liuhao.ledger.seeding.generator import terms_before
from liuhao.orgs.seeding.registry import UniversityContext, register
from liuhao.orgs.seeding.stages import randint
from liuhao.orgs.workdays import WorkdayCalendar

REQUEST_COLUMNS = (
    "id",
    "university_id",
    "org_id",
    "reference",
    "tracking_hash",
    "category",
    "priority",
    "title",
    "body",
    "anonymous",
    "requester_name",
    "requester_contact",
    "requester_user_id",
    "channel",
    "reception_id",
    "contact_visit_id",
    "status",
    "assignee_id",
    "submitted_at",
    "submitted_on",
    "response_due",
    "resolution_due",
    "paused_workdays",
    "paused_on",
    "first_response_at",
    "resolved_at",
    "resolved_within_sla",
    "closed_at",
    "close_reason",
    "reopened_count",
    "reminded_on",
    "escalated_to_id",
    "escalated_at",
    "rating",
    "rating_comment",
    "rated_at",
)
EVENT_COLUMNS = (
    "id",
    "request_id",
    "at",
    "kind",
    "public",
    "from_status",
    "to_status",
    "text",
    "actor_id",
)
COUNT_WEIGHTS = ((0, 0.55), (1, 0.30), (2, 0.10), (3, 0.05))
URGENT_SHARE = 0.08
SLOW_ORG_SHARE = 0.15
SLOW_LATE_SHARE = 0.35
CHANNELS = (
    (Channel.PUBLIC_FORM, 0.55),
    (Channel.SIGNED_IN, 0.25),
    (Channel.RECEPTION, 0.10),
    (Channel.CONTACT_VISIT, 0.10),
)
TITLES = {
    "member_affairs": ("办理组织关系转接", "开具党员身份证明"),
    "study_life": ("宿舍网络经常断线", "自习室座位不足"),
    "teaching_research": ("实验室开放时间过短", "希望增加学术交流活动"),
    "campus_service": ("食堂就餐高峰拥挤", "校园路灯损坏"),
    "advice": ("建议增加主题党日形式", "建议公开党费使用情况"),
    "other": ("咨询志愿服务报名", "其他事项"),
}
REPLY = "已协调相关部门处理，结果已反馈。"
RATINGS = (5, 5, 5, 4, 4, 4, 3, 2)


def _pick(rng: Any, weighted: tuple[tuple[Any, float], ...]) -> Any:
    roll = rng.random()
    for value, share in weighted:
        roll -= share
        if roll < 0:
            return value
    return weighted[-1][0]


@register("desk", models=(ServiceRequest, RequestEvent), order=130)
def generate_desk(ctx: UniversityContext) -> None:
    """Write the requests of one university."""
    _Desk(ctx).run()


class _Desk:
    def __init__(self, ctx: UniversityContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("desk")
        self.today = ctx.today.toordinal()
        self.day = ctx.writer.date
        self.uid = ctx.university_id
        self.requests = ctx.writer.table(ServiceRequest, REQUEST_COLUMNS)
        self.events = ctx.writer.table(RequestEvent, EVENT_COLUMNS)
        self.rules = desk_rules()
        self.tz = timezone.get_default_timezone()
        self._stamps: dict[int, Any] = {}
        self.count = 0

    def run(self) -> None:
        terms = [t for t in terms_before(self.ctx.today) if t.start.toordinal() <= self.today]
        if not terms:
            return
        first = min(t.start for t in terms)
        calendar = WorkdayCalendar()
        span = range(first.toordinal() - 7, self.today + 400)
        self.workdays = [d for d in span if calendar.is_workday(dt.date.fromordinal(d))]
        for org_id in self.orgs():
            slow = self.rng.random() < SLOW_ORG_SHARE
            for term in terms:
                start, end = term.start.toordinal(), min(term.end.toordinal(), self.today)
                for _ in range(_pick(self.rng, COUNT_WEIGHTS)):
                    self.request(org_id, randint(self.rng, start, end), slow)
        self.ctx.summary["desk"] = self.count

    def orgs(self) -> list[int]:
        ids = self.ctx.org_ids
        out: list[int] = []
        for unit in self.ctx.plan.units:
            out.append(ids[unit.code])
            out.extend(ids[g.code] for g in unit.generals)
            out.extend(ids[b.code] for b in unit.branches if b.dissolved_on is None)
        return out

    # ---- helpers -------------------------------------------------------------------------------
    def add_workdays(self, day: int, n: int) -> int:
        return self.workdays[bisect.bisect_right(self.workdays, day) + n - 1]

    def workdays_between(self, start: int, end: int) -> int:
        return bisect.bisect_right(self.workdays, end) - bisect.bisect_right(self.workdays, start)

    def stamp(self, day: int, hour: int = 10) -> Any:
        key = day * 24 + hour
        value = self._stamps.get(key)
        if value is None:
            moment = dt.datetime.combine(dt.date.fromordinal(day), dt.time(hour), tzinfo=self.tz)
            value = self._stamps[key] = connection.ops.adapt_datetimefield_value(moment)
        return value

    def event(self, request_id: int, day: int, kind: str, before: str, after: str) -> None:
        text = REPLY if after == RequestStatus.RESOLVED else ""
        self.events.append(
            (
                self.ctx.ids.take(RequestEvent),
                request_id,
                self.stamp(day, 15),
                kind,
                True,
                before,
                after,
                text,
                None,
            )
        )

    # ---- one request ---------------------------------------------------------------------------
    def request(self, org_id: int, submitted: int, slow: bool) -> None:
        rng = self.rng
        self.count += 1
        pk = self.ctx.ids.take(ServiceRequest)
        category = rng.choice(tuple(TITLES))
        priority = Priority.URGENT if rng.random() < URGENT_SHARE else Priority.NORMAL
        policy = self.rules.policy(category, priority)
        response_due = self.add_workdays(submitted, policy.first_response)
        resolution_due = self.add_workdays(submitted, policy.resolution)
        late = slow and rng.random() < SLOW_LATE_SHARE
        took = (
            randint(rng, policy.resolution + 1, policy.resolution + 8)
            if late
            else randint(rng, 1, policy.resolution)
        )
        resolved = self.add_workdays(submitted, took)
        accepted = min(self.add_workdays(submitted, 1), resolved)
        status = RequestStatus.NEW
        resolved_at = closed_at = first_response = None
        within: bool | None = None
        close_reason = ""
        rating: int | None = None
        self.event(pk, submitted, EventKind.SUBMITTED, "", RequestStatus.NEW)
        if accepted <= self.today:
            status = RequestStatus.ACCEPTED if accepted == resolved else RequestStatus.IN_PROGRESS
            first_response = self.stamp(accepted, 15)
            self.event(pk, accepted, EventKind.TRANSITION, RequestStatus.NEW, status)
        if resolved <= self.today:
            self.event(pk, resolved, EventKind.TRANSITION, status, RequestStatus.RESOLVED)
            status = RequestStatus.RESOLVED
            resolved_at = self.stamp(resolved, 15)
            within = resolved <= resolution_due
            confirmed = rng.random() < 0.6
            closing = (
                self.add_workdays(resolved, randint(rng, 1, 3))
                if confirmed
                else self.add_workdays(resolved, self.rules.auto_close_workdays)
            )
            if closing <= self.today:
                self.event(pk, closing, EventKind.TRANSITION, status, RequestStatus.CLOSED)
                status = RequestStatus.CLOSED
                closed_at = self.stamp(closing, 15)
                close_reason = CloseReason.CONFIRMED if confirmed else CloseReason.AUTO
                if rng.random() < 0.5:
                    rating = rng.choice(RATINGS)
        channel = _pick(rng, CHANNELS)
        named = channel != Channel.PUBLIC_FORM or rng.random() < 0.6
        day = dt.date.fromordinal(submitted)
        self.requests.append(
            (
                pk,
                self.uid,
                org_id,
                f"SQ{day:%y%m%d}-{pk:06X}",
                hashlib.sha256(f"{self.ctx.seed}:{pk}".encode()).hexdigest(),
                category,
                priority,
                rng.choice(TITLES[category]),
                "诉求内容（生成数据）",
                not named,
                "师生" if named else "",
                "",
                None,
                channel,
                None,
                None,
                status,
                None,
                self.stamp(submitted, 9),
                self.day(submitted),
                self.day(response_due),
                self.day(resolution_due),
                0,
                None,
                first_response,
                resolved_at,
                within,
                closed_at,
                close_reason,
                0,
                None,
                None,
                None,
                rating,
                "",
                closed_at if rating is not None else None,
            )
        )
