"""URLs of the ledger app (台账), mounted at /ledger/. Names are `ledger:<entity>-<action>`."""

from django.urls import path

from liuhao.ledger.views import activities, attachments, pages, records, reports, work
from liuhao.ledger.views import imports as import_views

app_name = "ledger"
urlpatterns = [
    # the ledger page of an org and the activity page (views/pages.py)
    path("orgs/<int:pk>/", pages.org_ledger, name="org-ledger"),
    path("activities/<int:pk>/", pages.activity_detail, name="activity-detail"),
    path("attachments/<int:pk>/", pages.attachment_download, name="attachment-download"),
    # attachments of any ledger record (views/attachments.py)
    path(
        "attachments/<str:kind>/<int:pk>/add/",
        attachments.attachment_upload,
        name="attachment-upload",
    ),
    path("attachments/<int:pk>/delete/", attachments.attachment_remove, name="attachment-delete"),
    # activities (views/activities.py)
    path("orgs/<int:pk>/activities/new/", activities.activity_create, name="activity-create"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/delete/", activities.activity_delete_view, name="activity-delete"),
    path(
        "activities/<int:pk>/decisions/new/",
        activities.decision_create,
        name="decision-create",
    ),
    path("decisions/<int:pk>/edit/", activities.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/delete/", activities.decision_delete_view, name="decision-delete"),
    # plans, contact pairs and visits (views/records.py)
    path("orgs/<int:pk>/plans/new/", records.plan_create, name="plan-create"),
    path("plans/<int:pk>/edit/", records.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/delete/", records.plan_delete_view, name="plan-delete"),
    path(
        "orgs/<int:pk>/contact-pairs/new/",
        records.contact_pair_create_view,
        name="contact-pair-create",
    ),
    path("contact-pairs/<int:pk>/end/", records.contact_pair_end_view, name="contact-pair-end"),
    path("contact-pairs/<int:pk>/edit/", records.contact_pair_edit, name="contact-pair-edit"),
    path(
        "contact-pairs/<int:pk>/delete/",
        records.contact_pair_delete_view,
        name="contact-pair-delete",
    ),
    path(
        "orgs/<int:pk>/contact-visits/new/",
        records.contact_visit_create_view,
        name="contact-visit-create",
    ),
    path("contact-visits/<int:pk>/edit/", records.contact_visit_edit, name="contact-visit-edit"),
    path(
        "contact-visits/<int:pk>/delete/",
        records.contact_visit_delete_view,
        name="contact-visit-delete",
    ),
    # member service, tasks and disclosures (views/work.py)
    path(
        "orgs/<int:pk>/service-records/new/",
        work.service_record_create,
        name="servicerecord-create",
    ),
    path("service-records/<int:pk>/", work.service_record_detail, name="servicerecord-detail"),
    path("service-records/<int:pk>/edit/", work.service_record_edit, name="servicerecord-edit"),
    path(
        "service-records/<int:pk>/delete/",
        work.service_record_delete_view,
        name="servicerecord-delete",
    ),
    path("orgs/<int:pk>/tasks/new/", work.task_create, name="task-create"),
    path("orgs/<int:pk>/tasks/overdue/", work.overdue_tasks, name="overdue-tasks"),
    path("tasks/<int:pk>/", work.task_detail, name="task-detail"),
    path("tasks/<int:pk>/edit/", work.task_edit, name="task-edit"),
    path("tasks/<int:pk>/delete/", work.task_delete_view, name="task-delete"),
    path("orgs/<int:pk>/disclosures/new/", work.disclosure_create_view, name="disclosure-create"),
    path("disclosures/<int:pk>/", work.disclosure_detail, name="disclosure-detail"),
    path("disclosures/<int:pk>/edit/", work.disclosure_edit, name="disclosure-edit"),
    path("disclosures/<int:pk>/delete/", work.disclosure_delete_view, name="disclosure-delete"),
    # the structure compliance report (views/reports.py)
    path("orgs/<int:pk>/structure/", reports.structure_report_view, name="structure-report"),
    path(
        "orgs/<int:pk>/structure/export.xlsx",
        reports.structure_export,
        name="structure-export",
    ),
    # Excel import (views/imports.py)
    path("import/", import_views.import_start, name="import-start"),
    path("import/template.xlsx", import_views.import_template, name="import-template"),
    path("import/<str:token>/commit/", import_views.import_commit, name="import-commit"),
]
