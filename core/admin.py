"""Admin site rules shared by every app.

The admin site writes no revision, no activity line and skips the version checks of the actions, so
it must not become a side door around them:

- history (revisions, activity, answers, progress reports, ...) is read-only there;
- domain records that have actions (`do_*`) are read-only there too: they are changed in the app;
- only reference data that exists for the admin alone (provinces, frameworks, users) is edited there,
  and people are deactivated, never deleted (partners.admin.UserAdmin).
"""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, searchable and filterable; never added, changed or deleted through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline:
    """Mixin for inlines of a read-only admin."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
