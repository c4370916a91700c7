from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


class OrgsConfig(AppConfig):
    name = "liuhao.orgs"
    label = "orgs"
    verbose_name = "组织与人员"

    def ready(self) -> None:
        # Cache invalidation only (CONVENTIONS B3): figures derived from the workday calendar are
        # cached under liuhao.orgs.workdays.calendar_version(). A signal, not the services, so
        # that every write of an override (the admin site, fixtures, tests) invalidates them.
        from liuhao.orgs.models import WorkdayOverride

        post_save.connect(_workdays_changed, sender=WorkdayOverride, dispatch_uid="orgs-workdays")
        post_delete.connect(_workdays_changed, sender=WorkdayOverride, dispatch_uid="orgs-workdays")


def _workdays_changed(**_kwargs: Any) -> None:
    from liuhao.orgs.workdays import calendar_changed

    # Now, for this transaction's own reads; and again on commit, for a figure another request
    # cached in between from the calendar as it was before this transaction committed.
    calendar_changed()
    transaction.on_commit(calendar_changed)
