"""The surveys' writes: create from a template, open (invite the roster), reissue tokens, answer,
count the ballot box, close.

Criteria C18.1, C01.2, C09.1, C09.2. Every write of the org's handlers is atomic, checked
(Chinese messages naming the field), audited, and stores nothing when refused. Answering is
anonymous (ADR 0014): the submitting transaction flips the invitation's `used` flag with a
conditional UPDATE and drops the answers into the ballot box; `ballots_count` later moves them in
random order into the results, in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from liuhao.core.audit import AuditScope, audit_record, model_update, snapshot
from liuhao.core.exceptions import InvalidState, NotPermitted, ValidationFailed
from liuhao.notifications.services import notify
from liuhao.orgs.models import Organization
from liuhao.orgs.periods import parse_period_code
from liuhao.orgs.services.common import require, validate
from liuhao.surveys.choices import QuestionKind, SurveyKind, SurveyStatus
from liuhao.surveys.models import Answer, Ballot, Invitation, Question, Response, Survey
from liuhao.surveys.permissions import can_manage_surveys
from liuhao.surveys.rules import survey_rules
from liuhao.surveys.selectors import roster_of

SURVEY_FIELDS = [
    "org",
    "include_subtree",
    "period",
    "kind",
    "title",
    "audiences",
    "status",
    "opens_on",
    "closes_on",
    "min_group_size",
]
# One message for every token that cannot answer (unknown, forged, of a closed or expired survey):
# it never reveals whether the token exists.
INVALID_LINK_MESSAGE = "测评链接无效，或测评未开始、已结束。如有疑问，请联系组织测评的党组织。"
ALREADY = "您已提交过本次测评，感谢参与。"
TEXT_MAX = 1000


@dataclass(frozen=True, slots=True)
class Opened:
    """An opened survey and the raw tokens of its invitations (invitation id → token). They are
    shown once, for the printable sheet of links and QR codes; only their SHA-256 is stored."""

    survey: Survey
    tokens: dict[int, str]


@dataclass(frozen=True, slots=True)
class Submitted:
    """The outcome of an answer: `stored` is False when the token had already been used (a retry
    or a double submit), in which case nothing was written."""

    stored: bool
    message: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> str:
    return secrets.token_urlsafe(16)  # 128 bits


def _scope(org: Organization) -> AuditScope:
    return AuditScope(org_id=org.pk, org_path=org.path, university_id=org.university_id or org.pk)


def _audit(actor: Any, survey: Survey, verb: str, changes: Mapping[str, Any]) -> None:
    audit_record(actor=actor, verb=verb, target=survey, scope=_scope(survey.org), changes=changes)


def _check(actor: Any, org: Organization) -> None:
    if not can_manage_surveys(actor, org):
        raise NotPermitted("您无权为该党组织组织测评")


# ---- defining ----------------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    actor: Any,
    org: Organization,
    template: str,
    period: str,
    opens_on: dt.date,
    closes_on: dt.date,
    include_subtree: bool = False,
    audiences: Iterable[str] | None = None,
    title: str = "",
    leader_report: Any = None,
) -> Survey:
    """Create a draft survey of `org` from a ready template of survey-rules.yaml (C18.1, C01.2,
    C09.1–2). The questions copy the template and the scale; `audiences` overrides the
    template's."""
    _check(actor, org)
    rules = survey_rules()
    tpl = rules.template(template)
    require(tpl is not None, "请选择测评模板", "template")
    assert tpl is not None
    require(org.dissolved_on is None, "该党组织已撤销，不能组织测评", "org")
    _leader_report_check(tpl.kind, org, leader_report)
    survey = Survey(
        university_id=org.university_id or org.pk,
        org=org,
        include_subtree=include_subtree,
        period=period,
        kind=tpl.kind,
        title=(title or tpl.title).strip(),
        leader_report=leader_report,
        audiences=list(audiences if audiences is not None else tpl.audiences),
        opens_on=opens_on,
        closes_on=closes_on,
        min_group_size=rules.min_group_size,
    )
    validate(survey, exclude=["university", "org", "leader_report"])
    survey.save()
    Question.objects.bulk_create(
        Question(
            survey=survey,
            order=i,
            text=q.text,
            kind=q.kind,
            required=q.required,
            levels=list(rules.likert) if q.kind == QuestionKind.LIKERT else [],
            satisfied=list(rules.satisfied_levels) if q.kind == QuestionKind.LIKERT else [],
        )
        for i, q in enumerate(tpl.questions, 1)
    )
    _audit(actor, survey, "create", {**snapshot(survey, SURVEY_FIELDS), "template": template})
    return survey


# ---- inviting ----------------------------------------------------------------------------------------


@transaction.atomic
def survey_open(*, actor: Any, survey: Survey, today: dt.date | None = None) -> Opened:
    """Open a draft survey: one single-use token per eligible person of its audiences (one grouped
    query per audience, one bulk insert). Returns the raw tokens once (item 2 of issue 6)."""
    survey = Survey.objects.select_for_update().select_related("org").get(pk=survey.pk)
    _check(actor, survey.org)
    if survey.status != SurveyStatus.DRAFT:
        raise InvalidState("只有草稿状态的测评可以发布")
    today = today or timezone.localdate()
    require(survey.closes_on >= today, "截止日期已过，请修改截止日期", "closes_on")
    roster = roster_of(survey, today)
    require(bool(roster), "测评对象中没有可邀请的人员", "audiences")
    rows = []
    raw: list[str] = []
    for person_id, audience in roster:
        token = _new_token()
        raw.append(token)
        rows.append(
            Invitation(
                survey=survey, person_id=person_id, audience=audience, token_hash=token_hash(token)
            )
        )
    Invitation.objects.bulk_create(rows, batch_size=2000)
    # bulk_create sets pks on PostgreSQL and SQLite ≥ 3.35; read them back by hash to be safe.
    ids = dict(Invitation.objects.filter(survey=survey).values_list("token_hash", "pk").order_by())
    tokens = {ids[token_hash(t)]: t for t in raw}
    survey.status = SurveyStatus.OPEN
    survey.invited = len(rows)
    survey.save(update_fields=["status", "invited", "updated_at"])
    _audit(actor, survey, "update", {"status": ["draft", "open"], "invited": len(rows)})
    return Opened(survey=survey, tokens=tokens)


@transaction.atomic
def invitations_reissue(
    *,
    actor: Any,
    survey: Survey,
    invitation_ids: Iterable[int] | None = None,
    remind: bool = False,
) -> dict[int, str]:
    """New tokens for unused invitations of an open survey (all of them, or the given ones): a lost
    sheet is reprinted this way, since tokens are never stored. The old tokens stop working.

    `remind` (提醒, issue 6 item 2) also sends an in-app notification (and e-mail where SMTP is
    configured) to each of these persons who has an account: that the survey waits for them until
    its closing day and the new printed code will reach them. It carries no link: the tokens are
    never stored, not even in a message."""
    survey = Survey.objects.select_for_update().select_related("org").get(pk=survey.pk)
    _check(actor, survey.org)
    if survey.status != SurveyStatus.OPEN:
        raise InvalidState("只有进行中的测评可以重新生成测评码")
    qs = Invitation.objects.filter(survey=survey, used=False)
    if invitation_ids is not None:
        qs = qs.filter(pk__in=list(invitation_ids))
    tokens: dict[int, str] = {}
    rows = list(qs.only("pk"))
    for inv in rows:
        tokens[inv.pk] = _new_token()
        inv.token_hash = token_hash(tokens[inv.pk])
    # A concurrent answer with an old token either committed first (used: its update below
    # touches nothing that matters) or waits and then finds no such hash.
    Invitation.objects.bulk_update(rows, ["token_hash"], batch_size=2000)
    _audit(actor, survey, "update", {"reissued": len(rows)})
    if remind and rows:
        _remind(survey, [inv.pk for inv in rows])
    return tokens


def _remind(survey: Survey, invitation_ids: list[int]) -> None:
    """The in-app reminder of the persons of these (unused) invitations who have an account."""
    users = get_user_model().objects.filter(
        person__in=Invitation.objects.filter(pk__in=invitation_ids).values("person_id"),
        is_active=True,
    )
    notify(
        users,
        kind="survey_reminder",
        title=f"请参加测评：{survey.title}",
        body=(
            f"{survey.org.name}的《{survey.title}》尚待您填写，截止 {survey.closes_on:%Y年%-m月%-d日}。"
            "党组织将发给您新的测评码（此前的测评码已失效），扫码或打开链接即可匿名填写。"
        ),
        org=survey.org,
    )


# ---- answering ---------------------------------------------------------------------------------------


def _clean_answers(questions: list[Question], data: Mapping[Any, Any]) -> dict[str, Any]:
    """The answers keyed by question id (as text): levels as ints within the scale, texts
    stripped. Refuses naming the question."""
    out: dict[str, Any] = {}
    known = {str(q.pk) for q in questions}
    extra = [k for k in data if str(k) not in known]
    if extra:
        raise ValidationFailed("答卷包含不属于本测评的题目", extra={"fields": {"answers": extra}})
    for q in questions:
        raw = data.get(str(q.pk), data.get(q.pk))
        field = f"q{q.pk}"
        if q.kind == QuestionKind.LIKERT:
            if raw in (None, ""):
                require(not q.required, f"请回答第{q.order}题“{q.text}”", field)
                continue
            try:
                level = int(raw)
            except (TypeError, ValueError):
                level = 0
            require(
                str(raw).strip() == str(level) and 1 <= level <= len(q.levels),
                f"第{q.order}题“{q.text}”的选项无效",
                field,
            )
            out[str(q.pk)] = level
        else:
            value = str(raw or "").strip()
            if not value:
                require(not q.required, f"请填写第{q.order}题“{q.text}”", field)
                continue
            require(len(value) <= TEXT_MAX, f"第{q.order}题“{q.text}”不能超过{TEXT_MAX}字", field)
            out[str(q.pk)] = value
    return out


@dataclass(frozen=True, slots=True)
class Ticket:
    """An invitation that can answer today, with what answering needs, loaded in one query: its
    id, `used` flag and audience, and the survey with its org (never the person)."""

    invitation_id: int
    used: bool
    audience: str
    survey: Survey


def answer_ticket(digest: str, today: dt.date) -> Ticket | None:
    """The invitation whose token hashes to `digest` if its survey is open on `today`, else None
    (unknown, forged, reissued, closed, not yet open or expired: one answer for all, item 7)."""
    invitation = (
        Invitation.objects.select_related("survey__org")
        .filter(
            token_hash=digest,
            survey__status=SurveyStatus.OPEN,
            survey__opens_on__lte=today,
            survey__closes_on__gte=today,
        )
        .only(
            "pk",
            "used",
            "audience",
            "survey__id",
            "survey__title",
            "survey__closes_on",
            "survey__org__id",
            "survey__org__name",
            "survey__org__path",
            "survey__org__university_id",
        )
        .first()
    )
    if invitation is None:
        return None
    return Ticket(invitation.pk, invitation.used, invitation.audience, invitation.survey)


def survey_questions(survey_id: int) -> list[Question]:
    return list(Question.objects.filter(survey_id=survey_id).order_by("order"))


def survey_answer(
    *,
    token: str = "",
    answers: Mapping[Any, Any],
    today: dt.date | None = None,
    digest: str | None = None,
    ticket: Ticket | None = None,
    questions: list[Question] | None = None,
) -> Submitted:
    """Answer a survey with a single-use token (public, no login). Idempotent: concurrent double
    submits and browser retries store exactly one answer sheet, and a token used before answers
    "已提交" without storing anything. Unknown, forged or expired tokens, and tokens of surveys not
    open on `today`, all get the same message. The audit row names the survey, never a person.
    The answering page passes the token's SHA-256 (`digest`) kept in the session instead of the
    raw token, which leaves the URL after the first load (ADR 0014); it may pass the `ticket`
    and the survey's `questions` it has already read (`answer_ticket`, `survey_questions`), so a
    submit reads the invitation and the questions once."""
    today = today or timezone.localdate()
    if ticket is None:
        ticket = answer_ticket(digest or token_hash(token or ""), today)
    if ticket is None:
        raise InvalidState(INVALID_LINK_MESSAGE, code="survey_token_invalid")
    if ticket.used:
        return Submitted(stored=False, message=ALREADY)
    survey = ticket.survey
    clean = _clean_answers(questions or survey_questions(survey.pk), answers)
    with transaction.atomic():
        # The conditional UPDATE is the single point of truth: on PostgreSQL a concurrent submit
        # waits for this row's lock and then finds used = true (rowcount 0); SQLite serializes
        # writers. No timestamp column moves.
        flipped = Invitation.objects.filter(pk=ticket.invitation_id, used=False).update(used=True)
        if flipped == 0:
            return Submitted(stored=False, message=ALREADY)
        Ballot.objects.create(survey_id=survey.pk, audience=ticket.audience, answers=clean)
        _audit(None, survey, "update", {"answered": 1})
        transaction.on_commit(lambda: _count_if_full(survey.pk))
    return Submitted(stored=True, message="提交成功，感谢您的参与！")


def _count_if_full(survey_id: int) -> None:
    if Ballot.objects.filter(survey_id=survey_id).count() >= survey_rules().shuffle_batch:
        ballots_count(survey_id=survey_id)


# ---- counting ----------------------------------------------------------------------------------------


def _insert_shuffled(survey_id: int, sheets: list[tuple[str, dict[str, Any]]]) -> int:
    """Insert answer sheets as new results in random order, with fresh random UUIDs."""
    rng = random.SystemRandom()
    rng.shuffle(sheets)
    responses = [Response(survey_id=survey_id, audience=audience) for audience, _ in sheets]
    Response.objects.bulk_create(responses, batch_size=1000)
    answers = [
        Answer(
            response=response,
            question_id=int(qid),
            level=value if isinstance(value, int) else None,
            text=value if isinstance(value, str) else "",
        )
        for response, (_, sheet) in zip(responses, sheets, strict=True)
        for qid, value in sheet.items()
    ]
    rng.shuffle(answers)
    Answer.objects.bulk_create(answers, batch_size=2000)
    return len(responses)


@transaction.atomic
def ballots_count(*, survey_id: int, minimum: int | None = None, reshuffle: bool = False) -> int:
    """Empty the ballot box of a survey into its results, in random order, in a transaction of its
    own (never the submitting one). Counts only when at least `minimum` ballots wait (default the
    rules' shuffle_batch), so each counting transaction mixes at least that many sheets.
    `reshuffle` (at close) also rewrites every earlier result of the survey with new ids in random
    order, so all its result rows come from one transaction. Returns the sheets counted."""
    # One counter at a time: the survey's row is the lock. FOR NO KEY UPDATE, so the submits'
    # ballot inserts (their foreign key takes FOR KEY SHARE on the survey) do not wait for it.
    list(Survey.objects.select_for_update(no_key=True).filter(pk=survey_id).values_list("pk"))
    ballots = list(
        Ballot.objects.filter(survey_id=survey_id).values_list("pk", "audience", "answers")
    )
    wanted = survey_rules().shuffle_batch if minimum is None else minimum
    if len(ballots) < wanted and not reshuffle:
        return 0
    sheets: list[tuple[str, dict[str, Any]]] = [(a, dict(answers)) for _, a, answers in ballots]
    if reshuffle:
        old = list(Response.objects.filter(survey_id=survey_id).prefetch_related("answers"))
        for response in old:
            sheets.append(
                (
                    response.audience,
                    {
                        str(a.question_id): (a.level if a.level is not None else a.text)
                        for a in response.answers.all()
                    },
                )
            )
        Response.objects.filter(survey_id=survey_id).delete()
    Ballot.objects.filter(pk__in=[pk for pk, _, _ in ballots]).delete()
    return _insert_shuffled(survey_id, sheets) if sheets else 0


@transaction.atomic
def survey_close(*, actor: Any, survey: Survey) -> Survey:
    """Close an open survey: no more answers; every waiting ballot is counted and all results are
    rewritten in random order (ADR 0014)."""
    survey = Survey.objects.select_for_update().select_related("org").get(pk=survey.pk)
    _check(actor, survey.org)
    if survey.status != SurveyStatus.OPEN:
        raise InvalidState("只有进行中的测评可以结束")
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    counted = ballots_count(survey_id=survey.pk, minimum=0, reshuffle=True)
    _audit(actor, survey, "update", {"status": ["open", "closed"], "counted": counted})
    return survey


# ---- editing a draft ---------------------------------------------------------------------------------

QUESTIONS_MAX = 50  # questions of one survey (a form's sanity limit, not a rule of the standard)
QUESTION_TEXT_MAX = Question._meta.get_field("text").max_length or 200


@dataclass(frozen=True, slots=True)
class QuestionDraft:
    """One question as the builder posts it, in its final order."""

    text: str
    kind: str = QuestionKind.LIKERT
    required: bool = True


def _leader_report_check(kind: str, org: Organization, leader_report: Any) -> None:
    if leader_report is not None:
        require(
            kind == SurveyKind.LEADER_REPORT and leader_report.org_id == org.pk,
            "述职记录须为本组织的述职，且仅用于述职评议",
            "leader_report",
        )


def _draft(actor: Any, survey: Survey, verb: str) -> Survey:
    """The survey locked for a change of its draft, after the permission and status checks."""
    survey = Survey.objects.select_for_update().select_related("org").get(pk=survey.pk)
    _check(actor, survey.org)
    if survey.status != SurveyStatus.DRAFT:
        raise InvalidState(f"只有草稿状态的测评可以{verb}")
    return survey


def _questions_check(questions: list[QuestionDraft]) -> None:
    require(bool(questions), "请至少设置一道题目", "questions")
    require(len(questions) <= QUESTIONS_MAX, f"题目不能超过 {QUESTIONS_MAX} 道", "questions")
    for i, q in enumerate(questions, 1):
        require(bool(q.text.strip()), f"请填写第{i}题的题目", "questions")
        require(
            len(q.text.strip()) <= QUESTION_TEXT_MAX,
            f"第{i}题的题目不能超过 {QUESTION_TEXT_MAX} 字",
            "questions",
        )
        require(q.kind in QuestionKind.values, f"第{i}题的题型无效", "questions")
    require(
        any(q.kind == QuestionKind.LIKERT for q in questions),
        "至少需要一道等级评价题（满意度由等级评价题计算）",
        "questions",
    )


def _questions_of(survey: Survey) -> list[dict[str, Any]]:
    return [
        {"text": q.text, "kind": q.kind, "required": q.required}
        for q in Question.objects.filter(survey=survey).order_by("order")
    ]


@transaction.atomic
def survey_update(
    *,
    actor: Any,
    survey: Survey,
    title: str,
    period: str,
    opens_on: dt.date,
    closes_on: dt.date,
    audiences: Iterable[str],
    include_subtree: bool,
    leader_report: Any = None,
    questions: Iterable[QuestionDraft] | None = None,
) -> Survey:
    """Edit a draft survey (C18.1, C01.2, C09.1–2): its title, period, dates, audiences, subtree
    and 述职 record, and (when given) its questions in their new order. The Likert scale of a new
    question is copied from survey-rules.yaml. All or nothing; one audit row names every change."""
    survey = _draft(actor, survey, "修改")
    parse_period_code(period)  # the shape and adjacent years, naming the period
    _leader_report_check(survey.kind, survey.org, leader_report)
    changes = model_update(
        survey,
        {
            "title": title.strip(),
            "period": period.strip(),
            "opens_on": opens_on,
            "closes_on": closes_on,
            "audiences": list(audiences),
            "include_subtree": include_subtree,
            "leader_report": leader_report,
        },
    )
    validate(survey, exclude=["university", "org", "leader_report"])
    if questions is not None:
        drafts = [
            QuestionDraft(text=q.text.strip(), kind=q.kind, required=q.required) for q in questions
        ]
        _questions_check(drafts)
        before = _questions_of(survey)
        after = [{"text": q.text, "kind": q.kind, "required": q.required} for q in drafts]
        if before != after:
            _questions_replace(survey, drafts)
            changes["questions"] = [before, after]
    if changes:
        survey.save()
        _audit(actor, survey, "update", changes)
    return survey


def _questions_replace(survey: Survey, drafts: list[QuestionDraft]) -> None:
    """Replace the draft's questions (a draft has no answers yet) by the new list."""
    rules = survey_rules()
    Question.objects.filter(survey=survey).delete()
    Question.objects.bulk_create(
        Question(
            survey=survey,
            order=i,
            text=q.text,
            kind=q.kind,
            required=q.required,
            levels=list(rules.likert) if q.kind == QuestionKind.LIKERT else [],
            satisfied=list(rules.satisfied_levels) if q.kind == QuestionKind.LIKERT else [],
        )
        for i, q in enumerate(drafts, 1)
    )


@transaction.atomic
def survey_delete(*, actor: Any, survey: Survey) -> None:
    """Delete a draft survey and its questions (nothing was sent yet). Audited first."""
    survey = _draft(actor, survey, "删除")
    _audit(actor, survey, "delete", snapshot(survey, SURVEY_FIELDS))
    survey.delete()
