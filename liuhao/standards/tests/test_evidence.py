"""Evidence on the scorecard: every record type a metric returns is named by a human label and
linked to its page, with one query per record type (standards/evidence.py; DESIGN §4)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from liuhao.achievements.tests.factories import AchievementFactory
from liuhao.frontline.tests.factories import VenueFactory
from liuhao.governance.tests.factories import ElectionFactory
from liuhao.ledger.tests.factories import PlanDocumentFactory
from liuhao.standards.evidence import evidence_labels, evidence_types, evidence_url
from liuhao.standards.services.runs import assessment_run
from liuhao.standards.tests.support import DOCUMENT, make_standard
from liuhao.standards.tests.test_views import PERIOD, TODAY, staff_branch

# Every record type the registered metrics return as evidence (MetricValue.records).
RECORD_TYPES = [
    "orgs.organization",
    "orgs.position",
    "orgs.membership",
    "ledger.activity",
    "ledger.plandocument",
    "ledger.contactpair",
    "ledger.contactvisit",
    "ledger.servicerecord",
    "ledger.task",
    "ledger.disclosure",
    "development.developmentcase",
    "governance.funding",
    "governance.election",
    "governance.carerecord",
    "governance.commendation",
    "governance.leaderreport",
    "governance.memberevaluation",
    "frontline.venue",
    "frontline.reception",
    "frontline.proposal",
    "frontline.memberaffair",
    "frontline.serviceitem",
    "frontline.vanguardpost",
    "frontline.news",
    "achievements.commitment",
    "achievements.achievement",
    "achievements.output",
    "achievements.servicebrand",
]


def _checkpoint(code: str, metric: str, frequency: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "title": code,
        "label": code,
        "todo": code,
        "method": "metric",
        "frequency": frequency,
        "metric": metric,
        "rule": {"op": ">=", "target": 1},
        "source": "测试",
        **extra,
    }


def _evidence_standard() -> Any:
    """The test package plus checkpoints proven by a venue, an election, an achievement and a plan."""
    document = copy.deepcopy(DOCUMENT)
    document["code"] = "test-evidence"
    document["dimensions"][0]["criteria"].append(
        {
            "code": "T03",
            "title": "阵地与成果",
            "weight": 20,
            "checkpoints": [
                _checkpoint("T03.1", "ledger.venue_count", "standing"),
                _checkpoint("T03.2", "ledger.election_in_term", "standing"),
                _checkpoint("T03.3", "ledger.achievement_count", "year"),
                _checkpoint(
                    "T03.4",
                    "ledger.plans_on_file",
                    "standing",
                    params={"kinds": "overall_plan"},
                ),
            ],
        }
    )
    return make_standard(document)


def _records(org: Any, n: int = 1) -> dict[str, list[Any]]:
    return {
        "venue": [VenueFactory(org=org, name=f"党员之家{i}") for i in range(n)],
        "election": [
            ElectionFactory(org=org, elected_on=dt.date(2024, 6, 1 + i)) for i in range(n)
        ],
        "achievement": [AchievementFactory(org=org, title=f"育人成果{i}") for i in range(n)],
        "plan": [PlanDocumentFactory(org=org, title=f"建设规划{i}") for i in range(n)],
    }


def _scorecard(client: Any, user: Any, org: Any) -> Any:
    client.force_login(user)
    return client.get(reverse("standards:org-scorecard", args=[org.pk]))


def test_every_record_type_has_a_label_and_a_page() -> None:
    declared = evidence_types()
    assert [key for key in RECORD_TYPES if key not in declared] == []
    for key in RECORD_TYPES:
        kind = declared[key]
        url = evidence_url(key, 1, 1, PERIOD)
        assert url is not None, key
        assert url.startswith("/"), key
        if kind.period:
            assert f"?period={PERIOD}" in url, key


@pytest.mark.parametrize("key", RECORD_TYPES)
def test_labels_read_fields_the_model_has(db: Any, key: str) -> None:
    # Compiles and runs the type's one query (a field missing from the model would raise).
    assert evidence_labels({key: [0]}) == {}


def test_scorecard_names_and_links_venue_election_achievement_and_plan(
    client: Any, tree: Any, actors: Any
) -> None:
    staff_branch(tree.branch)
    made = _records(tree.branch)
    assessment_run(standard=_evidence_standard(), period_code=PERIOD, today=TODAY)

    response = _scorecard(client, actors.committee_member, tree.branch)
    assert response.status_code == 200
    html = response.content.decode()
    venue, election = made["venue"][0], made["election"][0]
    achievement, plan = made["achievement"][0], made["plan"][0]
    links = {
        e.label: e.url
        for d in response.context["card"].dimensions
        for c in d.criteria
        for cp in c.checkpoints
        for e in cp.evidence
    }
    assert links["党员活动室：党员之家0"] == reverse("frontline:venue-detail", args=[venue.pk])
    assert links["换届选举：2024-06-01 换届（任期3年）"] == reverse(
        "governance:election-detail", args=[election.pk]
    )
    assert links["工作成果：2025-10-10 育人成果0"] == reverse(
        "achievements:achievement-detail", args=[achievement.pk]
    )
    ledger_page = reverse("ledger:org-ledger", args=[tree.branch.pk])
    assert links["规划文件：总体规划《建设规划0》（2024-09-01起）"] == (
        f"{ledger_page}?period={PERIOD}#ledger-plans"
    )
    assert plan.org_id == tree.branch.pk
    for label, url in links.items():
        assert f'<a href="{url}">{label}</a>' in html
        assert "#" not in label.split("：", 1)[0], label  # never "类型 #id"


def test_scorecard_evidence_costs_one_query_per_record_type(
    client: Any, tree: Any, actors: Any, django_assert_max_num_queries: Any
) -> None:
    staff_branch(tree.branch)
    standard = _evidence_standard()
    _records(tree.branch, n=1)
    assessment_run(standard=standard, period_code=PERIOD, today=TODAY)
    client.force_login(actors.committee_member)
    url = reverse("standards:org-scorecard", args=[tree.branch.pk])
    client.get(url)  # warm caches (rules, session)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    _records(tree.branch, n=6)
    assessment_run(standard=standard, period_code=PERIOD, today=TODAY)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(url)
    labels = [
        e.label
        for d in response.context["card"].dimensions
        for c in d.criteria
        for cp in c.checkpoints
        for e in cp.evidence
    ]
    assert sum(label.startswith("党员活动室：") for label in labels) == 7
    assert len(many.captured_queries) == len(few.captured_queries)


def test_evidence_urls_by_declared_page() -> None:
    assert evidence_url("governance.memberevaluation", 4) == reverse(
        "governance:memberevaluation-detail", args=[4]
    )
    assert evidence_url("achievements.servicebrand", 4) == reverse(
        "achievements:servicebrand-detail", args=[4]
    )
    # Contact visits have no page of their own: the org's ledger page of the run's period.
    assert evidence_url("ledger.contactvisit", 9, 3, PERIOD) == (
        reverse("ledger:org-ledger", args=[3]) + f"?period={PERIOD}#ledger-visits"
    )
    assert evidence_url("ledger.contactvisit", 9, None, PERIOD) is None  # org not known
    assert evidence_url("unknown.thing", 9) is None
