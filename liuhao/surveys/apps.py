from typing import Any

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "liuhao.surveys"
    label = "surveys"
    verbose_name = "满意度测评"

    def ready(self) -> None:
        # Register the survey metrics, replacing the pending survey.* declarations (CONVENTIONS B4),
        # the surveys' seed generator and what waits for survey managers (issue 7 item 6).
        from liuhao.notifications.waiting import register_waiting
        from liuhao.surveys import (
            metrics,  # noqa: F401
            seeding,  # noqa: F401
        )

        register_waiting(surveys_waiting)


def surveys_waiting(user: Any) -> list[Any]:
    """What waits for a survey manager on the notifications page (issue 7 item 6; C18.1): the open
    surveys of the orgs the user records for whose response rate is still below the minimum that
    counts (survey-rules.yaml `min_response_rate`), due on their closing date. One query."""
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone

    from liuhao.core.roles import Capability, role_can
    from liuhao.notifications.waiting import WaitingItem
    from liuhao.orgs.selectors.scope import scope_for
    from liuhao.surveys.choices import SurveyStatus
    from liuhao.surveys.models import Survey
    from liuhao.surveys.rules import survey_rules

    own = [
        g.org_id
        for g in scope_for(user).grants
        if g.org_id and role_can(g.role, Capability.RECORD_LEDGER)
    ]
    if not own:
        return []
    minimum = float(survey_rules().min_response_rate)
    surveys = (
        Survey.objects.filter(
            org_id__in=own,
            status=SurveyStatus.OPEN,
            closes_on__gte=timezone.localdate(),
            invited__gt=0,
        )
        .annotate(answered=Count("invitations", filter=Q(invitations__used=True)))
        .order_by("closes_on", "pk")
    )
    return [
        WaitingItem(
            "deadline",
            f"测评「{s.title}」参与率 {s.answered * 100 // s.invited}%，低于 "
            f"{minimum * 100:.0f}%，请提醒未提交的人员",
            reverse("surveys:survey-manage", args=[s.pk]),
            s.closes_on,
        )
        for s in surveys
        if s.answered < minimum * s.invited
    ]
