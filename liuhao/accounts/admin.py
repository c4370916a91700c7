from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from liuhao.accounts.models import ApiToken, User

admin.site.register(User, UserAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "user", "prefix", "expires_at", "revoked"]
    readonly_fields = ["key_hash", "prefix"]
