from django.apps import AppConfig


class FrontlineConfig(AppConfig):
    name = "liuhao.frontline"
    label = "frontline"
    verbose_name = "服务阵地"

    def ready(self) -> None:
        # Register the metric implementations (replacing the pending declarations) and the seed
        # generator (CONVENTIONS B4).
        from liuhao.frontline import (
            metrics,  # noqa: F401
            seeding,  # noqa: F401
        )
