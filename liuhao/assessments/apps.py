from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "liuhao.assessments"
    label = "assessments"
    verbose_name = "自评与审核"

    def ready(self) -> None:
        # "What waits for me" (issue 7 item 6) and the replaceable report template (item 5).
        from liuhao.assessments import notices, reports
        from liuhao.notifications.waiting import register_waiting

        register_waiting(notices.waiting)
        reports.register()
