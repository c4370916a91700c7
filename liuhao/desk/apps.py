from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "liuhao.desk"
    label = "desk"
    verbose_name = "诉求受理"

    def ready(self) -> None:
        # Register the desk's metrics (replacing the pending declarations, CONVENTIONS B4) and
        # its seed generator.
        from liuhao.desk import (
            metrics,  # noqa: F401
            seeding,  # noqa: F401
        )
