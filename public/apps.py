from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from public import pagecache


def _bump_after_commit(**kwargs):
    transaction.on_commit(pagecache.bump)


# Activity lines of changes made by a conditional UPDATE, which sends no post_save of its own.
APPROVAL_KINDS = {"result_approved", "update_approved"}


def _bump_on_approval(instance, created, **kwargs):
    if created and instance.kind in APPROVAL_KINDS:
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
        from partners.models import Activity, Organisation, Program, ProgramPartner
        from partners.panels import register_program_panel
        from public.actions import ACTIVITY_KINDS
        from public.models import PublicConsent, PublicPage
        from results.models import Indicator, PeriodTarget, Result
        from roadmap.models import Milestone, Outcome, Output

        register_kinds(ACTIVITY_KINDS)
        register_program_panel(
            "public",
            order=55,
            template="public/_program_panel.html",
            context=publication_panel,
            title=_("Public page and bulletin"),
        )
        # Whatever the public pages and bulletin show: a change forgets the cached pages.
        for model in (
            Program,
            ProgramPartner,
            Organisation,
            Outcome,
            Output,
            Milestone,
            Recognition,
            Indicator,
            PeriodTarget,
            Result,
            PublicPage,
            PublicConsent,
        ):
            post_save.connect(_bump_after_commit, sender=model, dispatch_uid=f"public-bump-save-{model.__name__}")
            post_delete.connect(_bump_after_commit, sender=model, dispatch_uid=f"public-bump-del-{model.__name__}")
        m2m_changed.connect(_bump_after_commit, sender=Program.provinces.through, dispatch_uid="public-bump-regions")
        # Approvals move state with a conditional UPDATE (no post_save); their activity line is saved.
        post_save.connect(_bump_on_approval, sender=Activity, dispatch_uid="public-bump-approval")
