from django.contrib import admin

from liuhao.orgs.models import (
    AcademicCalendar,
    Membership,
    Organization,
    Person,
    Position,
    RoleAssignment,
    WorkdayOverride,
)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "kind", "branch_type", "dissolved_on"]
    list_filter = ["kind", "branch_type"]
    search_fields = ["code", "name", "name_pinyin", "name_initials"]
    readonly_fields = ["path", "depth", "university", "parent"]
    raw_id_fields = ["university", "parent"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["number", "name", "category", "university"]
    list_filter = ["category"]
    search_fields = ["number", "name", "name_pinyin"]
    raw_id_fields = ["university", "unit", "user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["person", "org", "stage", "ended_on"]
    list_filter = ["stage"]
    raw_id_fields = ["person", "org", "university"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["person", "org", "kind", "started_on", "ended_on"]
    list_filter = ["kind"]
    raw_id_fields = ["person", "org", "university"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "role", "org", "recursive"]
    list_filter = ["role"]
    raw_id_fields = ["user", "org"]


admin.site.register(AcademicCalendar)
admin.site.register(WorkdayOverride)
