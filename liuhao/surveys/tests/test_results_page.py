"""The results page's charts (issue 6 item 6): figures embedded as JSON beside their tables, drawn
by the locally served plotly; hidden groups and questions of a too small survey never charted."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from liuhao.surveys.services import survey_answer, survey_close
from liuhao.surveys.tests.support import DAY, opened, sheet, staff

pytestmark = pytest.mark.django_db


def figure(html: str, element_id: str) -> dict | None:
    marker = f'<script id="{element_id}" type="application/json">'
    if marker not in html:
        return None
    start = html.index(marker) + len(marker)
    return json.loads(html[start : html.index("</script>", start)])


def test_charts_show_shown_groups_only(client, tree, actors, django_assert_max_num_queries):
    staff(tree.branch, members=6, students=2)
    survey, tokens = opened(actors.committee_member, tree.branch)
    for token, level in zip(tokens.values(), [1, 2, 3, 4, 1, 2, 5, 1, 2], strict=True):
        survey_answer(token=token, answers=sheet(survey, level), today=DAY)
    survey_close(actor=actors.committee_member, survey=survey)
    client.force_login(actors.committee_member)
    with django_assert_max_num_queries(20):
        html = client.get(reverse("surveys:survey-detail", args=[survey.pk])).content.decode()
    assert "vendor/plotly/plotly.min.js" in html and "cdn" not in html.lower()
    audiences = figure(html, "audience-chart-data")
    assert audiences is not None
    bar = audiences["data"][0]
    # members (7) would reveal the 2 students by subtraction from the overall: only the overall
    assert bar["x"] == ["总体"]
    assert bar["error_y"]["array"][0] > 0 and bar["error_y"]["arrayminus"][0] > 0
    levels = figure(html, "levels-chart-data")
    assert levels is not None
    assert [t["name"] for t in levels["data"]] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    assert levels["data"][0]["y"] == ["第1题", "第2题", "第3题", "第4题"]
    assert levels["data"][0]["customdata"][0] == 3  # three sheets at level 1
    assert sum(t["x"][0] for t in levels["data"]) == pytest.approx(100, abs=0.5)
    assert "以免推算小群体" in html and "按答卷计算" in html
