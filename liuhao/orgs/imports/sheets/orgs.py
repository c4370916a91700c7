"""The 组织 sheet: create or update orgs by code, build their paths set-based, refuse cycles.

Rules enforced per row (issue 2, items 2 and 8): the parent is a stored org of the university or a
row of this sheet, is active, and may hold the row's kind (ALLOWED_CHILDREN); a university committee
is never created by import; kind and code are stable; the parent chain in the file must not loop and
an update must not move an org under its own descendant; Organization.clean() single-row rules.
New orgs are inserted level by level (parents first) with a placeholder path, then every changed
path and depth is written with one bulk update, like `orgs.services.tree.org_move` does for a subtree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from liuhao.orgs.choices import ALLOWED_CHILDREN, OrgKind
from liuhao.orgs.imports.columns import ORG_SPEC
from liuhao.orgs.imports.context import BATCH_SIZE, OrgRef
from liuhao.orgs.imports.sheets.base import UNKNOWN_ORG, SheetHandler, plain
from liuhao.orgs.models import Organization, path_segment
from liuhao.orgs.pinyin import pinyin_keys

VALUE_FIELDS = ("name", "kind", "branch_type", "unit_count", "established_on", "parent_code")
UPDATABLE = ("name", "branch_type", "unit_count", "established_on", "parent_code")
DEFAULTS: dict[str, Any] = {"branch_type": "", "unit_count": 1, "established_on": None}
PENDING_PATH = "pending-"
CODE_CHUNK = 900  # stay under SQLite's parameter limit for `code IN (...)`


@dataclass(slots=True)
class OrgRow:
    """One validated row of the sheet: its final values, and the stored ones when it exists."""

    row: int
    ref: OrgRef
    values: dict[str, Any]
    before: dict[str, Any] | None
    changed: list[str] = field(default_factory=list)
    ok: bool = True


def _kind_label(kind: str) -> str:
    return str(OrgKind(kind).label) if kind in OrgKind.values else kind


class OrgSheet(SheetHandler):
    """Validate and write the 组织 sheet."""

    spec = ORG_SPEC
    field_map = {"parent": "parent_code"}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows: list[OrgRow] = []
        self.stored: dict[str, dict[str, Any]] = {}
        self.stored_ids: dict[str, int] = {}

    def prepare(self) -> None:
        """The stored values of the university's orgs (one query), for comparing rows."""
        rows = Organization.objects.filter(university_id=self.ctx.university.pk).values_list(
            "pk", "code", "name", "kind", "branch_type", "unit_count", "established_on"
        )
        for pk, code, name, kind, branch_type, unit_count, established_on in rows:
            self.stored_ids[code] = pk
            self.stored[code] = {
                "name": name,
                "kind": kind,
                "branch_type": branch_type,
                "unit_count": unit_count,
                "established_on": established_on,
                "parent_code": self.ctx.orgs[code].parent_code,
            }

    def handle_broken(self, row: int, values: dict[str, Any]) -> None:
        code = values.get("code")
        if code and code not in self.ctx.orgs:
            self.ctx.orgs[code] = OrgRef(code, None, values.get("kind", ""), "", "", broken=True)

    def handle(self, row: int, values: dict[str, Any]) -> None:
        ctx = self.ctx
        code = values["code"]
        if self.duplicate(row, code, "code", f"组织代码“{code}”"):
            return
        if "unit_count" in values and values["unit_count"] is None:
            values["unit_count"] = DEFAULTS["unit_count"]
        before = self.stored.get(code)
        kind = values["kind"]
        if before is None:
            merged = {**DEFAULTS, **values}
            ref = OrgRef(code, None, kind, merged["name"], merged["parent_code"], row=row)
            ctx.orgs[code] = ref
            item = OrgRow(row, ref, merged, None)
            if kind == OrgKind.UNIVERSITY_COMMITTEE:
                self.error(row, "kind", "不能通过导入新建高校党委，请联系省级管理员")
                item.ok = False
        else:
            merged = {**before, **{k: v for k, v in values.items() if k in VALUE_FIELDS}}
            ref = ctx.orgs[code]
            ref.row = row
            item = OrgRow(row, ref, merged, before)
            item.changed = [f for f in UPDATABLE if merged[f] != before[f]]
            if kind != before["kind"]:
                self.error(
                    row,
                    "kind",
                    f"组织类别不能通过导入修改（系统中为“{_kind_label(before['kind'])}”）",
                )
                item.ok = False
            elif item.changed and not ref.active:
                self.error(row, "code", "该组织已撤销，不能通过导入修改")
                item.ok = False
            if item.ok:
                ref.name = merged["name"]
                ref.parent_code = merged["parent_code"]
        self.rows.append(item)

    def finish(self) -> None:
        self._check_new_codes()
        for item in self.rows:
            if item.ok and (item.before is None or "parent_code" in item.changed):
                self._check_parent(item)
        self._check_cycles()
        for item in self.rows:
            if not item.ok:
                continue
            if item.before is not None and not item.changed:
                self.summary.unchanged += 1
                continue
            values = item.values
            instance = Organization(
                code=item.ref.code,
                name=values["name"],
                kind=values["kind"],
                branch_type=values["branch_type"],
                unit_count=values["unit_count"],
                established_on=values["established_on"],
                parent_id=-1 if values["parent_code"] else None,  # only its presence matters
            )
            if not self.clean(item.row, instance):
                item.ok = False
                continue
            if item.before is None:
                self.summary.created += 1
            else:
                self.summary.updated += 1

    def _check_new_codes(self) -> None:
        """A new code must be free in the whole province (codes are globally unique)."""
        new = [item.ref.code for item in self.rows if item.before is None]
        taken: set[str] = set()
        for start in range(0, len(new), CODE_CHUNK):
            chunk = new[start : start + CODE_CHUNK]
            taken.update(Organization.objects.filter(code__in=chunk).values_list("code", flat=True))
        for item in self.rows:
            if item.before is None and item.ref.code in taken:
                self.error(item.row, "code", f"组织代码“{item.ref.code}”已被占用，请换一个代码")
                item.ok = False

    def _check_parent(self, item: OrgRow) -> None:
        kind = item.values["kind"]
        parent_code = item.values["parent_code"]
        if kind == OrgKind.UNIVERSITY_COMMITTEE:
            if parent_code:
                self.error(item.row, "parent_code", "高校党委是顶层组织，不能填写上级组织代码")
                item.ok = False
            return
        if not parent_code:
            return  # Organization.clean() reports the missing parent
        parent = self.ctx.orgs.get(parent_code)
        if parent is None:
            self.error(item.row, "parent_code", UNKNOWN_ORG.format(code=parent_code))
            item.ok = False
        elif parent.broken:
            item.ok = False
        elif not parent.active:
            self.error(item.row, "parent_code", f"上级组织“{parent.name}”已撤销")
            item.ok = False
        elif kind not in ALLOWED_CHILDREN.get(parent.kind, frozenset()):
            self.error(
                item.row,
                "parent_code",
                f"“{_kind_label(parent.kind)}”（{parent_code}）下不能设立“{_kind_label(kind)}”",
            )
            item.ok = False

    def _check_cycles(self) -> None:
        """Walk each row's parent chain in the tree as it would be after the import."""
        orgs = self.ctx.orgs
        done: set[str] = set()
        for item in self.rows:
            chain: list[str] = []
            on_chain: set[str] = set()
            code = item.ref.code
            while code and code not in done:
                if code in on_chain:
                    loop = chain[chain.index(code) :]
                    shown = " → ".join([*loop, code])
                    for member in loop:
                        ref = orgs[member]
                        if ref.row is not None:
                            self.error(
                                ref.row,
                                "parent_code",
                                f"上级组织形成循环（{shown}）：不能把组织放到它自己或其下级组织之下",
                            )
                    for other in self.rows:
                        if other.ref.code in loop:
                            other.ok = False
                    break
                on_chain.add(code)
                chain.append(code)
                parent = orgs.get(code)
                code = parent.parent_code if parent is not None else ""
            done.update(chain)

    # ---- writing ---------------------------------------------------------------------------

    def _depth_of(self, ref: OrgRef) -> int:
        depth = 0
        while ref.pk is None and ref.parent_code:
            ref = self.ctx.orgs[ref.parent_code]
            depth += 1
        return depth + (ref.depth if ref.pk is not None else 0)

    def write(self) -> None:
        ctx = self.ctx
        university_id = ctx.university.pk
        new = [item for item in self.rows if item.before is None]
        for item in new:
            item.ref.depth = self._depth_of(item.ref)
        created: list[tuple[OrgRow, Organization]] = []
        for depth in sorted({item.ref.depth for item in new}):
            level = []
            for item in new:
                if item.ref.depth != depth:
                    continue
                values = item.values
                obj = Organization(
                    university_id=university_id,
                    parent_id=ctx.orgs[values["parent_code"]].pk,
                    code=item.ref.code,
                    name=values["name"],
                    kind=values["kind"],
                    branch_type=values["branch_type"],
                    unit_count=values["unit_count"],
                    established_on=values["established_on"],
                    path=PENDING_PATH + item.ref.code,
                    depth=depth,
                )
                obj.name_pinyin, obj.name_initials = pinyin_keys(obj.name)
                level.append((item, obj))
            Organization.objects.bulk_create([obj for _, obj in level], batch_size=BATCH_SIZE)
            for item, obj in level:
                item.ref.pk = obj.pk
                ctx.org_code_by_id[obj.pk] = item.ref.code
            created.extend(level)
        updated = self._write_updates()
        self._write_paths()
        for item, obj in created:
            changes = {f: plain(getattr(obj, f)) for f in ("code", "name", "kind", "branch_type")}
            changes.update(
                parent=obj.parent_id,
                unit_count=obj.unit_count,
                established_on=plain(obj.established_on),
            )
            ctx.audit("create", obj, item.ref, changes)
        for item, obj in updated:
            ctx.audit("update", obj, item.ref, self._changes(item))

    def _write_updates(self) -> list[tuple[OrgRow, Organization]]:
        ctx = self.ctx
        updated: list[tuple[OrgRow, Organization]] = []
        for item in self.rows:
            if item.before is None or not item.changed:
                continue
            values = item.values
            obj = Organization(
                pk=item.ref.pk,
                code=item.ref.code,
                name=values["name"],
                kind=values["kind"],
                branch_type=values["branch_type"],
                unit_count=values["unit_count"],
                established_on=values["established_on"],
                parent_id=ctx.orgs[values["parent_code"]].pk if values["parent_code"] else None,
                updated_at=ctx.now,
            )
            obj.name_pinyin, obj.name_initials = pinyin_keys(obj.name)
            updated.append((item, obj))
        if updated:
            Organization.objects.bulk_update(
                [obj for _, obj in updated],
                [
                    "name",
                    "name_pinyin",
                    "name_initials",
                    "branch_type",
                    "unit_count",
                    "established_on",
                    "parent",
                    "updated_at",
                ],
                batch_size=BATCH_SIZE,
            )
        return updated

    def _write_paths(self) -> None:
        """Recompute every path of the university from the final parents; write the changed ones."""
        orgs = self.ctx.orgs
        final: dict[str, tuple[str, int]] = {}

        def resolve(code: str) -> tuple[str, int]:
            chain = []
            while code and code not in final:
                chain.append(code)
                code = orgs[code].parent_code
            path, depth = final[code] if code else ("", -1)
            for member in reversed(chain):
                ref = orgs[member]
                assert ref.pk is not None
                path, depth = path + path_segment(ref.pk), depth + 1
                final[member] = (path, depth)
            return final[chain[0]] if chain else (path, depth)

        changed = []
        for code, ref in orgs.items():
            if ref.pk is None:
                continue
            path, depth = resolve(code)
            if path != ref.path or depth != ref.depth:
                ref.path, ref.depth = path, depth
                changed.append(Organization(pk=ref.pk, path=path, depth=depth))
        if changed:
            Organization.objects.bulk_update(changed, ["path", "depth"], batch_size=BATCH_SIZE)

    def _changes(self, item: OrgRow) -> dict[str, list[Any]]:
        assert item.before is not None
        orgs = self.ctx.orgs
        changes: dict[str, list[Any]] = {}
        for f in item.changed:
            old, new = item.before[f], item.values[f]
            if f == "parent_code":
                changes["parent"] = [orgs[old].pk if old else None, orgs[new].pk if new else None]
            else:
                changes[f] = [plain(old), plain(new)]
        return changes
