"""ninja schemas of the orgs API: `<Entity>In/Patch/Out/Filter` (CONVENTIONS B6, B7).

Schemas only parse and shape data; they hold no business rules (those live in services). Output
schemas list their fields explicitly and never expose user ids, paths or password data. Input
schemas forbid unknown fields, strip whitespace and refuse control characters, so malformed input
answers 400 with the field named, never a 500.
"""

from liuhao.orgs.schemas.common import MAX_ID, OrgCode, PageNumberNoCount
from liuhao.orgs.schemas.people import (
    LeadershipOut,
    MembershipFilter,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    PersonFilter,
    PersonIn,
    PersonOut,
    PersonPatch,
    PositionFilter,
    PositionIn,
    PositionOut,
    PositionPatch,
)
from liuhao.orgs.schemas.tree import (
    OrgDissolveIn,
    OrgFilter,
    OrgIn,
    OrgMoveIn,
    OrgOut,
    OrgPatch,
    OrgStatsOut,
    StructuralWarningOut,
)

__all__ = [
    "MAX_ID",
    "LeadershipOut",
    "MembershipFilter",
    "MembershipIn",
    "MembershipOut",
    "MembershipPatch",
    "OrgCode",
    "OrgDissolveIn",
    "OrgFilter",
    "OrgIn",
    "OrgMoveIn",
    "OrgOut",
    "OrgPatch",
    "OrgStatsOut",
    "PageNumberNoCount",
    "PersonFilter",
    "PersonIn",
    "PersonOut",
    "PersonPatch",
    "PositionFilter",
    "PositionIn",
    "PositionOut",
    "PositionPatch",
    "StructuralWarningOut",
]
