"""Portal selectors: only public content, request statistics of the subtree with a minimum group
size for ratings, the indexes (orgs with anything public, search, pages) and constant queries."""

from __future__ import annotations

import datetime as dt

import pytest

from liuhao.core.exceptions import NotFound
from liuhao.desk.choices import RequestStatus as S
from liuhao.frontline.tests.factories import NewsFactory, ServiceItemFactory, VanguardPostFactory
from liuhao.ledger.tests.factories import DisclosureFactory
from liuhao.orgs.tests.factories import OrganizationFactory, PersonFactory
from liuhao.portal import selectors as sel
from liuhao.portal.tests.conftest import make_request

pytestmark = pytest.mark.django_db


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ---- shown vs hidden ---------------------------------------------------------------------------------


def test_org_page_shows_only_what_is_public_and_in_force(tree, today):
    person = PersonFactory(unit=tree.branch, name="李责任", number="T7654321")
    ServiceItemFactory(org=tree.branch, name="党员证明", responsible=person, time_limit_days=3)
    ServiceItemFactory(
        org=tree.branch, name="已撤下", responsible=person, withdrawn_on=d("2026-01-05")
    )
    ServiceItemFactory(
        org=tree.branch, name="未来才公开", responsible=person, published_on=d("2026-05-01")
    )
    ServiceItemFactory(org=tree.other_branch, name="兄弟支部事项", responsible=person)
    DisclosureFactory(org=tree.branch, title="支部换届结果", scope="public")
    DisclosureFactory(org=tree.branch, title="党内通报", scope="internal")
    NewsFactory(org=tree.branch, title="主题党日", kind="news")
    NewsFactory(org=tree.branch, title="明日通知", published_on=d("2026-04-16"))
    VanguardPostFactory(org=tree.branch, name="实验室先锋岗", people=[person])
    VanguardPostFactory(org=tree.branch, name="已撤销岗", ended_on=d("2026-03-01"))

    page = sel.public_org_page(tree.branch, today)

    assert [(i.name, i.responsible, i.time_limit_days) for i in page.items] == [
        ("党员证明", "李责任", 3)
    ]
    assert [x.title for x in page.disclosures] == ["支部换届结果"]
    assert [(n.title, n.kind_label) for n in page.news] == [("主题党日", "工作动态")]
    assert [(p.name, p.kind_label, p.members) for p in page.posts] == [
        ("实验室先锋岗", "党员先锋岗", ("李责任",))
    ]
    assert [a.pk for a in page.ancestors] == [tree.university.pk, tree.college.pk]
    assert not page.is_empty
    assert sel.demonstration_status(tree.branch) is None and page.demonstration is None


def test_news_links_only_to_http_urls(tree, today):
    NewsFactory(org=tree.branch, title="外链", url="https://example.edu.cn/n/1")
    NewsFactory(org=tree.branch, title="脚本", url="javascript:alert(1)")
    links = {n.title: n.link for n in sel.public_news(tree.branch, today)}
    assert links == {"外链": "https://example.edu.cn/n/1", "脚本": ""}


def test_dissolved_or_unknown_org_is_not_found(tree):
    tree.other_branch.dissolved_on = d("2026-01-01")
    tree.other_branch.save()
    with pytest.raises(NotFound):
        sel.public_org_get(tree.other_branch.pk)
    with pytest.raises(NotFound):
        sel.public_org_get(999_999)
    with pytest.raises(NotFound):
        sel.public_university_get(tree.college.pk)  # not a university
    assert sel.public_org_get(tree.branch.pk) == tree.branch


# ---- request statistics ------------------------------------------------------------------------------


def test_request_stats_count_the_subtree_per_term_and_year(tree, today):
    make_request(tree.branch, d("2025-10-10"), S.CLOSED, within=True, rating=5)  # year only
    make_request(tree.branch, d("2026-03-02"), S.RESOLVED, within=False)  # term, late
    make_request(tree.branch, d("2026-03-10"), S.IN_PROGRESS, due=d("2026-03-20"))  # overdue
    make_request(tree.other_branch, d("2026-04-14"), S.NEW, due=d("2026-04-28"))  # not judged
    make_request(tree.branch, d("2025-08-20"), S.CLOSED)  # previous academic year
    make_request(tree.branch, d("2026-04-16"), S.NEW)  # after the day looked at
    make_request(tree.other_college, d("2026-03-03"), S.CLOSED)  # outside the college
    make_request(tree.other_univ_branch, d("2026-03-03"), S.CLOSED)  # another university

    branch = sel.request_stats(tree.branch, today)
    term, year = branch.windows
    assert (term.label, term.period.code, year.period.code) == (
        "本学期",
        "2025-2026-2",
        "2025-2026",
    )
    assert (term.received, term.resolved, term.judged, term.on_time) == (2, 1, 2, 0)
    assert term.on_time_pct == 0
    assert (year.received, year.resolved, year.judged, year.on_time) == (3, 2, 3, 1)
    assert year.on_time_pct == 33
    assert (year.rated, year.rating_avg) == (1, None)  # one rating: below the minimum group
    assert branch.rating_max == 5

    college_term, college_year = sel.request_stats(tree.college, today).windows
    assert (college_term.received, college_year.received) == (3, 4)  # the sibling branch rolls up
    assert college_term.judged == 2  # the sibling's request is not due yet
    university_year = sel.request_stats(tree.university, today).windows[1]
    assert university_year.received == 5  # the other college too, never the other university


def test_average_rating_needs_at_least_five_ratings(tree, today):
    for rating in (5, 4, 4, 5):
        make_request(tree.branch, d("2026-03-02"), S.CLOSED, rating=rating)
    make_request(tree.branch, d("2026-03-02"), S.CLOSED)  # closed, not rated
    term = sel.request_stats(tree.branch, today).windows[0]
    assert (term.rated, term.rating_avg) == (4, None)

    make_request(tree.branch, d("2026-03-05"), S.CLOSED, rating=3)
    term = sel.request_stats(tree.branch, today).windows[0]
    assert (term.rated, term.rating_avg) == (5, 4.2)
    assert (term.resolved, term.on_time_pct) == (6, 100)


def test_no_requests_give_zero_counts_and_no_rate(tree, today):
    term, year = sel.request_stats(tree.branch, today).windows
    assert (term.received, year.received, term.on_time_pct, year.rating_avg) == (0, 0, None, None)


# ---- indexes -------------------------------------------------------------------------------------------


def test_university_index_lists_orgs_with_anything_public(tree, today):
    person = PersonFactory(unit=tree.college)
    quiet = OrganizationFactory(parent=tree.college, name="无公开内容支部")
    internal_only = OrganizationFactory(parent=tree.college, name="仅党内公开支部")
    DisclosureFactory(org=internal_only, scope="internal")
    gone = OrganizationFactory(parent=tree.college, name="已撤销支部", dissolved_on=d("2026-01-01"))
    NewsFactory(org=gone)
    withdrawn = OrganizationFactory(parent=tree.college, name="事项已撤下支部")
    ServiceItemFactory(org=withdrawn, responsible=person, withdrawn_on=d("2026-01-01"))
    NewsFactory(org=tree.branch)
    ServiceItemFactory(org=tree.college, responsible=person)
    DisclosureFactory(org=tree.other_branch, scope="public")
    VanguardPostFactory(org=tree.other_college)
    NewsFactory(org=tree.other_univ_branch)

    listed = sel.public_org_list(tree.university, "", 1, today).items

    assert listed == [tree.college, tree.branch, tree.other_branch, tree.other_college]
    assert {quiet, internal_only, gone, withdrawn}.isdisjoint(listed)
    assert sel.public_org_list(tree.university, "研究生", 1, today).items == [tree.other_branch]
    assert sel.public_org_list(tree.university, "wgy", 1, today).items == [tree.other_college]


def test_indexes_are_paginated_and_searchable(tree, today):
    for n in range(23):
        NewsFactory(org=OrganizationFactory(parent=tree.other_college, name=f"外语支部{n:02d}"))
    first = sel.public_org_list(tree.university, "外语支部", 1, today)
    second = sel.public_org_list(tree.university, "外语支部", "2", today)
    assert (len(first.items), first.has_next, len(second.items), second.has_next) == (
        20,
        True,
        3,
        False,
    )
    assert sel.public_org_list(tree.university, "外语支部", "x", today).number == 1

    for n in range(21):
        OrganizationFactory(kind="university_committee", name=f"江苏第{n:02d}学院党委")
    OrganizationFactory(
        kind="university_committee", name="已撤销大学党委", dissolved_on=d("2025-01-01")
    )
    universities = sel.public_university_list("", 1)
    assert len(universities.items) == 20 and universities.has_next
    assert sel.public_university_list("", 2).items[-1].name != "已撤销大学党委"
    assert sel.public_university_list("南京示范", 1).items == [tree.university]
    assert sel.public_university_list("已撤销", 1).items == []


# ---- constant queries ------------------------------------------------------------------------------------


def _fill(tree, count: int) -> None:
    people = [PersonFactory(unit=tree.branch) for _ in range(3)]
    for n in range(count):
        ServiceItemFactory(org=tree.branch, name=f"事项{n}", responsible=people[n % 3])
        DisclosureFactory(org=tree.branch, scope="public")
        NewsFactory(org=tree.branch)
        VanguardPostFactory(org=tree.branch, name=f"岗{n}", people=people)
        make_request(tree.branch, d("2026-03-02"), S.CLOSED, rating=4)
        NewsFactory(org=OrganizationFactory(parent=tree.college))


@pytest.mark.parametrize("count", [1, 12])
def test_pages_read_a_constant_number_of_queries(tree, today, count, django_assert_max_num_queries):
    _fill(tree, count)
    with django_assert_max_num_queries(9):
        page = sel.public_org_page(tree.branch, today)
        [p.members for p in page.posts]
    assert len(page.posts) == count and all(len(p.members) == 3 for p in page.posts)
    with django_assert_max_num_queries(1):
        rows = sel.public_org_list(tree.university, "", 1, today).items
        [o.parent.name for o in rows]
    with django_assert_max_num_queries(1):
        sel.public_university_list("", 1)
