"""From a stored StandardVersion to the engine's rules, with each checkpoint's unit from the registry."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from liuhao.standards.engine.types import StandardRules
from liuhao.standards.metrics.registry import registered_metrics
from liuhao.standards.models import StandardVersion
from liuhao.standards.package import StandardPackage, to_rules


@lru_cache(maxsize=16)
def _rules(sha256: str, document_json: str) -> StandardRules:
    import json

    package = StandardPackage.model_validate(json.loads(document_json))
    rules = to_rules(package)
    metrics = registered_metrics()
    checkpoints = tuple(
        dataclasses.replace(cp, unit=metrics[cp.metric].unit)
        if cp.metric and cp.metric in metrics
        else cp
        for cp in rules.checkpoints
    )
    return dataclasses.replace(rules, checkpoints=checkpoints)


def rules_for(version: StandardVersion) -> StandardRules:
    """The engine rules of a stored version (cached by the file's sha256; versions are immutable)."""
    import json

    return _rules(version.sha256, json.dumps(version.document, sort_keys=True, default=str))
