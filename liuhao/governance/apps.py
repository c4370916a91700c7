from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "liuhao.governance"
    label = "governance"
    verbose_name = "保障激励与考核评议"

    def ready(self) -> None:
        # Register the metric implementations (replacing the pending declarations), how the
        # records show as evidence on the scorecard and the seed generator.
        from liuhao.governance import (
            evidence,  # noqa: F401
            metrics,  # noqa: F401
            seeding,  # noqa: F401
        )
