"""URLs of the orgs app. Views live in views/tree.py, views/people.py, views/imports.py, views/calendar.py."""

from django.urls import path

from liuhao.orgs.views import calendar, imports, people, tree

app_name = "orgs"
urlpatterns = [
    # org tree browser and org pages (views/tree.py)
    path("", tree.org_browser, name="org-browser"),
    path("search/", tree.org_search, name="org-search"),
    path("new/", tree.org_create, name="org-create-root"),
    path("<int:pk>/", tree.org_detail, name="org-detail"),
    path("<int:pk>/children/", tree.org_children, name="org-children"),
    path("<int:pk>/members/", tree.org_members, name="org-members"),
    path("<int:pk>/members.xlsx", tree.org_members_export, name="org-members-export"),
    path("<int:pk>/new/", tree.org_create, name="org-create"),
    path("<int:pk>/edit/", tree.org_edit, name="org-edit"),
    path("<int:pk>/move/", tree.org_move, name="org-move"),
    path("<int:pk>/dissolve/", tree.org_dissolve, name="org-dissolve"),
    path("<int:pk>/audit/", tree.org_audit, name="org-audit"),
    # people (views/people.py)
    path("<int:pk>/persons/new/", people.person_create, name="person-create"),
    path("persons/<int:pk>/", people.person_detail, name="person-detail"),
    path("persons/<int:pk>/edit/", people.person_edit, name="person-edit"),
    path("persons/<int:pk>/memberships/new/", people.membership_create, name="membership-create"),
    path("memberships/<int:pk>/edit/", people.membership_edit, name="membership-edit"),
    path("persons/<int:pk>/positions/new/", people.position_create, name="position-create"),
    path("positions/<int:pk>/edit/", people.position_edit, name="position-edit"),
    # Excel import (views/imports.py)
    path("import/", imports.import_start, name="import-start"),
    path("import/template.xlsx", imports.import_template, name="import-template"),
    path("import/<str:token>/commit/", imports.import_commit, name="import-commit"),
    # calendar: term starts and working-day overrides (views/calendar.py)
    path("calendar/", calendar.calendar_edit, name="calendar"),
]
