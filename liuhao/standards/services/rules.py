"""From a stored StandardVersion to the engine's rules, with each checkpoint's unit from the registry."""

from __future__ import annotations

from functools import lru_cache

from liuhao.standards.engine.types import StandardRules
from liuhao.standards.metrics.registry import registered_metrics
from liuhao.standards.models import StandardVersion
from liuhao.standards.package import StandardPackage, to_rules, with_units


@lru_cache(maxsize=16)
def _rules(sha256: str, document_json: str) -> StandardRules:
    import json

    package = StandardPackage.model_validate(json.loads(document_json))
    units = {key: d.unit for key, d in registered_metrics().items()}
    return with_units(to_rules(package), units)


def rules_for(version: StandardVersion) -> StandardRules:
    """The engine rules of a stored version (cached by the file's sha256; versions are immutable)."""
    import json

    return _rules(version.sha256, json.dumps(version.document, sort_keys=True, default=str))
