from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from governance import panels, reminders
        from governance.models import InstitutionalChange, Recognition
        from governance.selectors import program_partner_goals
        from partners.activity import register_kinds as register_activity_kinds
        from partners.goals import register_goals_source
        from partners.panels import register_organisation_panel, register_program_panel
        from partners.quota import register_file_source

        register_activity_kinds(
            {
                "agreement_recorded": _("recorded the partnering agreement"),
                "program_reopened": _("reopened the program"),
                "agreement_updated": _("updated the partnering agreement"),
                "agreement_new_version": _("changed the signed agreement; a new version asks for sign-off"),
                "agreement_signed": _("signed the partnering agreement"),
                "agreement_document_linked": _("linked the signed document of the partnering agreement"),
                "post_emergency_review": _("recorded the post-emergency review"),
                "recommendation_proposed": _("proposed a change"),
                "recommendation_agreed": _("agreed to a proposed change"),
                "recommendation_objected": _("objected to a proposed change"),
                "recommendation_decided": _("recorded a meeting decision on a proposed change"),
                "recommendation_applied": _("applied a change"),
                "recommendation_withdrawn": _("withdrew a proposed change"),
                "partner_removed": _("removed a partner"),
                "sustainability_updated": _("updated the sustainability plan"),
                "recognition_added": _("recorded a recognition"),
                "commitment_recorded": _("recorded a partner's commitment"),
                "commitment_updated": _("changed a partner's commitment"),
                "commitment_deleted": _("deleted a partner's commitment"),
                "recognition_proposed": _("proposed a recognition"),
                "recognition_confirmed": _("confirmed a recognition"),
                "recognition_declined": _("declined a recognition"),
                "strengthening_recorded": _("recorded a policy, procedure or system a partner adopted"),
            }
        )
        reminders.register()
        register_goals_source(program_partner_goals)
        register_file_source("recognitions", Recognition, program="program", size="file_size")
        register_file_source("strengthening", InstitutionalChange, program="program", size="document_size")
        register_program_panel(
            "governance_strengthening",
            order=24,
            template="governance/_panel_strengthening.html",
            context=panels.strengthening,
            title=_("Institutional strengthening"),
        )
        register_organisation_panel(
            "governance_strengthening",
            order=21,
            template="governance/_org_panel_strengthening.html",
            context=panels.organisation_strengthening,
        )
        register_organisation_panel(
            "governance_recognition",
            order=20,
            template="governance/_org_panel_recognition.html",
            context=panels.organisation_recognition,
        )
        register_program_panel(
            "governance_agreement",
            order=20,
            template="governance/_panel_agreement.html",
            context=panels.agreement,
            title=_("Partnering agreement"),
        )
        register_program_panel(
            "governance_recommendations",
            order=21,
            template="governance/_panel_recommendations.html",
            context=panels.recommendations,
            title=_("Recommendations for change"),
        )
        register_program_panel(
            "governance_sustainability",
            order=22,
            template="governance/_panel_sustainability.html",
            context=panels.sustainability,
            title=_("Sustainability"),
        )
        register_program_panel(
            "governance_recognition",
            order=23,
            template="governance/_panel_recognition.html",
            context=panels.recognition,
            title=_("Recognition"),
        )
