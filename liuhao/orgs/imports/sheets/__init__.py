"""One handler per data sheet, in processing order (组织 → 人员 → 党员身份 → 职务)."""

from __future__ import annotations

from liuhao.orgs.imports.columns import MEMBERSHIP_SHEET, ORG_SHEET, PERSON_SHEET, POSITION_SHEET
from liuhao.orgs.imports.sheets.base import SheetHandler
from liuhao.orgs.imports.sheets.memberships import MembershipSheet
from liuhao.orgs.imports.sheets.orgs import OrgSheet
from liuhao.orgs.imports.sheets.persons import PersonSheet
from liuhao.orgs.imports.sheets.positions import PositionSheet

HANDLERS: dict[str, type[SheetHandler]] = {
    ORG_SHEET: OrgSheet,
    PERSON_SHEET: PersonSheet,
    MEMBERSHIP_SHEET: MembershipSheet,
    POSITION_SHEET: PositionSheet,
}

__all__ = ["HANDLERS", "SheetHandler"]
