"""What governance tells notifications, registered from GovernanceConfig.ready().

Governance has no reminder rule in the sweep yet; it sends notifications (do_notify) as a proposed
change moves. A rule (e.g. a proposal still waiting for a lead's answer) would be registered here
with `notifications.registry.register_reminder_rule`.
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kinds


def register():
    register_kinds(
        {
            "recommendation_proposed": _("A change is proposed; please agree or object"),
            "recommendation_objected": _("A partner objected to a proposed change"),
            "agreement_sign_again": _("The partnering agreement changed; please sign the new version"),
            "recommendation_applied": _("A proposed change was applied"),
        }
    )
