"""How pages name and link the records that prove a checkpoint (证据), whatever app owns them.

A metric returns record ids with their type (`MetricValue.records`, "app_label.model": "frontline.venue",
"governance.election", …). The scorecard shows each record by a human label ("党代表工作室：党员之家",
"换届选举：2024-06-18 换届（任期3年）") linked to its page, reading every record type with **one**
query whatever the number of records (DESIGN §4, never one per record).

The standards app sits below the apps that own most of these records (import-linter layers), so it
never imports them: each app registers its record types from its `AppConfig.ready()` with
`register_evidence_type`, and the records are read through `django.apps.apps.get_model` on the
type's string. A type is declared, not coded: a `label` template over the record's fields (choice
fields show their Chinese label, dates ISO, amounts without trailing zeros; fields may follow a
relation, `{person__name}`, read in the same query by a join) and its page.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse

__all__ = [
    "EvidenceType",
    "evidence_labels",
    "evidence_type",
    "evidence_types",
    "evidence_url",
    "register_evidence_type",
]


@dataclass(frozen=True, slots=True)
class EvidenceType:
    """One record type shown as evidence.

    `noun` prefixes the label on the page ("活动记录：…"; empty when the label says what it is).
    `label` is a `str.format` template over the record's fields. The link is the URL `url` (by
    default `<app>:<model>-detail`) with the value of `url_arg` (the record's pk, or a field such as
    `person_id` or `org_id`), then `?period=<the run's period>` when `period` (list pages that show
    one period), then `#anchor`.
    """

    key: str  # "app_label.model"
    noun: str
    label: str
    url: str = ""
    url_arg: str = "pk"
    anchor: str = ""
    period: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields the label and the link read, in the order of the one query."""
        names = [name for _, name, _, _ in string.Formatter().parse(self.label) if name]
        if self.url_arg != "pk":
            names.append(self.url_arg)
        return tuple(dict.fromkeys(names))

    @property
    def url_name(self) -> str:
        if self.url:
            return self.url
        app, _, model = self.key.partition(".")
        return f"{app}:{model}-detail"


_TYPES: dict[str, EvidenceType] = {}


def register_evidence_type(
    key: str,
    *,
    noun: str,
    label: str,
    url: str = "",
    url_arg: str = "pk",
    anchor: str = "",
    period: bool = False,
) -> EvidenceType:
    """Declare how a record type is shown as evidence (called from the owning app's ready())."""
    declared = EvidenceType(key, noun, label, url, url_arg, anchor, period)
    _TYPES[key] = declared
    return declared


def evidence_type(key: str) -> EvidenceType | None:
    return _TYPES.get(key)


def evidence_types() -> dict[str, EvidenceType]:
    return dict(_TYPES)


def _display(model: Any, fields: Iterable[str]) -> dict[int, Mapping[Any, str]]:
    """Position in the row → choices of the fields that have them (local fields only)."""
    out: dict[int, Mapping[Any, str]] = {}
    for i, name in enumerate(fields):
        if "__" in name:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if getattr(field, "choices", None):
            out[i] = {k: str(v) for k, v in field.flatchoices}
    return out


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def evidence_labels(
    records: Mapping[str, Iterable[int]],
) -> dict[tuple[str, int], tuple[str, int | None]]:
    """(type, id) → (label, the value the link takes): one query per registered record type.

    Types nobody registered are left out (the page shows "记录 #id")."""
    out: dict[tuple[str, int], tuple[str, int | None]] = {}
    for key, ids in records.items():
        declared = _TYPES.get(key)
        wanted = sorted(set(ids))
        if declared is None or not wanted:
            continue
        model = apps.get_model(key)
        fields = declared.fields
        choices = _display(model, fields)
        rows = model._default_manager.filter(pk__in=wanted).order_by().values_list("pk", *fields)
        for pk, *values in rows:
            shown = {
                name: choices[i].get(v, v) if i in choices else _text(v)
                for i, (name, v) in enumerate(zip(fields, values, strict=True))
            }
            text = " ".join(declared.label.format(**shown).split())
            target = pk if declared.url_arg == "pk" else shown.get(declared.url_arg) or None
            out[(key, pk)] = (text, target)
    return out


def evidence_url(records: str, pk: int, target: int | None = None, period: str = "") -> str | None:
    """The page of one evidence record, or None when the type has no page to show it on.

    `target` is the value of the type's `url_arg` read with the label (None: not known, then only a
    link by pk is made); `period` is the run's period code, for list pages."""
    declared = _TYPES.get(records)
    if declared is None:
        app, _, model = records.partition(".")
        try:
            return reverse(f"{app}:{model}-detail", args=[pk])
        except NoReverseMatch:
            return None
    arg = pk if declared.url_arg == "pk" else target
    if arg is None:
        return None
    try:
        url = reverse(declared.url_name, args=[arg])
    except NoReverseMatch:
        return None
    if declared.period and period:
        url += f"?period={period}"
    if declared.anchor:
        url += f"#{declared.anchor}"
    return url


# The org app's records (below standards in the layers: declared here).
register_evidence_type("orgs.organization", noun="党组织", label="{name}", url="orgs:org-detail")
register_evidence_type(
    "orgs.position",
    noun="职务",
    label="{person__name}（{kind}）",
    url="orgs:person-detail",
    url_arg="person_id",
)
register_evidence_type(
    "orgs.membership",
    noun="党员身份",
    label="{person__name}（{stage}）",
    url="orgs:person-detail",
    url_arg="person_id",
)
