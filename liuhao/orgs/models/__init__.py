from liuhao.orgs.models.access import RoleAssignment
from liuhao.orgs.models.calendar import AcademicCalendar, WorkdayOverride
from liuhao.orgs.models.people import Membership, Person, Position
from liuhao.orgs.models.tree import Organization, path_segment, path_upper_bound, subtree_q

__all__ = [
    "AcademicCalendar",
    "Membership",
    "Organization",
    "Person",
    "Position",
    "RoleAssignment",
    "WorkdayOverride",
    "path_segment",
    "path_upper_bound",
    "subtree_q",
]
