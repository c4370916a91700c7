"""The answering page (/s/) and the results pages (/surveys/): the token leaves the URL, an answer
is stored once, a retry says 已提交, forged/expired/closed tokens get one page, missing answers are
named, and results are scoped (issue 6 items 4, 6, 7)."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from liuhao.surveys.models import Ballot, Invitation, Question, Response
from liuhao.surveys.public_views import SESSION_KEY
from liuhao.surveys.services import INVALID_LINK_MESSAGE, survey_answer, survey_close
from liuhao.surveys.tests.support import DAY, opened, sheet, staff

pytestmark = pytest.mark.django_db

INVALID = INVALID_LINK_MESSAGE


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2025-11-10 10:00 +0800", tick=False):
        yield


def enter(client, token):
    """Open the printed link and follow the redirect to the token-free page."""
    response = client.get(f"/s/{token}/")
    assert response.status_code == 302
    assert token not in response["Location"]
    return response["Location"]


def message(response):
    """The message section of a page (the rest differs only by the CSRF token)."""
    html = response.content.decode()
    return html[html.index('id="survey-message"') : html.index("</section>")]


def post_data(survey, level="2", text=""):
    return {
        f"q{q.pk}": (level if q.kind == "likert" else text)
        for q in Question.objects.filter(survey=survey)
    }


def test_the_link_moves_the_token_to_the_session_and_shows_the_form(client, tree, actors):
    staff(tree.branch, members=2)
    survey, tokens = opened(actors.committee_member, tree.branch)
    token = next(iter(tokens.values()))
    url = enter(client, token)
    assert url == reverse("surveys_public:survey-answer", args=[survey.pk])
    assert token not in str(dict(client.session))  # only the hash is kept
    assert list(client.session[SESSION_KEY]) == [str(survey.pk)]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert f"<span>{label}</span>" in html
    assert 'type="radio"' in html and "<textarea" in html and token not in html


def test_answer_is_stored_once_and_a_retry_says_already(client, tree, actors):
    staff(tree.branch, members=2)
    survey, tokens = opened(actors.committee_member, tree.branch)
    url = enter(client, next(iter(tokens.values())))
    data = post_data(survey, "1", "希望多组织志愿活动")
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == "/s/done/"
    done = client.get("/s/done/").content.decode()
    assert "感谢参与" in done and "志愿活动" not in done
    assert Ballot.objects.count() + Response.objects.count() == 1
    assert Invitation.objects.filter(used=True).count() == 1
    retry = client.post(url, data)  # the browser resends the form
    assert retry.status_code == 200 and "已提交" in retry.content.decode()
    assert client.get(url).content.decode().count("已提交") >= 1
    assert Ballot.objects.count() + Response.objects.count() == 1


def test_forged_expired_and_closed_tokens_get_the_same_page(client, tree, actors):
    staff(tree.branch, members=5)
    survey, tokens = opened(actors.committee_member, tree.branch)
    forged = client.get("/s/" + "A" * 22 + "/")
    assert forged.status_code == 404 and INVALID in forged.content.decode()
    no_session = client.get(reverse("surveys_public:survey-answer", args=[survey.pk]))
    assert no_session.status_code == 404 and INVALID in no_session.content.decode()
    token = next(iter(tokens.values()))
    url = enter(client, token)
    survey_close(actor=actors.committee_member, survey=survey)
    closed = client.get(f"/s/{token}/")
    assert closed.status_code == 404 and message(closed) == message(forged)
    posted = client.post(url, post_data(survey))
    assert posted.status_code == 404 and message(posted) == message(forged)
    with time_machine.travel("2025-12-01 10:00 +0800", tick=False):
        expired = client.get(f"/s/{list(tokens.values())[1]}/")
    assert expired.status_code == 404 and message(expired) == message(forged)


def test_a_missing_answer_is_named_and_nothing_is_stored(client, tree, actors):
    staff(tree.branch, members=2)
    survey, tokens = opened(actors.committee_member, tree.branch)
    url = enter(client, next(iter(tokens.values())))
    first = Question.objects.filter(survey=survey).order_by("order").first()
    data = post_data(survey)
    data[f"q{first.pk}"] = ""
    response = client.post(url, data)
    assert response.status_code == 400
    assert f"请回答第1题“{first.text}”" in response.content.decode()
    data[f"q{first.pk}"] = "9"
    response = client.post(url, data)
    assert response.status_code == 400
    assert f"第1题“{first.text}”的选项无效" in response.content.decode()
    assert not Ballot.objects.exists() and not Invitation.objects.filter(used=True).exists()


def test_results_show_rates_with_intervals(client, tree, actors, django_assert_max_num_queries):
    staff(tree.branch, members=6)
    survey, tokens = opened(actors.committee_member, tree.branch)
    for token, level in zip(tokens.values(), [1, 2, 3, 1, 2, 4], strict=False):
        survey_answer(token=token, answers=sheet(survey, level), today=DAY)
    client.force_login(actors.committee_member)
    live = client.get(reverse("surveys:survey-detail", args=[survey.pk])).content.decode()
    assert "实时参与情况" in live and "85.7%" in live  # 6 of 7 invited
    survey_close(actor=actors.committee_member, survey=survey)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("surveys:survey-detail", args=[survey.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "83.3%" in html and "95% 置信区间" in html  # 20 of 24 Likert answers satisfied
    listing = client.get(reverse("surveys:survey-list", args=[tree.branch.pk]))
    assert survey.title in listing.content.decode()


def test_small_groups_are_hidden(client, tree, actors):
    staff(tree.branch, members=6)
    survey, tokens = opened(actors.committee_member, tree.branch)
    for token in list(tokens.values())[:3]:
        survey_answer(token=token, answers=sheet(survey, 1), today=DAY)
    survey_close(actor=actors.committee_member, survey=survey)
    client.force_login(actors.committee_member)
    html = client.get(reverse("surveys:survey-detail", args=[survey.pk])).content.decode()
    assert "不公布满意度" in html and "100.0%" not in html
    assert "data-plotly" not in html and "plotly.min.js" not in html  # never charted


def test_results_are_scoped(client, tree, actors):
    staff(tree.branch, members=2)
    survey, _ = opened(actors.committee_member, tree.branch)
    detail = reverse("surveys:survey-detail", args=[survey.pk])
    listing = reverse("surveys:survey-list", args=[tree.branch.pk])
    assert client.get(detail).status_code == 302  # log-in first
    client.force_login(actors.outsider)
    assert client.get(detail).status_code == 404
    assert client.get(listing).status_code == 404
    client.force_login(actors.party_member)
    assert client.get(detail).status_code in (403, 404)
    assert client.get(listing).status_code in (403, 404)
    for reader in (actors.reviewer, actors.org_secretary):
        client.force_login(reader)
        assert client.get(detail).status_code == 200
    client.force_login(actors.committee_member)
    org_page = client.get(reverse("orgs:org-detail", args=[tree.branch.pk])).content.decode()
    assert listing in org_page
