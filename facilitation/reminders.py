"""What facilitation tells notifications, registered from FacilitationConfig.ready().

Facilitation has no reminder rule in the sweep yet; it only sends a notification (do_notify) when
an action item is assigned. A rule (e.g. overdue action items) would be registered here with
`notifications.registry.register_reminder_rule`.
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kinds

ACTION_ITEM_ASSIGNED = "action_item_assigned"


def register():
    register_kinds({ACTION_ITEM_ASSIGNED: _("An action item from a meeting was assigned to you")})
