"""Web forms of the orgs app: they parse and check input only; writes go through orgs.services."""

from liuhao.orgs.forms.base import add_service_error, posted
from liuhao.orgs.forms.calendar import AcademicCalendarForm, WorkdayOverrideForm
from liuhao.orgs.forms.people import MembershipForm, PersonForm, PositionForm
from liuhao.orgs.forms.tree import OrgCreateForm, OrgDissolveForm, OrgEditForm, OrgMoveForm

__all__ = [
    "AcademicCalendarForm",
    "MembershipForm",
    "OrgCreateForm",
    "OrgDissolveForm",
    "OrgEditForm",
    "OrgMoveForm",
    "PersonForm",
    "PositionForm",
    "WorkdayOverrideForm",
    "add_service_error",
    "posted",
]
