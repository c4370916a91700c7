"""Validation and writes of the service-front sheets, on the ledger import's machinery (LedgerData:
the orgs the actor may record for and the members, preloaded once; SheetHandler: the row loop).

Every check the services make (liuhao.frontline.services) is made per row, naming the column: dates
in the future where the event must have happened, representatives who hold no representative post
on the day, vanguard-post members who are not members of the org, venues of another org, the
models' own rules (an end before a start, a reply without a date …). Validating a row never
queries; writes are bulk statements with one audit row per created or updated record.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from liuhao.frontline.imports.columns import (
    AFFAIR_SPEC,
    ITEM_SPEC,
    NEWS_SPEC,
    POST_SPEC,
    PROPOSAL_SPEC,
    RECEPTION_SPEC,
    VENUE_SPEC,
)
from liuhao.frontline.models import (
    MemberAffair,
    News,
    Proposal,
    Reception,
    ServiceItem,
    VanguardMember,
    VanguardPost,
    Venue,
)
from liuhao.ledger.imports.sheets.base import LedgerData, LedgerSheet
from liuhao.ledger.models.base import LedgerRecord
from liuhao.orgs.choices import PositionKind
from liuhao.orgs.imports.context import OrgRef
from liuhao.orgs.imports.sheets.base import plain
from liuhao.orgs.models import Position

NOT_FUTURE = "{label}不能晚于今天：只登记已经发生的事项"
Span = tuple[str, dt.date, dt.date | None]  # org path, started on, ended on


@dataclass(slots=True)
class VenueRef:
    """A venue known to this import: stored (pk) or new in the 活动场所 sheet (obj, saved on write)."""

    pk: int | None = None
    obj: Venue | None = None
    broken: bool = False

    @property
    def id(self) -> int | None:
        return self.obj.pk if self.obj is not None else self.pk


@dataclass(slots=True)
class FrontlineData(LedgerData):
    """LedgerData (recordable orgs, members) plus the representatives' posts and the venues of the
    university, each loaded with one query."""

    representatives: dict[int, list[Span]] = field(default_factory=dict)
    venues: dict[tuple[int, str], VenueRef] = field(default_factory=dict)

    def load(self) -> None:
        self.load_recordable()
        self.load_members()
        reps: dict[int, list[Span]] = defaultdict(list)
        for person_id, path, started_on, ended_on in Position.objects.filter(
            university_id=self.ctx.university.pk, kind=PositionKind.REPRESENTATIVE
        ).values_list("person_id", "org__path", "started_on", "ended_on"):
            reps[person_id].append((path, started_on, ended_on))
        self.representatives = dict(reps)
        for pk, org_id, name in (
            Venue.objects.filter(university_id=self.ctx.university.pk)
            .order_by("pk")
            .values_list("pk", "org_id", "name")
        ):
            self.venues.setdefault((org_id, name), VenueRef(pk))

    def is_representative(self, person_id: int | None, org: OrgRef, day: dt.date) -> bool:
        """A party representative of the org or its subtree on `day` (as representative_ids)."""
        return person_id is not None and any(
            path.startswith(org.path) and start <= day and (end is None or end >= day)
            for path, start, end in self.representatives.get(person_id, [])
        )

    def is_org_member(self, person_id: int | None, org: OrgRef, day: dt.date) -> bool:
        """A full or probationary member of the org's subtree on `day` (as services.member_ids)."""
        return person_id is not None and any(
            path.startswith(org.path) and (ended is None or ended > day)
            for path, ended in self.memberships.get(person_id, [])
        )


Planned = tuple[LedgerRecord, OrgRef, dict[str, Any] | None, list[str], dict[str, Any]]


class FrontlineSheet(LedgerSheet):
    """A sheet of one record per row keyed by (org, *KEY); VALUES are updated on re-import (only the
    columns present in the header). Subclasses turn a row into model values (`fields`) and check
    the record as it will be stored (`check`)."""

    data: FrontlineData
    model: ClassVar[type[Any]]  # a LedgerRecord
    KEY: ClassVar[tuple[str, ...]]  # attnames
    VALUES: ClassVar[tuple[str, ...]]  # attnames
    SOURCE: ClassVar[dict[str, str]] = {}  # attname → the column field it comes from
    field_map: ClassVar[dict[str, str]] = {
        "representative": "representative_number",
        "representative_id": "representative_number",
        "person": "person_number",
        "person_id": "person_number",
        "responsible": "responsible_number",
        "responsible_id": "responsible_number",
        "venue": "venue_name",
        "venue_id": "venue_name",
        "members": "member_numbers",
    }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.compared = [v for v in self.VALUES if self.SOURCE.get(v, v) in self.present]
        self.stored: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.planned: list[Planned] = []

    def prepare(self) -> None:
        for row in (
            self.model._default_manager.filter(university_id=self.ctx.university.pk)
            .order_by("pk")
            .values_list("pk", "org_id", *self.KEY, *self.VALUES)
        ):
            self.stored.setdefault(tuple(row[1 : 2 + len(self.KEY)]), row)

    # ---- per sheet -----------------------------------------------------------------------------

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        """Model values (attname → value) of KEY and VALUES; None after reporting a problem."""
        raise NotImplementedError

    def check(self, row: int, record: Any, org: OrgRef, data: dict[str, Any]) -> bool:
        """Rules beyond the model's clean(), on the record as it will be stored."""
        return True

    def extra_change(self, stored_pk: int, data: dict[str, Any]) -> dict[str, list[Any]]:
        """Changes outside the model's columns (the members of a post)."""
        return {}

    # ---- helpers -------------------------------------------------------------------------------

    def person_id(self, row: int, field_name: str, number: str | None) -> tuple[bool, int | None]:
        if not number:
            return True, None
        ref = self.person(row, field_name, number)
        return (False, None) if ref is None else (True, ref.pk)

    def person_name(self, number: str) -> str:
        ref = self.ctx.persons.get(number)
        return ref.name if ref is not None else number

    def not_future(self, row: int, name: str, day: dt.date | None, label: str) -> bool:
        if day is not None and day > self.data.today:
            self.error(row, name, NOT_FUTURE.format(label=label))
            return False
        return True

    def representative(self, row: int, record: Any, org: OrgRef, day: dt.date, name: str) -> bool:
        if not self.data.is_representative(record.representative_id, org, day):
            self.error(
                row,
                "representative_number",
                f"“{name}”在{day:%Y-%m-%d}不是“{org.name}”的党代表",
            )
            return False
        return True

    def handle_broken(self, row: int, values: dict[str, Any]) -> None:
        """A row with cell errors: also report its unknown org and persons (all in one pass)."""
        super().handle_broken(row, values)
        for name in ("representative_number", "person_number", "responsible_number"):
            number = values.get(name)
            if number and number not in self.ctx.persons:
                self.person(row, name, number)

    # ---- the row loop --------------------------------------------------------------------------

    def handle(self, row: int, values: dict[str, Any]) -> None:
        org = self.data.org(self, row, values["org_code"])
        if org is None:
            return
        data = self.fields(row, values, org)
        if data is None:
            return
        key = (org.pk, *(data[k] for k in self.KEY))
        first = self.SOURCE.get(self.KEY[0], self.KEY[0])
        if self.duplicate(row, key, first, "同一记录（按组织代码和识别列）"):
            return
        common = {"org_id": org.pk, "university_id": self.ctx.university.pk}
        common |= {k: data[k] for k in self.KEY}
        stored = self.stored.get(key)
        if stored is None:
            record = self.model(
                **common,
                **{v: data[v] for v in self.VALUES},
                entered_at=self.ctx.now,
                entered_by_id=self.data.entered_by_id(),
            )
            before, changed, extra = None, list(self.VALUES), {}
        else:
            before = dict(zip(self.VALUES, stored[2 + len(self.KEY) :], strict=True))
            merged = {**before, **{v: data[v] for v in self.compared}}
            changed = [v for v in self.compared if plain(merged[v]) != plain(before[v])]
            extra = self.extra_change(stored[0], data)
            if not changed and not extra:
                self.summary.unchanged += 1
                return
            record = self.model(pk=stored[0], **common, **merged)
        if not self.check(row, record, org, data) or not self.clean(row, record):
            return
        if before is None:
            self.summary.created += 1
        else:
            self.summary.updated += 1
        self.planned.append((record, org, before, changed, {**data, "_extra": extra}))
        self.planned_one(record, org, data)

    def planned_one(self, record: Any, org: OrgRef, data: dict[str, Any]) -> None:
        """Hook: a row was accepted (the venues sheet registers new venues for later sheets)."""

    def resolve(self, record: Any, data: dict[str, Any]) -> None:
        """Hook before the write: fill ids known only after earlier sheets were written."""

    def write(self) -> None:
        manager = self.model._default_manager
        for record, _org, _before, _changed, data in self.planned:
            self.resolve(record, data)
        manager.bulk_create([r for r, _o, before, _c, _d in self.planned if before is None])
        updates = [r for r, _o, before, _c, _d in self.planned if before is not None]
        if updates and self.compared:
            manager.bulk_update(updates, list(self.compared))
        for record, org, before, changed, data in self.planned:
            if before is None:
                fields = (*self.KEY, *self.VALUES)
                changes = {_label(f): plain(getattr(record, f)) for f in fields}
                self.ctx.audit("create", record, org, {**changes, **self.created_extra(data)})
            else:
                diff = {_label(f): [plain(before[f]), plain(getattr(record, f))] for f in changed}
                self.ctx.audit("update", record, org, {**diff, **data["_extra"]})
        self.write_extra()

    def created_extra(self, data: dict[str, Any]) -> dict[str, Any]:
        return {}

    def write_extra(self) -> None:
        """Rows of other tables (a post's members), after the records were written."""


def _label(attname: str) -> str:
    """The audit key of a column: the field name, as the services' snapshots use."""
    return attname.removesuffix("_id")


# ---- 活动场所 -----------------------------------------------------------------------------------


class VenueSheet(FrontlineSheet):
    """Venues keyed by (org, name) (Criteria C10.1, C05.2)."""

    spec = VENUE_SPEC
    model = Venue
    KEY = ("name",)
    VALUES = ("kind", "address", "is_fixed", "equipment", "opened_on", "closed_on")

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        raw = values.get("is_fixed") or ""
        if raw not in ("", "是", "否"):
            self.error(row, "is_fixed", f"应填“是”或“否”，不能是“{raw}”")
            return None
        return {
            "name": values["name"],
            "kind": values["kind"],
            "address": values.get("address") or "",
            "is_fixed": raw != "否",
            "equipment": values.get("equipment") or "",
            "opened_on": values["opened_on"],
            "closed_on": values.get("closed_on"),
        }

    def handle_broken(self, row: int, values: dict[str, Any]) -> None:
        super().handle_broken(row, values)
        org = self.ctx.orgs.get(values.get("org_code") or "")
        if org is not None and org.pk is not None and values.get("name"):
            self.data.venues.setdefault((org.pk, values["name"]), VenueRef(broken=True))

    def planned_one(self, record: Any, org: OrgRef, data: dict[str, Any]) -> None:
        assert org.pk is not None
        if record.pk is None:
            self.data.venues[(org.pk, record.name)] = VenueRef(obj=record)


# ---- 驻室接待 -----------------------------------------------------------------------------------


class ReceptionSheet(FrontlineSheet):
    """Receptions keyed by (org, representative, day) (Criterion C05.3)."""

    spec = RECEPTION_SPEC
    model = Reception
    KEY = ("representative_id", "held_on")
    VALUES = ("venue_id", "visitor_count", "issues")
    SOURCE = {"representative_id": "representative_number", "venue_id": "venue_name"}

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        ok, rep = self.person_id(row, "representative_number", values["representative_number"])
        venue: VenueRef | None = None
        name = values.get("venue_name")
        if name:
            venue = self.data.venues.get((org.pk or 0, name))
            if venue is None:
                self.error(
                    row,
                    "venue_name",
                    f"“{org.name}”没有名为“{name}”的场所（系统和本文件“活动场所”表中都没有）",
                )
                return None
            if venue.broken:
                return None
        if not ok:
            return None
        return {
            "representative_id": rep,
            "held_on": values["held_on"],
            "venue_id": venue.id if venue is not None else None,
            "visitor_count": values.get("visitor_count") or 0,
            "issues": values.get("issues") or "",
            "_venue": venue,
            "_number": values["representative_number"],
        }

    def extra_change(self, stored_pk: int, data: dict[str, Any]) -> dict[str, list[Any]]:
        venue: VenueRef | None = data["_venue"]
        if venue is not None and venue.pk is None and "venue_id" in self.compared:
            return {"venue": [None, "（本次导入新增的场所）"]}
        return {}

    def check(self, row: int, record: Any, org: OrgRef, data: dict[str, Any]) -> bool:
        day = record.held_on
        if day > self.data.today and (record.visitor_count or record.issues.strip()):
            self.error(
                row,
                "held_on",
                "接待日期晚于今天的只能作为值班安排：不能填写接待人数和反映的问题",
            )
            return False
        name = self.person_name(data["_number"])
        return self.representative(row, record, org, day, name)

    def resolve(self, record: Any, data: dict[str, Any]) -> None:
        venue: VenueRef | None = data["_venue"]
        if venue is not None and (record.pk is None or "venue_id" in self.compared):
            record.venue_id = venue.id


# ---- 提案建议 -----------------------------------------------------------------------------------


class ProposalSheet(FrontlineSheet):
    """Proposals keyed by (org, representative, title, submitted on) (Criterion C05.4)."""

    spec = PROPOSAL_SPEC
    model = Proposal
    KEY = ("representative_id", "title", "submitted_on")
    VALUES = ("kind", "status", "reply", "replied_on")
    SOURCE = {"representative_id": "representative_number"}

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        ok, rep = self.person_id(row, "representative_number", values["representative_number"])
        if not ok:
            return None
        return {
            "representative_id": rep,
            "title": values["title"],
            "submitted_on": values["submitted_on"],
            "kind": values["kind"],
            "status": values.get("status") or "submitted",
            "reply": values.get("reply") or "",
            "replied_on": values.get("replied_on"),
            "_number": values["representative_number"],
        }

    def check(self, row: int, record: Any, org: OrgRef, data: dict[str, Any]) -> bool:
        ok = self.not_future(row, "submitted_on", record.submitted_on, "提交日期")
        ok = self.not_future(row, "replied_on", record.replied_on, "答复日期") and ok
        name = self.person_name(data["_number"])
        return ok and self.representative(row, record, org, record.submitted_on, name)


# ---- 党员事务 -----------------------------------------------------------------------------------


class AffairSheet(FrontlineSheet):
    """Member affairs keyed by (org, kind, person, received on) (Criterion C10.2)."""

    spec = AFFAIR_SPEC
    model = MemberAffair
    KEY = ("kind", "person_id", "received_on")
    VALUES = ("completed_on", "note")
    SOURCE = {"person_id": "person_number"}

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        ok, person = self.person_id(row, "person_number", values["person_number"])
        if not ok:
            return None
        return {
            "kind": values["kind"],
            "person_id": person,
            "received_on": values["received_on"],
            "completed_on": values.get("completed_on"),
            "note": values.get("note") or "",
        }

    def check(self, row: int, record: Any, org: OrgRef, data: dict[str, Any]) -> bool:
        ok = self.not_future(row, "received_on", record.received_on, "受理日期")
        return self.not_future(row, "completed_on", record.completed_on, "办结日期") and ok


# ---- 服务事项 -----------------------------------------------------------------------------------


class ItemSheet(FrontlineSheet):
    """Public service items keyed by (org, name, published on) (Criterion C11.1)."""

    spec = ITEM_SPEC
    model = ServiceItem
    KEY = ("name", "published_on")
    VALUES = ("process", "responsible_id", "time_limit_days", "withdrawn_on")
    SOURCE = {"responsible_id": "responsible_number"}

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        ok, responsible = self.person_id(row, "responsible_number", values["responsible_number"])
        if not ok:
            return None
        return {
            "name": values["name"],
            "published_on": values["published_on"],
            "process": values["process"],
            "responsible_id": responsible,
            "time_limit_days": values["time_limit_days"],
            "withdrawn_on": values.get("withdrawn_on"),
        }


# ---- 党员先锋岗 ---------------------------------------------------------------------------------


def _numbers(text: str) -> list[str]:
    for sep in (",", "，", ";", "；", " ", "\n"):
        text = text.replace(sep, "、")
    return list(dict.fromkeys(n.strip() for n in text.split("、") if n.strip()))


class PostSheet(FrontlineSheet):
    """Vanguard posts keyed by (org, name, set up on) with their members (Criterion C11.2)."""

    spec = POST_SPEC
    model = VanguardPost
    KEY = ("name", "set_up_on")
    VALUES = ("kind", "duties", "ended_on")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.members: dict[int, list[int]] = {}

    def prepare(self) -> None:
        super().prepare()
        members: dict[int, list[int]] = defaultdict(list)
        for post_id, person_id in VanguardMember.objects.filter(
            post__university_id=self.ctx.university.pk
        ).values_list("post_id", "person_id"):
            members[post_id].append(person_id)
        self.members = {pk: sorted(ids) for pk, ids in members.items()}

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        numbers = _numbers(values["member_numbers"])
        missing = [n for n in numbers if n not in self.ctx.persons]
        if missing:
            self.error(
                row,
                "member_numbers",
                f"工号/学号“{'、'.join(missing[:5])}”不存在：本校人员中没有该号码",
            )
            return None
        if not numbers:
            self.error(row, "member_numbers", "请至少填写一名党员的工号")
            return None
        ids = sorted({self.ctx.persons[n].pk or 0 for n in numbers})
        return {
            "name": values["name"],
            "set_up_on": values["set_up_on"],
            "kind": values["kind"],
            "duties": values.get("duties") or "",
            "ended_on": values.get("ended_on"),
            "_members": ids,
            "_numbers": numbers,
        }

    def extra_change(self, stored_pk: int, data: dict[str, Any]) -> dict[str, list[Any]]:
        before = self.members.get(stored_pk, [])
        if before != data["_members"]:
            return {"members": [before, data["_members"]]}
        return {}

    def check(self, row: int, record: Any, org: OrgRef, data: dict[str, Any]) -> bool:
        day = record.set_up_on
        outside = [
            self.ctx.persons[n].name
            for n in data["_numbers"]
            if not self.data.is_org_member(self.ctx.persons[n].pk, org, day)
        ]
        if outside:
            self.error(
                row,
                "member_numbers",
                f"“{'、'.join(outside[:5])}”在{day:%Y-%m-%d}不是“{org.name}”的党员",
            )
            return False
        return True

    def created_extra(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"members": data["_members"]}

    def write_extra(self) -> None:
        replaced = [
            record.pk
            for record, _o, before, _c, data in self.planned
            if before is not None and data["_extra"]
        ]
        if replaced:
            VanguardMember.objects.filter(post_id__in=replaced).delete()
        VanguardMember.objects.bulk_create(
            [
                VanguardMember(post_id=record.pk, person_id=person_id)
                for record, _o, before, _c, data in self.planned
                if before is None or data["_extra"]
                for person_id in data["_members"]
            ]
        )


# ---- 动态通知 -----------------------------------------------------------------------------------


class NewsSheet(FrontlineSheet):
    """News and notices keyed by (org, title, published on) (Criterion C12.1)."""

    spec = NEWS_SPEC
    model = News
    KEY = ("title", "published_on")
    VALUES = ("kind", "url", "body")
    validate_url = URLValidator(schemes=["http", "https"])

    def fields(self, row: int, values: dict[str, Any], org: OrgRef) -> dict[str, Any] | None:
        url = values.get("url") or ""
        if url:
            try:
                self.validate_url(url)
            except ValidationError:
                self.error(row, "url", f"网址“{url[:60]}”格式不正确，应以 http:// 或 https:// 开头")
                return None
        return {
            "title": values["title"],
            "published_on": values["published_on"],
            "kind": values["kind"],
            "url": url,
            "body": values.get("body") or "",
        }

    def check(self, row: int, record: Any, org: OrgRef, data: dict[str, Any]) -> bool:
        return self.not_future(row, "published_on", record.published_on, "发布日期")


HANDLERS: dict[str, type[LedgerSheet]] = {
    VENUE_SPEC.name: VenueSheet,
    RECEPTION_SPEC.name: ReceptionSheet,
    PROPOSAL_SPEC.name: ProposalSheet,
    AFFAIR_SPEC.name: AffairSheet,
    ITEM_SPEC.name: ItemSheet,
    POST_SPEC.name: PostSheet,
    NEWS_SPEC.name: NewsSheet,
}
