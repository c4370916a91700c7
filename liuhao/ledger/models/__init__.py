from liuhao.ledger.models.activities import Activity, Attendance, Decision
from liuhao.ledger.models.contacts import ContactPair, ContactVisit
from liuhao.ledger.models.documents import Attachment, PlanDocument

__all__ = [
    "Activity",
    "Attachment",
    "Attendance",
    "ContactPair",
    "ContactVisit",
    "Decision",
    "PlanDocument",
]
