"""Reads of the public portal (公开门户): what an org publishes, open to everyone without log-in.

DESIGN §1: "Public pages show only what is marked public." Every read here is unscoped (no actor)
and therefore returns only fields meant for the public, copied into frozen dataclasses so that a
template never holds a model row with personal data: names of responsible persons and vanguard
members, never their contact data; party-affairs disclosures only when their scope is public; the
request desk only as aggregate counts, never a requester, a request text or an internal note.

Criteria: C07.2 (推进党务公开: public disclosures), C11 (服务事项公开, 党员先锋岗/责任区),
C12 (网上服务: news and notices, the request link), C18 (诉求办理结果与满意度: request statistics).
DESIGN §8 (减负): no scores, no rankings and no league tables on public pages.

Every page reads a constant number of queries, whatever the size of the org or of its subtree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Aggregate, Avg, Count, Exists, OuterRef, Q, QuerySet

from liuhao.core.exceptions import NotFound
from liuhao.core.pagination import Page, paginate
from liuhao.desk.choices import RequestStatus
from liuhao.desk.models import ServiceRequest
from liuhao.desk.rules import desk_rules
from liuhao.frontline.models import News, ServiceItem, VanguardMember, VanguardPost
from liuhao.ledger.choices import DisclosureScope
from liuhao.ledger.models import Disclosure
from liuhao.ledger.overview import term_starts
from liuhao.orgs.choices import OrgKind
from liuhao.orgs.models import Organization, subtree_q
from liuhao.orgs.periods import Period, period_containing
from liuhao.orgs.selectors.scope import orgs_covering
from liuhao.sites.selectors import site_status_of

# The average rating of a group of fewer requests than this is not shown (like a minimum group size
# in published statistics): with two or three ratings a reader could guess who gave which.
MIN_RATINGS_SHOWN = 5
# Lists on an org page stop at these many rows (the newest first).
MAX_ITEMS = 100
MAX_DISCLOSURES = 20
MAX_NEWS = 20
MAX_POSTS = 50
PER_PAGE = 20
# Kinds listed under a university in the index (Party groups have no public page of their own in
# the index; their page still opens by id).
LISTED_KINDS = (OrgKind.COLLEGE_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH)
DONE = (RequestStatus.RESOLVED, RequestStatus.CLOSED)
SAFE_URL_PREFIXES = ("https://", "http://")


# ---- what counts as public ------------------------------------------------------------------------


def _items_in_force(today: dt.date) -> QuerySet[ServiceItem]:
    """C11.1: service items published on or before `today` and not withdrawn by then."""
    return ServiceItem.objects.filter(published_on__lte=today).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today)
    )


def _public_disclosures(today: dt.date) -> QuerySet[Disclosure]:
    """C07.2: only disclosures whose scope is public (党内公开 ones never leave the Party)."""
    return Disclosure.objects.filter(scope=DisclosureScope.PUBLIC, published_on__lte=today)


def _news(today: dt.date) -> QuerySet[News]:
    return News.objects.filter(published_on__lte=today)


def _posts_in_force(today: dt.date) -> QuerySet[VanguardPost]:
    """C11.2: vanguard posts set up on or before `today` and not ended by then."""
    return VanguardPost.objects.filter(set_up_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    )


def has_public_content(today: dt.date) -> Q:
    """A filter true for an org that publishes anything: a service item in force, a public
    disclosure, a news item or notice, or a vanguard post in force. Each probe is an indexed
    EXISTS on (org, date) of one table, so a page of the index costs one query."""
    probes = [
        Exists(qs.filter(org_id=OuterRef("pk")))
        for qs in (
            _items_in_force(today),
            _public_disclosures(today),
            _news(today),
            _posts_in_force(today),
        )
    ]
    return Q(*probes, _connector=Q.OR)


def _name_q(query: str) -> Q:
    """Match an org by name, or by full pinyin or initials ("jsj" finds 计算机学院)."""
    lowered = query.lower().replace(" ", "")
    match = Q(name__icontains=query)
    if lowered.isascii():
        match |= Q(name_pinyin__contains=lowered) | Q(name_initials__contains=lowered)
    return match


# ---- the indexes ------------------------------------------------------------------------------------


def public_university_list(query: str, page: int | str | None) -> Page:
    """The province index: active university committees, by pinyin, filtered by name (`q`), one
    page of `PER_PAGE` (one query, no count). No figures per university: no league table
    (DESIGN §8)."""
    qs = Organization.objects.active().filter(kind=OrgKind.UNIVERSITY_COMMITTEE)
    query = (query or "").strip()
    if query:
        qs = qs.filter(_name_q(query))
    return paginate(qs.order_by("name_pinyin", "pk"), page, PER_PAGE)


def public_university_get(pk: int) -> Organization:
    """An active university committee, else NotFound (404)."""
    university = (
        Organization.objects.active().filter(pk=pk, kind=OrgKind.UNIVERSITY_COMMITTEE).first()
    )
    if university is None:
        raise NotFound("未找到该高校的公开页面")
    return university


def public_org_list(
    university: Organization, query: str, page: int | str | None, today: dt.date
) -> Page:
    """The university index: its active colleges, general branches and branches that publish
    anything (`has_public_content`), in tree order (a college before its branches), filtered by
    name (`q`), one page of `PER_PAGE` with their parent org (one query)."""
    qs = (
        Organization.objects.active()
        .filter(subtree_q(university.path), kind__in=LISTED_KINDS)
        .filter(has_public_content(today))
        .select_related("parent")
    )
    query = (query or "").strip()
    if query:
        qs = qs.filter(_name_q(query))
    return paginate(qs.order_by("path"), page, PER_PAGE)


# ---- an org's page ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublicServiceItem:
    """C11.1 服务事项公开: name, process, responsible person (name only) and time limit."""

    name: str
    process: str
    responsible: str
    time_limit_days: int
    published_on: dt.date


@dataclass(frozen=True, slots=True)
class PublicDisclosure:
    """C07.2 党务公开: a disclosure whose scope is public."""

    title: str
    published_on: dt.date
    channel: str
    content: str


@dataclass(frozen=True, slots=True)
class PublicNews:
    """C12.1 网上发布动态和通知. `link` is empty unless the stored URL is http(s)."""

    kind: str
    kind_label: str
    title: str
    body: str
    link: str
    published_on: dt.date


@dataclass(frozen=True, slots=True)
class PublicPost:
    """C11.2 党员先锋岗、责任区、工作站 with the names of its members (no contact data)."""

    kind_label: str
    name: str
    duties: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemonstrationStatus:
    """An org's demonstration-site status (示范点), e.g. "省级示范点（2026 年命名）"."""

    label: str
    named_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class WindowStats:
    """Requests of one period window (submitted from its start up to the day looked at)."""

    label: str  # 本学期 / 本学年
    period: Period
    received: int
    resolved: int  # resolved or closed
    judged: int  # resolved or closed, or still open past the resolution due date
    on_time: int  # resolved within the time limit
    rated: int
    rating_avg: float | None  # None below MIN_RATINGS_SHOWN ratings

    @property
    def on_time_pct(self) -> int | None:
        return None if not self.judged else round(100 * self.on_time / self.judged)


@dataclass(frozen=True, slots=True)
class RequestStats:
    """C18 (诉求办理) on a public page: the org's subtree, this term and this academic year."""

    windows: tuple[WindowStats, ...]
    rating_max: int
    min_ratings: int = MIN_RATINGS_SHOWN


@dataclass(frozen=True, slots=True)
class OrgPage:
    org: Organization
    ancestors: list[Organization]  # root first, without the org itself
    items: list[PublicServiceItem]
    disclosures: list[PublicDisclosure]
    news: list[PublicNews]
    posts: list[PublicPost]
    stats: RequestStats
    demonstration: DemonstrationStatus | None

    @property
    def is_empty(self) -> bool:
        return not (self.items or self.disclosures or self.news or self.posts)


def public_org_get(pk: int) -> Organization:
    """An active org, else NotFound (404): a dissolved org has no public page."""
    org = Organization.objects.active().filter(pk=pk).first()
    if org is None:
        raise NotFound("未找到该党组织的公开页面")
    return org


def demonstration_status(org: Organization) -> DemonstrationStatus | None:
    """The org's named demonstration-site status (示范点), or None when it has none.

    Reads the demonstration-site cycle (liuhao.sites; DESIGN §4: application → recommendation →
    review → public notice → named → yearly re-check) in one query: a site not revoked by a re-check
    shows as "省级示范点（2026 年命名）"; a revoked one leaves the public page.
    """
    site = site_status_of(org.pk)
    if site is None:
        return None
    return DemonstrationStatus(
        label=f"省级示范点（{site.named_on.year} 年命名）", named_on=site.named_on
    )


def public_items(org: Organization, today: dt.date) -> list[PublicServiceItem]:
    """C11.1: the org's service items in force, by name, with the responsible person's name."""
    rows = (
        _items_in_force(today)
        .filter(org=org)
        .order_by("name", "pk")
        .values_list("name", "process", "responsible__name", "time_limit_days", "published_on")
    )
    return [PublicServiceItem(*row) for row in rows[:MAX_ITEMS]]


def public_disclosures(org: Organization, today: dt.date) -> list[PublicDisclosure]:
    """C07.2: the org's latest public disclosures (never 党内公开 ones)."""
    rows = (
        _public_disclosures(today)
        .filter(org=org)
        .order_by("-published_on", "-pk")
        .values_list("title", "published_on", "channel", "content")
    )
    return [PublicDisclosure(*row) for row in rows[:MAX_DISCLOSURES]]


def _safe_link(url: str) -> str:
    url = (url or "").strip()
    return url if url.lower().startswith(SAFE_URL_PREFIXES) else ""


def public_news(org: Organization, today: dt.date) -> list[PublicNews]:
    """C12.1: the org's latest news and notices; a link only when it is an http(s) URL."""
    labels = dict(News._meta.get_field("kind").choices or [])  # type: ignore[arg-type]
    rows = (
        _news(today)
        .filter(org=org)
        .order_by("-published_on", "-pk")
        .values_list("kind", "title", "body", "url", "published_on")
    )
    return [
        PublicNews(kind, str(labels.get(kind, kind)), title, body, _safe_link(url), published_on)
        for kind, title, body, url, published_on in rows[:MAX_NEWS]
    ]


def public_posts(org: Organization, today: dt.date) -> list[PublicPost]:
    """C11.2: the org's vanguard posts, areas and stations in force with their members' names
    (two queries: the posts, then the names of all their members)."""
    labels = dict(VanguardPost._meta.get_field("kind").choices or [])  # type: ignore[arg-type]
    posts = list(
        _posts_in_force(today)
        .filter(org=org)
        .order_by("kind", "name", "pk")
        .values_list("pk", "kind", "name", "duties")[:MAX_POSTS]
    )
    names: dict[int, list[str]] = {pk: [] for pk, *_ in posts}
    members = (
        VanguardMember.objects.filter(post_id__in=list(names))
        .order_by("person__name_pinyin", "person_id")
        .values_list("post_id", "person__name")
    )
    for post_id, name in members:
        names[post_id].append(name)
    return [
        PublicPost(str(labels.get(kind, kind)), name, duties, tuple(names[pk]))
        for pk, kind, name, duties in posts
    ]


def request_stats(org: Organization, today: dt.date) -> RequestStats:
    """C18 / C07.3 on the public page: requests routed to the org or its subtree (desk), for the
    current term and academic year of the university's calendar, up to `today`.

    One grouped aggregate query (conditional counts for both windows: the term lies inside the
    year): received; resolved (resolved or closed); resolved within the time limit out of the
    judged requests (resolved or closed, or still open past the resolution due date — the rule of
    the desk's `desk.resolved_within_sla_rate`, so an unanswered request counts against the org);
    and the average rating of the rated ones, shown only from `MIN_RATINGS_SHOWN` ratings on.
    Only counts leave the query: no requester, text or note."""
    starts = term_starts(org)
    term = period_containing(today, "term", starts)
    year = period_containing(today, "year", starts)
    university_id = org.university_id or org.pk
    qs = ServiceRequest.objects.filter(
        subtree_q(org.path, "org__path"),
        university_id=university_id,
        submitted_on__gte=year.start,  # the term lies inside its academic year
        submitted_on__lte=today,
    ).order_by()
    done = Q(status__in=DONE)
    judged = done | Q(resolution_due__lt=today)
    on_time = done & Q(resolved_within_sla=True)
    rated = Q(rating__isnull=False)
    windows = {"term": Q(submitted_on__gte=term.start), "year": Q(submitted_on__gte=year.start)}
    aggregates: dict[str, Aggregate] = {}
    for key, window in windows.items():
        aggregates[f"{key}_received"] = Count("pk", filter=window)
        aggregates[f"{key}_resolved"] = Count("pk", filter=window & done)
        aggregates[f"{key}_judged"] = Count("pk", filter=window & judged)
        aggregates[f"{key}_on_time"] = Count("pk", filter=window & on_time)
        aggregates[f"{key}_rated"] = Count("pk", filter=window & rated)
        aggregates[f"{key}_avg"] = Avg("rating", filter=window & rated)
    values = qs.aggregate(**aggregates)

    def window_stats(key: str, label: str, period: Period) -> WindowStats:
        count = values[f"{key}_rated"] or 0
        avg = values[f"{key}_avg"]
        return WindowStats(
            label=label,
            period=period,
            received=values[f"{key}_received"] or 0,
            resolved=values[f"{key}_resolved"] or 0,
            judged=values[f"{key}_judged"] or 0,
            on_time=values[f"{key}_on_time"] or 0,
            rated=count,
            rating_avg=(
                round(float(avg), 1) if avg is not None and count >= MIN_RATINGS_SHOWN else None
            ),
        )

    return RequestStats(
        windows=(window_stats("term", "本学期", term), window_stats("year", "本学年", year)),
        rating_max=desk_rules().rating.max,
    )


def public_org_page(org: Organization, today: dt.date) -> OrgPage:
    """Everything the public page of an active org shows (C07.2, C11, C12, C18), in a constant
    number of queries: ancestors, calendar, items, disclosures, news, posts, their members and
    one aggregate of the requests."""
    ancestors = [
        o
        for o in Organization.objects.filter(path__in=orgs_covering([org.path])).order_by("path")
        if o.pk != org.pk
    ]
    return OrgPage(
        org=org,
        ancestors=ancestors,
        items=public_items(org, today),
        disclosures=public_disclosures(org, today),
        news=public_news(org, today),
        posts=public_posts(org, today),
        stats=request_stats(org, today),
        demonstration=demonstration_status(org),
    )
