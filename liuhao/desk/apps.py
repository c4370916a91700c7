from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "liuhao.desk"
    label = "desk"
    verbose_name = "诉求受理"

    def ready(self) -> None:
        # Register the desk's metrics (replacing the pending declarations, CONVENTIONS B4) and
        # its seed generator, and its deployment checks.
        from liuhao.desk import (
            checks,  # noqa: F401
            metrics,  # noqa: F401
            seeding,  # noqa: F401
        )
