from django.contrib import admin

from liuhao.ledger.models import (
    Activity,
    Attachment,
    Attendance,
    ContactPair,
    ContactVisit,
    Decision,
    PlanDocument,
)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["held_on", "kind", "topic", "org", "is_decision_meeting", "entered_at"]
    list_filter = ["kind", "is_decision_meeting"]
    search_fields = ["topic"]
    date_hierarchy = "held_on"
    raw_id_fields = ["org", "university", "entered_by"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["activity", "person", "status"]
    list_filter = ["status"]
    raw_id_fields = ["activity", "person"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["activity", "text", "members_entitled", "members_present"]
    raw_id_fields = ["activity"]


@admin.register(PlanDocument)
class PlanDocumentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "kind", "org", "valid_from", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["title"]
    raw_id_fields = ["org", "university", "entered_by"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["original_name", "content_type", "size", "sha256", "org"]
    readonly_fields = ["sha256", "size", "content_type"]
    raw_id_fields = ["org", "university", "activity", "plan", "entered_by"]


@admin.register(ContactPair)
class ContactPairAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["leader", "target", "org", "started_on", "ended_on"]
    raw_id_fields = ["org", "university", "leader", "target", "entered_by"]


@admin.register(ContactVisit)
class ContactVisitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["visited_on", "leader", "topic", "org"]
    raw_id_fields = ["org", "university", "leader", "target", "entered_by"]
