from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "liuhao.development"
    label = "development"
    verbose_name = "发展党员"

    def ready(self) -> None:
        # Register the C06.1 metric (replacing the pending declaration) and the seed generator.
        from liuhao.development import (
            metrics,  # noqa: F401
            seeding,  # noqa: F401
        )
