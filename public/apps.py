from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from public import pagecache


def _bump_after_commit(**kwargs):
    transaction.on_commit(pagecache.bump)


def publication_panel(request, program):
    """A link from the program page to its public page settings; no queries."""
    return {}


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public pages")

    def ready(self):
        from governance.models import Recognition
        from partners.activity import register_kinds
        from partners.models import Organisation, Program, ProgramPartner
        from partners.panels import register_program_panel
        from public.actions import ACTIVITY_KINDS
        from public.models import PublicConsent, PublicPage
        from roadmap.models import Milestone, Outcome, Output

        register_kinds(ACTIVITY_KINDS)
        register_program_panel("public", order=55, template="public/_program_panel.html", context=publication_panel)
        # Whatever the public pages and bulletin show: a change forgets the cached pages.
        for model in (
            Program,
            ProgramPartner,
            Organisation,
            Outcome,
            Output,
            Milestone,
            Recognition,
            PublicPage,
            PublicConsent,
        ):
            post_save.connect(_bump_after_commit, sender=model, dispatch_uid=f"public-bump-save-{model.__name__}")
            post_delete.connect(_bump_after_commit, sender=model, dispatch_uid=f"public-bump-del-{model.__name__}")
        m2m_changed.connect(_bump_after_commit, sender=Program.provinces.through, dispatch_uid="public-bump-regions")
