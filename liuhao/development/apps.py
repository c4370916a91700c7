from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "liuhao.development"
    label = "development"
    verbose_name = "发展党员"

    def ready(self) -> None:
        # Register the C06.1 metric (replacing the pending declaration), how development cases
        # show as evidence on the scorecard and the seed generator.
        from liuhao.development import (
            evidence,  # noqa: F401
            metrics,  # noqa: F401
            seeding,  # noqa: F401
        )
