"""Admin rows that only the store's own code writes (checkout, refunds, stock movements):
viewable, never added, changed or deleted from the admin."""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """For a ModelAdmin or an inline: every row visible, none editable."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
