from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from notifications.kinds import register_kinds as register_notification_kinds
        from partners import reminders
        from partners.activity import register_kinds
        from partners.models import DocumentVersion, ProgramPartner
        from partners.panels import register_program_panel, storage_panel
        from partners.quota import register_file_source

        register_kinds(
            {
                "reminder_settings_updated": _("changed the reminder settings"),
                "document_added": _("added a document"),
                "document_version_added": _("uploaded a new version of a document"),
            }
        )
        register_notification_kinds(
            {"partner_people_changed": _("A partner lead changed the people of their organisation")}
        )
        register_file_source("endorsement_letters", ProgramPartner, program="program", size="endorsement_letter_size")
        register_file_source("documents", DocumentVersion, program="document__program", size="size")
        register_program_panel(
            "reminders",
            order=60,
            template="partners/_reminders_panel.html",
            context=reminders.settings_panel,
            title=_("Reminders"),
        )
        register_program_panel(
            "storage", order=70, template="partners/_storage_panel.html", context=storage_panel, title=_("File storage")
        )
        reminders.register()
