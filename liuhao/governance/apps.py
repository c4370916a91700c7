from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "liuhao.governance"
    label = "governance"
    verbose_name = "保障激励与考核评议"

    def ready(self) -> None:
        # Register the metric implementations (replacing the pending declarations) and the seed
        # generator.
        from liuhao.governance import (
            metrics,  # noqa: F401
            seeding,  # noqa: F401
        )
