"""The columns every ledger record shares: its org, the university, who entered it and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from liuhao.core.models import BaseModel
from liuhao.orgs.models import Organization


class LedgerRecord(BaseModel):
    """Abstract base of the ledger (台账) records (DESIGN §2: each record with org, date, who entered
    it and when).

    `entered_at` is set by the service when the record is first entered (not when it is edited): it
    drives the 补录 flag (entered more than `late_entry_days` after the event, DESIGN §4) and
    Criterion C04.3 (work recorded promptly). `university` is denormalised from `org` (the future
    distribution key, DESIGN §2).
    """

    # No single-column indexes: each concrete model's composite indexes lead with `org`, and rows
    # are read by university only through their org.
    org = models.ForeignKey(
        Organization,
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    university = models.ForeignKey(
        Organization,
        verbose_name="所属高校",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    entered_at = models.DateTimeField("登记时间")
    # Not indexed: accounts are deactivated rather than deleted, and no page lists records by
    # who entered them; an index would cost every insert of millions of rows.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        abstract = True
