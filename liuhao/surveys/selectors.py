"""The surveys' reads: the roster to invite, live progress, reminders and aggregated results.

Criteria C18.1, C01.2, C09.1–2. Results are computed with grouped queries (one per table), never
per respondent, and never expose who answered what: the results tables hold no person. A group
(an audience, or the whole survey) with fewer respondents than the survey's minimum group size
shows counts only, no rates (issue 6 item 3).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
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


def wilson(successes: int, total: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval (95% by default) of a proportion; None without observations."""
    if total <= 0:
        return None
    p = successes / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True, slots=True)
class Rate:
    """Satisfied answers out of all Likert answers, with the Wilson 95% interval. `hidden` when
    the group has fewer respondents than the minimum group size: then no rate is given."""

    satisfied: int
    total: int
    respondents: int
    hidden: bool

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


def _rate(
    questions: list[Question],
    tally: Tally,
    audiences: set[str],
    respondents: int,
    min_group: int,
) -> Rate:
    satisfied = total = 0
    for q in questions:
        if q.kind != QuestionKind.LIKERT:
            continue
        for (qid, aud, level), n in tally.items():
            if qid == q.pk and aud in audiences:
                total += n
                satisfied += n if level in q.satisfied else 0
    return Rate(satisfied, total, respondents, hidden=respondents < min_group)


def surveys_results(surveys: list[Survey]) -> dict[int, SurveyResults]:
    """Results of several surveys at once (three grouped queries plus the questions): per question
    and overall, the satisfaction rate by the package's formula (the share of the satisfied
    levels among all Likert answers: default 非常满意, 满意 and 基本满意), its Wilson 95% interval,
    and per audience the response rate and counts. Rates of a group under the minimum group size
    are hidden (C18.1, C01.2)."""
    ids = [s.pk for s in surveys]
    questions: dict[int, list[Question]] = {pk: [] for pk in ids}
    for q in Question.objects.filter(survey_id__in=ids).order_by("survey_id", "order"):
        questions[q.survey_id].append(q)
    tallies = _tallies(ids)
    respondents = _respondents(ids)
    answered = _answered(ids)
    out: dict[int, SurveyResults] = {}
    for survey in surveys:
        qs = questions[survey.pk]
        tally = tallies[survey.pk]
        k = survey.min_group_size
        everyone = set(survey.audiences)
        total_resp = sum(respondents.get((survey.pk, a), 0) for a in survey.audiences)
        hidden = total_resp < k
        q_results = []
        for q in qs:
            counts = tuple(
                0
                if hidden
                else sum(n for (qid, _, lv), n in tally.items() if qid == q.pk and lv == level)
                for level in range(1, len(q.levels) + 1)
            )
            rate = (
                _rate([q], tally, everyone, total_resp, k)
                if q.kind == QuestionKind.LIKERT
                else None
            )
            q_results.append(
                QuestionResult(q.pk, q.order, q.text, q.kind, tuple(q.levels), counts, rate)
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
                    _rate(qs, tally, {a}, n_resp, k),
                )
            )
        out[survey.pk] = SurveyResults(
            survey_id=survey.pk,
            invited=sum(answered.get((survey.pk, a), (0, 0))[0] for a in survey.audiences),
            answered=sum(answered.get((survey.pk, a), (0, 0))[1] for a in survey.audiences),
            respondents=total_resp,
            overall=_rate(qs, tally, everyone, total_resp, k),
            questions=tuple(q_results),
            audiences=tuple(aud_results),
        )
    return out


def survey_results(survey: Survey) -> SurveyResults:
    """Results of one survey (see `surveys_results`)."""
    return surveys_results([survey])[survey.pk]
