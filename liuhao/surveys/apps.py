from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "liuhao.surveys"
    label = "surveys"
    verbose_name = "满意度测评"

    def ready(self) -> None:
        # Register the survey metrics, replacing the pending survey.* declarations (CONVENTIONS B4),
        # and the surveys' seed generator.
        from liuhao.surveys import (
            metrics,  # noqa: F401
            seeding,  # noqa: F401
        )
