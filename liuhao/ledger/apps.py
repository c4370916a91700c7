from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "liuhao.ledger"
    label = "ledger"
    verbose_name = "工作台账"

    def ready(self) -> None:
        # Register the ledger's metric implementations (CONVENTIONS B4: importing runs the @metric
        # decorators, replacing the standards app's pending declarations), how its records show as
        # evidence on the scorecard, and its seed generator.
        from liuhao.ledger import (
            evidence,  # noqa: F401
            metrics,  # noqa: F401
            seeding,  # noqa: F401
            signals,
        )

        signals.connect()
