from liuhao.ledger.models.activities import Activity, Attendance, Decision
from liuhao.ledger.models.contacts import ContactPair, ContactVisit
from liuhao.ledger.models.documents import Attachment, PlanDocument
from liuhao.ledger.models.work import Disclosure, ServiceRecord, Task

__all__ = [
    "Activity",
    "Attachment",
    "Attendance",
    "ContactPair",
    "ContactVisit",
    "Decision",
    "Disclosure",
    "PlanDocument",
    "ServiceRecord",
    "Task",
]
