"""The surveys' reads: the roster to invite, live progress, reminders and aggregated results.

Criteria C18.1, C01.2, C09.1–2. Results are computed with grouped queries (one per table), never
per respondent, and never expose who answered what: the results tables hold no person. A group
(an audience, or the whole survey) with fewer respondents than the survey's minimum group size
shows counts only, no rates (issue 6 item 3).
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import secrets
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import reduce
from typing import Any

from django.db.models import Count, Q, QuerySet

from liuhao.orgs.choices import MembershipStage, PersonCategory
from liuhao.orgs.models import Membership, Person
from liuhao.orgs.models.tree import subtree_q
from liuhao.surveys.choices import Audience, QuestionKind, SurveyStatus
from liuhao.surveys.models import Answer, Invitation, Question, Response, Survey

MEMBER_STAGES = (MembershipStage.PROBATIONARY, MembershipStage.FULL)
STAFF = (PersonCategory.TEACHER, PersonCategory.STAFF)
Z95 = 1.959963984540054


# ---- roster ------------------------------------------------------------------------------------------


def _in_scope(survey: Survey, field: str) -> Q:
    org = survey.org
    return subtree_q(org.path, f"{field}__path") if survey.include_subtree else Q(**{field: org})


def _present(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": on})


def roster_of(survey: Survey, on: dt.date) -> list[tuple[int, str]]:
    """(person id, audience) of every eligible person, each once, under the first of the survey's
    audiences that holds them: members are the open probationary and full memberships of the
    org (and its subtree when included); teachers (teachers and staff), students and everyone are
    the persons whose unit is the org (or in its subtree). Persons who left are not invited."""
    seen: set[int] = set()
    out: list[tuple[int, str]] = []
    for audience in survey.audiences:
        if audience == Audience.MEMBERS:
            ids: QuerySet[Any] = Membership.objects.filter(
                _in_scope(survey, "org"),
                _present(on, "person__"),
                Q(ended_on__isnull=True) | Q(ended_on__gt=on),
                stage__in=MEMBER_STAGES,
            ).values_list("person_id", flat=True)
        else:
            people = Person.objects.filter(_in_scope(survey, "unit"), _present(on))
            if audience == Audience.TEACHERS:
                people = people.filter(category__in=STAFF)
            elif audience == Audience.STUDENTS:
                people = people.filter(category=PersonCategory.STUDENT)
            ids = people.values_list("pk", flat=True)
        for pk in sorted(set(ids.order_by())):
            if pk not in seen:
                seen.add(pk)
                out.append((pk, audience))
    return out


# ---- progress and reminders --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AudienceProgress:
    audience: str
    label: str
    invited: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


def survey_progress(survey: Survey) -> list[AudienceProgress]:
    """The live response rate per audience (one grouped query on the invitations' used flags)."""
    rows = (
        Invitation.objects.filter(survey=survey)
        .values("audience")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(used=True)))
        .order_by()
    )
    by = {r["audience"]: r for r in rows}
    return [
        AudienceProgress(
            audience=a,
            label=Audience(a).label,
            invited=by.get(a, {}).get("invited", 0),
            answered=by.get(a, {}).get("answered", 0),
        )
        for a in survey.audiences
    ]


def survey_reminders(survey: Survey) -> QuerySet[Invitation]:
    """The invitations not yet answered, with their person, for reminders (the used flag holds no
    answer, so reading it reveals nothing of what anyone answered)."""
    return (
        Invitation.objects.filter(survey=survey, used=False)
        .select_related("person")
        .order_by("audience", "person__number")
    )


# ---- answering ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnswerSheet:
    """What the answering page shows for a token: the survey's title, org name and questions, and
    whether the token was used. Never the person."""

    survey_id: int
    title: str
    org_name: str
    closes_on: dt.date
    used: bool
    questions: tuple[Question, ...]


def answer_sheet_get(digest: str, today: dt.date) -> AnswerSheet | None:
    """The sheet of the invitation whose token hashes to `digest`, or None when the token cannot
    answer today (unknown, or its survey is not open on `today`): the same conditions as
    `survey_answer`, so the page and the service refuse alike (ADR 0014, item 5)."""
    invitation = (
        Invitation.objects.select_related("survey__org")
        .filter(
            token_hash=digest,
            survey__status=SurveyStatus.OPEN,
            survey__opens_on__lte=today,
            survey__closes_on__gte=today,
        )
        .only("pk", "used", "survey__id", "survey__title", "survey__closes_on", "survey__org__name")
        .first()
    )
    if invitation is None:
        return None
    survey = invitation.survey
    return AnswerSheet(
        survey_id=survey.pk,
        title=survey.title,
        org_name=survey.org.name,
        closes_on=survey.closes_on,
        used=invitation.used,
        questions=tuple(Question.objects.filter(survey_id=survey.pk).order_by("order")),
    )


# ---- listing -----------------------------------------------------------------------------------------


def survey_list(org: Any) -> QuerySet[Survey]:
    """The surveys of one org, newest first (the caller checks the actor may read results)."""
    return Survey.objects.filter(org=org).order_by("-opens_on", "-id")


# ---- results -----------------------------------------------------------------------------------------


def wilson(successes: float, total: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval (95% by default) of a proportion; None without observations.
    `successes` may be fractional: the sum of the respondents' satisfied shares (see `Rate`)."""
    if total <= 0:
        return None
    p = successes / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(max(p * (1 - p), 0.0) / total + z * z / (4 * total * total)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True, slots=True)
class Rate:
    """A satisfaction rate with its Wilson 95% interval. `hidden` when the group has fewer
    respondents than the minimum group size: then no rate is given.

    For one question, `satisfied` answers out of `total` answers (one per respondent, so the
    trials are independent). For a group (the whole survey, an audience) the rate is computed per
    respondent (`per_respondent`): each respondent's share of satisfied answers over the Likert
    questions they answered, averaged over the `total` respondents; `satisfied` is the sum of the
    shares. Pooling all answers as independent trials would make the interval too narrow, as one
    person's answers to several questions go together. The interval is Wilson's with n = the
    respondents: a share in [0, 1] with mean p has a variance of at most p(1 − p), so this is never
    narrower than the interval over respondents (docs/architecture.md "Surveys").
    """

    satisfied: float
    total: int
    respondents: int
    hidden: bool
    per_respondent: bool = False

    @property
    def value(self) -> float | None:
        return None if self.hidden or not self.total else self.satisfied / self.total

    @property
    def interval(self) -> tuple[float, float] | None:
        return None if self.hidden else wilson(self.satisfied, self.total)


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question_id: int
    order: int
    text: str
    kind: str
    levels: tuple[str, ...]
    counts: tuple[int, ...]  # per level, best first (all zero when hidden)
    rate: Rate | None  # Likert questions only
    satisfied: tuple[int, ...] = ()  # the levels counted as satisfied (1-based)

    @property
    def satisfied_labels(self) -> tuple[str, ...]:
        return tuple(self.levels[i - 1] for i in self.satisfied if 0 < i <= len(self.levels))

    @property
    def shown(self) -> bool:
        """A Likert question whose counts and rate may be shown (its group is large enough)."""
        return self.rate is not None and not self.rate.hidden


@dataclass(frozen=True, slots=True)
class AudienceResult:
    audience: str
    label: str
    invited: int
    answered: int
    respondents: int  # counted answer sheets
    rate: Rate

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


@dataclass(frozen=True, slots=True)
class SurveyResults:
    survey_id: int
    invited: int
    answered: int
    respondents: int
    overall: Rate
    questions: tuple[QuestionResult, ...]
    audiences: tuple[AudienceResult, ...]

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


Tally = dict[tuple[int, str, int], int]  # (question, audience, level) → answers
Shares = dict[tuple[int, str], tuple[int, float]]  # (survey, audience) → (respondents, Σ shares)


def _tallies(survey_ids: list[int]) -> dict[int, Tally]:
    """survey → (question, audience, level) → answers: one grouped query."""
    rows = (
        Answer.objects.filter(response__survey_id__in=survey_ids, level__isnull=False)
        .values_list("response__survey_id", "question_id", "response__audience", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[int, Tally] = {pk: {} for pk in survey_ids}
    for s, q, a, lv, n in rows:
        out[s][(q, a, lv)] = n
    return out


def _shares(questions: list[Question]) -> Shares:
    """Per (survey, audience): the respondents with at least one Likert answer and the sum of their
    satisfied shares (satisfied answers / Likert answers of the sheet). One query grouped by answer
    sheet; the satisfied levels are each question's own copy (the package's formula)."""
    by_levels: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for q in questions:
        if q.kind == QuestionKind.LIKERT:
            by_levels[tuple(sorted(q.satisfied))].append(q.pk)
    if not by_levels:
        return {}
    satisfied = reduce(
        operator.or_, (Q(question_id__in=ids, level__in=lv) for lv, ids in by_levels.items())
    )
    rows = (
        Answer.objects.filter(
            question_id__in=[pk for ids in by_levels.values() for pk in ids], level__isnull=False
        )
        .values_list("response_id", "response__survey_id", "response__audience")
        .annotate(total=Count("pk"), ok=Count("pk", filter=satisfied))
        .order_by()
    )
    out: dict[tuple[int, str], tuple[int, float]] = {}
    for _, s, a, total, ok in rows:
        n, sum_share = out.get((s, a), (0, 0.0))
        out[(s, a)] = (n + 1, sum_share + ok / total)
    return out


def _respondents(survey_ids: list[int]) -> dict[tuple[int, str], int]:
    rows = (
        Response.objects.filter(survey_id__in=survey_ids)
        .values_list("survey_id", "audience")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(s, a): n for s, a, n in rows}


def _answered(survey_ids: list[int]) -> dict[tuple[int, str], tuple[int, int]]:
    rows = (
        Invitation.objects.filter(survey_id__in=survey_ids)
        .values_list("survey_id", "audience")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(used=True)))
        .order_by()
    )
    return {(s, a): (i, n) for s, a, i, n in rows}


def _question_rate(q: Question, tally: Tally, respondents: int, min_group: int) -> Rate:
    satisfied = total = 0
    for (qid, _, level), n in tally.items():
        if qid == q.pk:
            total += n
            satisfied += n if level in q.satisfied else 0
    return Rate(satisfied, total, respondents, hidden=respondents < min_group)


def _group_rate(
    shares: Shares, survey_id: int, audiences: list[str], respondents: int, min_group: int
) -> Rate:
    n = sum(shares.get((survey_id, a), (0, 0.0))[0] for a in audiences)
    total = sum(shares.get((survey_id, a), (0, 0.0))[1] for a in audiences)
    return Rate(total, n, respondents, hidden=respondents < min_group, per_respondent=True)


def _complement_hidden(audiences: list[AudienceResult]) -> list[AudienceResult]:
    """Secondary suppression: when exactly one audience with answers is hidden, the overall rate
    minus the shown audiences would reveal it, so the smallest shown audience is hidden too."""
    hidden = [a for a in audiences if a.rate.hidden and a.respondents]
    shown = [a for a in audiences if not a.rate.hidden]
    if len(hidden) != 1 or not shown:
        return audiences
    smallest = min(shown, key=lambda a: a.respondents)
    return [
        replace(a, rate=replace(a.rate, hidden=True)) if a is smallest else a for a in audiences
    ]


def surveys_results(surveys: list[Survey]) -> dict[int, SurveyResults]:
    """Results of several surveys at once (four grouped queries plus the questions): per question
    the satisfaction rate by the package's formula (the share of the satisfied levels among its
    answers: default 非常满意, 满意 and 基本满意) and its Wilson 95% interval; overall and per
    audience the mean of the respondents' satisfied shares with a Wilson interval over the
    respondents (see `Rate`), and per audience the response rate and counts. Rates and counts of a
    group under the minimum group size are hidden (issue 6 item 3; C18.1, C01.2)."""
    ids = [s.pk for s in surveys]
    questions: dict[int, list[Question]] = {pk: [] for pk in ids}
    all_questions = list(Question.objects.filter(survey_id__in=ids).order_by("survey_id", "order"))
    for q in all_questions:
        questions[q.survey_id].append(q)
    tallies = _tallies(ids)
    shares = _shares(all_questions)
    respondents = _respondents(ids)
    answered = _answered(ids)
    out: dict[int, SurveyResults] = {}
    for survey in surveys:
        tally = tallies[survey.pk]
        k = survey.min_group_size
        total_resp = sum(respondents.get((survey.pk, a), 0) for a in survey.audiences)
        hidden = total_resp < k
        q_results = []
        for q in questions[survey.pk]:
            counts = tuple(
                0
                if hidden
                else sum(n for (qid, _, lv), n in tally.items() if qid == q.pk and lv == level)
                for level in range(1, len(q.levels) + 1)
            )
            rate = (
                _question_rate(q, tally, total_resp, k) if q.kind == QuestionKind.LIKERT else None
            )
            q_results.append(
                QuestionResult(
                    q.pk,
                    q.order,
                    q.text,
                    q.kind,
                    tuple(q.levels),
                    counts,
                    rate,
                    tuple(q.satisfied) if q.kind == QuestionKind.LIKERT else (),
                )
            )
        aud_results = []
        for a in survey.audiences:
            n_resp = respondents.get((survey.pk, a), 0)
            invited, n_answered = answered.get((survey.pk, a), (0, 0))
            aud_results.append(
                AudienceResult(
                    a,
                    Audience(a).label,
                    invited,
                    n_answered,
                    n_resp,
                    _group_rate(shares, survey.pk, [a], n_resp, k),
                )
            )
        aud_results = _complement_hidden(aud_results)
        out[survey.pk] = SurveyResults(
            survey_id=survey.pk,
            invited=sum(answered.get((survey.pk, a), (0, 0))[0] for a in survey.audiences),
            answered=sum(answered.get((survey.pk, a), (0, 0))[1] for a in survey.audiences),
            respondents=total_resp,
            overall=_group_rate(shares, survey.pk, survey.audiences, total_resp, k),
            questions=tuple(q_results),
            audiences=tuple(aud_results),
        )
    return out


def surveys_answered(survey_ids: list[int]) -> set[int]:
    """The surveys among `survey_ids` that at least one invited person has answered (one query on
    the invitations' used flags; C12.2)."""
    if not survey_ids:
        return set()
    return set(
        Invitation.objects.filter(survey_id__in=survey_ids, used=True)
        .order_by()
        .values_list("survey_id", flat=True)
        .distinct()
    )


def survey_results(survey: Survey) -> SurveyResults:
    """Results of one survey (see `surveys_results`)."""
    return surveys_results([survey])[survey.pk]


def survey_open_texts(survey: Survey, results: SurveyResults) -> dict[int, list[str]] | None:
    """The non-empty open-text answers per question, in random order, with nothing about who wrote
    them (no audience, no sheet, no other answer); None when the survey's respondents are fewer
    than its minimum group size, exactly when its rates are hidden (issue 6 items 3 and 6)."""
    if results.overall.hidden:
        return None
    texts: dict[int, list[str]] = defaultdict(list)
    rows = (
        Answer.objects.filter(question__survey=survey, question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .values_list("question_id", "text")
        .order_by()
    )
    for qid, body in rows:
        texts[qid].append(body)
    shuffle = secrets.SystemRandom().shuffle
    for bodies in texts.values():
        shuffle(bodies)
    return dict(texts)
