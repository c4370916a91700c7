from django.apps import AppConfig


class SitesConfig(AppConfig):
    """The demonstration-site cycle (示范点): application, recommendation, expert review, decision,
    public notice, naming and the yearly re-check (issue 7 items 3, 4, 5, 7)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "liuhao.sites"
    verbose_name = "示范点"

    def ready(self) -> None:
        # "What waits for me" (issue 7 item 6) and the replaceable application form (item 5).
        from liuhao.notifications.waiting import register_waiting
        from liuhao.sites import reports, waiting

        register_waiting(waiting.waiting)
        reports.register()
