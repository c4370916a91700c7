"""Metric registry and the built-in metrics (see registry.py)."""

from __future__ import annotations

import importlib

BUILTIN_MODULES = (
    "liuhao.standards.metrics.pending",
    "liuhao.standards.metrics.structure",
)


def load_builtin_metrics() -> None:
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
