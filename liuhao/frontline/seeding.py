"""Generator "frontline": venues, studios, receptions, proposals, member affairs, service items,
vanguard posts and news of every college-level org, general branch and active branch of one
university, over the current term and the two before it (Criteria C05, C10, C11, C12.1).

Realistic rates: about 88% of orgs have a fixed, equipped venue; about 85% of the orgs with
representatives have a studio, hold ≥4 receptions a term and submit ≥1 proposal per representative
a year; member affairs mostly complete within 1–5 working days (about 12% of orgs are slow); about
88% publish service items and set up a vanguard post; about 85% publish ≥4 news items a term. So
10–25% of orgs miss some rule. Every draw comes from the university's "frontline" stream; rows go
through the bulk writer. One query per university reads its representatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from liuhao.frontline.choices import (
    AffairKind,
    NewsKind,
    PostKind,
    ProposalKind,
    ProposalStatus,
    VenueKind,
)
from liuhao.frontline.models import (
    MemberAffair,
    News,
    Proposal,
    Reception,
    ServiceItem,
    VanguardMember,
    VanguardPost,
    Venue,
)
from liuhao.ledger.seeding.generator import terms_before
from liuhao.orgs.choices import PositionKind
from liuhao.orgs.models import Position
from liuhao.orgs.seeding.registry import UniversityContext, register
from liuhao.orgs.seeding.stages import chooser, randint

RECORD = ("id", "org_id", "university_id", "entered_at", "entered_by_id")
VENUE_COLUMNS = (
    *RECORD,
    "kind",
    "name",
    "address",
    "is_fixed",
    "equipment",
    "opened_on",
    "closed_on",
)
RECEPTION_COLUMNS = (*RECORD, "representative_id", "venue_id", "held_on", "visitor_count", "issues")
PROPOSAL_COLUMNS = (
    *RECORD,
    "representative_id",
    "kind",
    "title",
    "submitted_on",
    "status",
    "reply",
    "replied_on",
)
AFFAIR_COLUMNS = (*RECORD, "kind", "person_id", "received_on", "completed_on", "note")
ITEM_COLUMNS = (
    *RECORD,
    "name",
    "process",
    "responsible_id",
    "time_limit_days",
    "published_on",
    "withdrawn_on",
)
POST_COLUMNS = (*RECORD, "kind", "name", "duties", "set_up_on", "ended_on")
POST_MEMBER_COLUMNS = ("id", "post_id", "person_id")
NEWS_COLUMNS = (*RECORD, "kind", "title", "body", "url", "published_on")

POST_KINDS = tuple(PostKind.values)
PROPOSAL_KINDS = tuple(ProposalKind.values)
AFFAIR_KINDS = tuple(AffairKind.values)
VENUE_SHARE = 0.88
STUDIO_SHARE = 0.85
RECEPTION_OK_SHARE = 0.85
PROPOSAL_OK_SHARE = 0.85
SLOW_AFFAIRS_SHARE = 0.12
ITEMS_SHARE = 0.88
POST_SHARE = 0.88
NEWS_OK_SHARE = 0.85
EQUIPMENT = "投影仪、电脑、会议桌椅、党建学习资料"
ITEM_NAMES = ("组织关系转接", "党员身份证明", "入党申请受理", "党费收缴咨询", "困难党员帮扶申请")
PROCESS = "提交申请→支部审核→党委审批→办结告知"
ISSUES = ("反映实验室用房紧张", "建议增加青年教师培训", "反映食堂就餐高峰拥挤", "咨询入党程序", "")
TITLES = {
    ProposalKind.PROPOSAL: "关于加强青年教师思想政治工作的提案",
    ProposalKind.SUGGESTION: "关于改善学生党员活动条件的建议",
    ProposalKind.RESEARCH: "关于学院基层党建工作现状的调研报告",
}
NEWS_TITLES = (
    "召开专题组织生活会",
    "开展主题党日活动",
    "关于开展民主评议党员的通知",
    "党员志愿服务进社区",
)


@dataclass(slots=True)
class SeedUnit:
    id: int
    kind: str
    established: int
    members: list[int]
    leaders: list[int]
    representatives: list[int] = field(default_factory=list)


@register(
    "frontline",
    models=(
        Venue,
        Reception,
        Proposal,
        MemberAffair,
        ServiceItem,
        VanguardPost,
        VanguardMember,
        News,
    ),
    order=110,
)
def generate_frontline(ctx: UniversityContext) -> None:
    """Write the service-front records of one university."""
    _Frontline(ctx).run()


class _Frontline:
    def __init__(self, ctx: UniversityContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("frontline")
        self.choice = chooser(self.rng)
        self.today = ctx.today.toordinal()
        self.day = ctx.writer.date
        self.uid = ctx.university_id
        writer = ctx.writer
        self.venues = writer.table(Venue, VENUE_COLUMNS)
        self.receptions = writer.table(Reception, RECEPTION_COLUMNS)
        self.proposals = writer.table(Proposal, PROPOSAL_COLUMNS)
        self.affairs = writer.table(MemberAffair, AFFAIR_COLUMNS)
        self.items = writer.table(ServiceItem, ITEM_COLUMNS)
        self.posts = writer.table(VanguardPost, POST_COLUMNS)
        self.post_members = writer.table(VanguardMember, POST_MEMBER_COLUMNS)
        self.news = writer.table(News, NEWS_COLUMNS)
        self.moments = writer.moments
        self.count = 0

    def run(self) -> None:
        self.ctx.writer.flush()  # positions of this university are in the database now
        units = self.units()
        terms = [t for t in terms_before(self.ctx.today) if t.start.toordinal() <= self.today]
        for unit in units:
            self.standing(unit)
            for term in terms:
                self.term(unit, term.start.toordinal(), min(term.end.toordinal(), self.today))
        self.ctx.summary["frontline"] = self.count

    def units(self) -> list[SeedUnit]:
        ids, members, leaders = self.ctx.org_ids, self.ctx.branch_members, self.ctx.leaders
        out: list[SeedUnit] = []
        for unit in self.ctx.plan.units:
            live = [b for b in unit.branches if b.dissolved_on is None]
            everyone = [p for b in live for p in members.get(ids[b.code], [])]
            out.append(
                SeedUnit(
                    ids[unit.code],
                    unit.kind,
                    unit.established_on.toordinal(),
                    everyone,
                    [p for p, _ in leaders.get(ids[unit.code], [])],
                )
            )
            for general in unit.generals:
                inside = [
                    p
                    for b in live
                    if b.general == general.code
                    for p in members.get(ids[b.code], [])
                ]
                pk = ids[general.code]
                out.append(
                    SeedUnit(
                        pk,
                        "general_branch",
                        general.established_on.toordinal(),
                        inside,
                        [p for p, _ in leaders.get(pk, [])],
                    )
                )
            for branch in live:
                pk = ids[branch.code]
                out.append(
                    SeedUnit(
                        pk,
                        "branch",
                        branch.established_on.toordinal(),
                        members.get(pk, []),
                        [p for p, _ in leaders.get(pk, [])],
                    )
                )
        by_id = {u.id: u for u in out}
        reps = Position.objects.filter(
            university_id=self.uid, kind=PositionKind.REPRESENTATIVE, ended_on__isnull=True
        ).values_list("org_id", "person_id")
        for org_id, person_id in reps:
            if org_id in by_id:
                by_id[org_id].representatives.append(person_id)
        return out

    # ---- helpers -----------------------------------------------------------------------------
    def entered(self, event: int) -> Any:
        roll = self.rng.random()
        delay = randint(self.rng, 0, 3) if roll < 0.97 else randint(self.rng, 31, 90)
        return self.moments(min(event + delay, self.today) * 24 + 20)

    def head(self, model: Any, org: SeedUnit, event: int) -> tuple[Any, ...]:
        self.count += 1
        return (self.ctx.ids.take(model), org.id, self.uid, self.entered(event), None)

    def between(self, first: int, last: int) -> int:
        return randint(self.rng, first, last) if last > first else first

    # ---- standing records --------------------------------------------------------------------
    def standing(self, org: SeedUnit) -> None:
        rng = self.rng
        opened = min(max(org.established, self.today - 1500) + randint(rng, 0, 200), self.today)
        roll = rng.random()
        if roll < VENUE_SHARE:
            self.venue(org, VenueKind.ACTIVITY_ROOM, "党员活动室", opened, True, EQUIPMENT)
        elif roll < VENUE_SHARE + 0.06:
            self.venue(org, VenueKind.OTHER, "借用会议室", opened, False, "")
        org_studio = None
        if org.representatives and rng.random() < STUDIO_SHARE:
            org_studio = self.venue(org, VenueKind.STUDIO, "党代表工作室", opened, True, EQUIPMENT)
        self.studio = org_studio
        responsible = org.leaders or org.members
        if responsible and rng.random() < ITEMS_SHARE:
            for name in rng.sample(ITEM_NAMES, randint(rng, 1, 2)):
                self.items.append(
                    (
                        *self.head(ServiceItem, org, opened),
                        name,
                        PROCESS,
                        self.choice(responsible),
                        self.choice((3, 5, 5, 10)),
                        self.day(opened),
                        None,
                    )
                )
        if org.members and rng.random() < POST_SHARE:
            set_up = min(opened + randint(rng, 0, 300), self.today)
            pk = self.ctx.ids.take(VanguardPost)
            kind = self.choice(POST_KINDS)
            self.count += 1
            self.posts.append(
                (
                    pk,
                    org.id,
                    self.uid,
                    self.entered(set_up),
                    None,
                    kind,
                    PostKind(kind).label,
                    "带头服务师生",
                    self.day(set_up),
                    None,
                )
            )
            picked = rng.sample(org.members, min(len(org.members), randint(rng, 1, 2)))
            chosen = list(dict.fromkeys(picked))  # a person listed twice is named once
            first = self.ctx.ids.take(VanguardMember, len(chosen))
            for i, person in enumerate(chosen):
                self.post_members.append((first + i, pk, person))

    def venue(
        self, org: SeedUnit, kind: str, name: str, opened: int, fixed: bool, equipment: str
    ) -> int:
        row = self.head(Venue, org, opened)
        self.venues.append((*row, kind, name, "", fixed, equipment, self.day(opened), None))
        return int(row[0])

    # ---- per term ----------------------------------------------------------------------------
    def term(self, org: SeedUnit, first: int, last: int) -> None:
        rng = self.rng
        first = max(first, org.established)
        if first > last:
            return
        if org.representatives:
            n = randint(rng, 4, 6) if rng.random() < RECEPTION_OK_SHARE else randint(rng, 1, 3)
            for _ in range(n):
                held = self.between(first, last)
                self.receptions.append(
                    (
                        *self.head(Reception, org, held),
                        self.choice(org.representatives),
                        self.studio,
                        self.day(held),
                        randint(rng, 1, 12),
                        self.choice(ISSUES),
                    )
                )
            active = rng.random() < PROPOSAL_OK_SHARE
            for rep in org.representatives:
                if not active and rng.random() < 0.7:
                    continue
                submitted = self.between(first, last)
                kind = self.choice(PROPOSAL_KINDS)
                replied = submitted + randint(rng, 10, 40)
                answered = replied <= self.today
                self.proposals.append(
                    (
                        *self.head(Proposal, org, submitted),
                        rep,
                        kind,
                        TITLES[ProposalKind(kind)],
                        self.day(submitted),
                        ProposalStatus.REPLIED if answered else ProposalStatus.HANDLING,
                        "已研究并落实" if answered else "",
                        self.day(replied) if answered else None,
                    )
                )
        if org.members:
            slow = rng.random() < SLOW_AFFAIRS_SHARE
            for _ in range(randint(rng, 1, 2)):
                received = self.between(first, last)
                took = randint(rng, 8, 25) if slow else randint(rng, 0, 6)
                done = received + took
                self.affairs.append(
                    (
                        *self.head(MemberAffair, org, received),
                        self.choice(AFFAIR_KINDS),
                        self.choice(org.members),
                        self.day(received),
                        self.day(done) if done <= self.today else None,
                        "",
                    )
                )
        n = randint(rng, 4, 5) if rng.random() < NEWS_OK_SHARE else randint(rng, 1, 3)
        for _ in range(n):
            published = self.between(first, last)
            kind = NewsKind.NOTICE if rng.random() < 0.3 else NewsKind.NEWS
            self.news.append(
                (
                    *self.head(News, org, published),
                    kind,
                    self.choice(NEWS_TITLES),
                    "",
                    "",
                    self.day(published),
                )
            )
