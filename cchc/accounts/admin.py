from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from cchc.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("CCHC", {"fields": ("full_name", "home_unit")}))
    list_display = ("username", "full_name", "home_unit", "is_active")
    search_fields = ("username", "full_name", "email")
