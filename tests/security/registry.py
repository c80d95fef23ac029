"""How to get a real object id for every URL that takes one, and who the outsider is.

Every URL pattern with an int argument must have an entry here; the outsider test fails with
"add an outsider case for X" otherwise, so a new route cannot slip by without a 404 check.

An entry is `name: (kwargs(world) -> dict, outsider attribute on world)`. The outsider is
`luar` (a facilitator of another program) unless the page is deliberately open to every
facilitator, like the organisation directory; then it is `partner_outsider` (partner staff of
an organisation in another program).
"""

LUAR = "luar"
PARTNER_OUTSIDER = "partner_outsider"


def program(w):
    return {"pk": w.program.pk}


def org(w):
    return {"pk": w.org_a.pk}


def _assessments(w):
    from assessments.tests.factories import world_objects

    return world_objects(w)


def _bulletin_recipient(w):
    from public.models import BulletinRecipient

    recipient, _ = BulletinRecipient.objects.get_or_create(
        program=w.program, email="warga@example.org", defaults={"name": "Warga"}
    )
    return recipient


OBJECT_URLS = {
    # partners
    "partners:program_detail": (program, LUAR),
    "partners:program_edit": (program, LUAR),
    "partners:partner_add": (program, LUAR),
    "partners:member_add": (program, LUAR),
    "partners:member_search": (program, LUAR),  # the pickers' search (issue 16, item 15)
    "partners:partner_search": (program, LUAR),
    "partners:member_remove": (lambda w: {"pk": w.program.memberships.get(user=w.staf_a).pk}, LUAR),
    "partners:contribution_add": (program, LUAR),
    "partners:program_reminders": (program, LUAR),
    "partners:partner_edit": (lambda w: {"pk": w.partner_a.pk}, LUAR),
    "partners:partner_leave": (lambda w: {"pk": w.partner_a.pk}, LUAR),
    "partners:endorsement_edit": (lambda w: {"pk": w.partner_a.pk}, LUAR),
    "partners:endorsement_override": (lambda w: {"pk": w.partner_a.pk}, LUAR),
    "partners:endorsement_letter": (lambda w: {"pk": w.partner_with_letter.pk}, LUAR),
    "partners:contribution_edit": (lambda w: {"pk": w.contribution.pk}, LUAR),
    "partners:contribution_delete": (lambda w: {"pk": w.contribution.pk}, LUAR),
    "partners:document_list": (program, LUAR),
    "partners:document_add": (program, LUAR),
    "partners:document_detail": (lambda w: {"pk": w.document.pk}, LUAR),
    "partners:document_version_add": (lambda w: {"pk": w.document.pk}, LUAR),
    "partners:document_download": (lambda w: {"pk": w.document_version.pk}, LUAR),
    # Facilitators, managers and admins see the whole organisation directory (they scope new
    # partners), so the outsider here is partner staff of an organisation in another program.
    "partners:organisation_detail": (org, PARTNER_OUTSIDER),
    "partners:organisation_edit": (org, PARTNER_OUTSIDER),
    "partners:organisation_capacity": (org, PARTNER_OUTSIDER),
    "partners:organisation_scoping": (org, PARTNER_OUTSIDER),
    # roadmap
    "roadmap:tree": (program, LUAR),
    "roadmap:timeline": (program, LUAR),
    "roadmap:change_log": (program, LUAR),
    "roadmap:outcome_create": (program, LUAR),
    "roadmap:outcome_detail": (lambda w: {"pk": w.outcome.pk}, LUAR),
    "roadmap:outcome_edit": (lambda w: {"pk": w.outcome.pk}, LUAR),
    "roadmap:output_create": (lambda w: {"pk": w.outcome.pk}, LUAR),
    "roadmap:output_detail": (lambda w: {"pk": w.output.pk}, LUAR),
    "roadmap:tree_output_rows": (lambda w: {"pk": w.output.pk}, LUAR),
    "roadmap:output_edit": (lambda w: {"pk": w.output.pk}, LUAR),
    "roadmap:milestone_create": (lambda w: {"pk": w.output.pk}, LUAR),
    "roadmap:milestone_bulk": (lambda w: {"pk": w.output.pk}, LUAR),
    "roadmap:milestone_detail": (lambda w: {"pk": w.milestone.pk}, LUAR),
    "roadmap:milestone_edit": (lambda w: {"pk": w.milestone.pk}, LUAR),
    "roadmap:comment_create": (lambda w: {"pk": w.milestone.pk}, LUAR),
    "roadmap:update_create": (lambda w: {"pk": w.milestone.pk}, LUAR),
    "roadmap:update_sync": (lambda w: {"pk": w.milestone.pk}, LUAR),
    "roadmap:update_edit": (lambda w: {"pk": w.update.pk}, LUAR),
    "roadmap:update_submit": (lambda w: {"pk": w.update.pk}, LUAR),
    "roadmap:update_review": (lambda w: {"pk": w.update.pk}, LUAR),
    "roadmap:evidence_download": (lambda w: {"pk": w.evidence.pk}, LUAR),
    "roadmap:outcome_delete": (lambda w: {"pk": w.outcome.pk}, LUAR),
    "roadmap:output_delete": (lambda w: {"pk": w.output.pk}, LUAR),
    "roadmap:milestone_delete": (lambda w: {"pk": w.milestone.pk}, LUAR),
    # facilitation
    "facilitation:activity": (program, LUAR),
    "facilitation:meeting_list": (program, LUAR),
    "facilitation:meeting_create": (program, LUAR),
    "facilitation:meeting_detail": (lambda w: {"pk": w.meeting.pk}, LUAR),
    "facilitation:meeting_edit": (lambda w: {"pk": w.meeting.pk}, LUAR),
    "facilitation:meeting_minutes": (lambda w: {"pk": w.meeting.pk}, LUAR),
    "facilitation:meeting_record_answer": (lambda w: {"pk": w.meeting.pk}, LUAR),
    "facilitation:action_item_done": (lambda w: {"pk": w.action_item.pk}, LUAR),
    "facilitation:action_item_milestone": (lambda w: {"pk": w.action_item.pk}, LUAR),
    "facilitation:mediation_list": (program, LUAR),
    "facilitation:mediation_create": (program, LUAR),
    "facilitation:post_emergency_review": (program, LUAR),
    "facilitation:mediation_detail": (lambda w: {"pk": w.mediation.pk}, LUAR),
    "facilitation:mediation_edit": (lambda w: {"pk": w.mediation.pk}, LUAR),
    "facilitation:mediation_publish_lesson": (lambda w: {"pk": w.resolved_mediation.pk}, LUAR),
    "facilitation:lesson_publish": (program, LUAR),
    # The lesson library is shared by every internal user across programs: the outsider is partner staff.
    "facilitation:lesson_detail": (lambda w: {"pk": w.lesson.pk}, PARTNER_OUTSIDER),
    "facilitation:journal": (program, LUAR),
    "facilitation:journal_create": (program, LUAR),
    # A facilitator's profile (kind, institution, role mix) is read by every internal user.
    "facilitation:facilitator_profile": (lambda w: {"pk": w.fasilitator.pk}, PARTNER_OUTSIDER),
    "facilitation:facilitator_edit": (lambda w: {"pk": w.fasilitator.pk}, PARTNER_OUTSIDER),
    "facilitation:program_facilitators": (program, LUAR),
    "facilitation:institution_edit": (program, LUAR),
    "facilitation:hand_over": (program, LUAR),
    # governance
    "governance:agreement": (program, LUAR),
    "governance:agreement_edit": (program, LUAR),
    "governance:agreement_document": (program, LUAR),
    "governance:agreement_sign": (program, LUAR),
    "governance:change_phase": (program, LUAR),
    "governance:recommendations": (program, LUAR),
    "governance:recommendation_create": (program, LUAR),
    "governance:recommendation_detail": (lambda w: {"pk": w.recommendation.pk}, LUAR),
    "governance:recommendation_respond": (lambda w: {"pk": w.recommendation.pk}, LUAR),
    "governance:recommendation_apply": (lambda w: {"pk": w.recommendation.pk}, LUAR),
    "governance:program_reopen": (program, LUAR),
    "governance:recommendation_withdraw": (lambda w: {"pk": w.recommendation.pk}, LUAR),
    "governance:sustainability": (program, LUAR),
    "governance:sustainability_edit": (program, LUAR),
    "governance:recognitions": (program, LUAR),
    "governance:recognition_create": (program, LUAR),
    "governance:recognition_propose": (program, LUAR),
    "governance:recognition_decide": (lambda w: {"pk": w.recognition.pk}, LUAR),
    "governance:recognition_file": (lambda w: {"pk": w.recognition.pk}, LUAR),
    "governance:strengthening": (program, LUAR),
    "governance:strengthening_create": (program, LUAR),
    "governance:strengthening_document": (lambda w: {"pk": w.institutional_change.pk}, LUAR),
    # results
    "results:iptt": (program, LUAR),
    "results:periods_generate": (program, LUAR),
    "results:indicator_create": (program, LUAR),
    "results:indicator_detail": (lambda w: {"pk": w.indicator.pk}, LUAR),
    "results:indicator_edit": (lambda w: {"pk": w.indicator.pk}, LUAR),
    "results:indicator_targets": (lambda w: {"pk": w.indicator.pk}, LUAR),
    "results:result_create": (lambda w: {"pk": w.indicator.pk, "period_pk": w.reporting_period.pk}, LUAR),
    "results:result_sync": (lambda w: {"pk": w.indicator.pk, "period_pk": w.reporting_period.pk}, LUAR),
    "results:result_detail": (lambda w: {"pk": w.result.pk}, LUAR),
    "results:result_edit": (lambda w: {"pk": w.result.pk}, LUAR),
    "results:result_submit": (lambda w: {"pk": w.result.pk}, LUAR),
    "results:result_correct": (lambda w: {"pk": w.result.pk}, LUAR),
    "results:result_review": (lambda w: {"pk": w.result.pk}, LUAR),
    "results:evidence_download": (lambda w: {"pk": w.result_evidence.pk}, LUAR),
    # The catalogue is shared by every internal user: the outsider is partner staff (403, no portfolio).
    "results:standard_edit": (lambda w: {"pk": w.standard_indicator.pk}, PARTNER_OUTSIDER),
    # reports: the export job belongs to the manager who asked for it
    "reports:program": (program, LUAR),
    "reports:program_export": (lambda w: {"pk": w.program.pk, "table": "milestones", "fmt": "csv"}, LUAR),
    "reports:program_export_job": (program, LUAR),
    "reports:results_export": (lambda w: {"pk": w.program.pk, "table": "iptt", "fmt": "csv"}, LUAR),
    "reports:export_detail": (lambda w: {"pk": w.export_job.pk}, LUAR),
    "reports:export_status": (lambda w: {"pk": w.export_job.pk}, LUAR),
    "reports:export_download": (lambda w: {"pk": w.export_job.pk}, LUAR),
    # governance: committed against realised (issue 14, item 5)
    "governance:commitments": (program, LUAR),
    "governance:commitment_create": (program, LUAR),
    "governance:commitment_edit": (lambda w: {"pk": w.commitment.pk}, LUAR),
    "governance:commitment_delete": (lambda w: {"pk": w.commitment.pk}, LUAR),
    # public: the publication settings of a program (the public pages themselves take a slug)
    "public:publication": (program, LUAR),
    "public:publish": (program, LUAR),
    "public:consent": (program, LUAR),
    "public:bulletin_schedule": (program, LUAR),
    "public:recipient_add": (program, LUAR),
    "public:partner_contacts_add": (program, LUAR),
    "public:bulletin_pack": (program, LUAR),
    "public:recipient_remove": (lambda w: {"pk": _bulletin_recipient(w).pk}, LUAR),
    # imports: the program's facilitator imports; a job is seen by its uploader only
    "imports:program_roadmap": (program, LUAR),
    "imports:program_roadmap_template": (lambda w: {"pk": w.program.pk, "fmt": "xlsx"}, LUAR),
    "imports:program_members": (program, LUAR),
    "imports:program_members_template": (lambda w: {"pk": w.program.pk, "fmt": "csv"}, LUAR),
    "imports:program_results": (program, LUAR),
    "imports:program_results_template": (lambda w: {"pk": w.program.pk, "fmt": "xlsx"}, LUAR),
    "imports:job_detail": (lambda w: {"pk": w.import_job.pk}, LUAR),
    "imports:job_status": (lambda w: {"pk": w.import_job.pk}, LUAR),
    "imports:job_apply": (lambda w: {"pk": w.import_job.pk}, LUAR),
    # notifications: someone else's notification
    "notifications:mark_read": (lambda w: {"pk": w.notification.pk}, LUAR),
    # assessments (objects built by assessments.tests.factories.world_objects)
    "assessments:program": (program, LUAR),
    "assessments:round_create": (program, LUAR),
    "assessments:health_results": (program, LUAR),
    "assessments:person_results": (lambda w: {"pk": w.program.pk, "user_pk": w.staf_a.pk}, LUAR),
    "assessments:organisation_results": (lambda w: {"pk": w.program.pk, "partner_pk": w.partner_a.pk}, LUAR),
    "assessments:consent": (program, LUAR),
    "assessments:plan_list": (program, LUAR),
    "assessments:plan_create": (program, LUAR),
    "assessments:round_detail": (lambda w: {"pk": _assessments(w)["round"].pk}, LUAR),
    "assessments:round_close": (lambda w: {"pk": _assessments(w)["round"].pk}, LUAR),
    "assessments:round_reopen": (lambda w: {"pk": _assessments(w)["round"].pk}, LUAR),
    "assessments:assess": (lambda w: {"round_pk": _assessments(w)["round"].pk, "user_pk": w.staf_a.pk}, LUAR),
    "assessments:assessment_return": (
        lambda w: {"round_pk": _assessments(w)["round"].pk, "user_pk": w.staf_a.pk},
        LUAR,
    ),
    "assessments:health_check_return": (
        lambda w: {"round_pk": _assessments(w)["round"].pk, "user_pk": w.lead_a.pk},
        LUAR,
    ),
    "assessments:health_check": (lambda w: {"round_pk": _assessments(w)["round"].pk}, LUAR),
    "assessments:health_plan": (lambda w: {"pk": _assessments(w)["round"].pk}, LUAR),
    "assessments:health_action_done": (lambda w: {"pk": _assessments(w)["health_action"].pk}, LUAR),
    "assessments:plan_detail": (lambda w: {"pk": _assessments(w)["plan"].pk}, LUAR),
    "assessments:training_create": (lambda w: {"pk": _assessments(w)["plan"].pk}, LUAR),
    "assessments:training_edit": (
        lambda w: {"pk": _assessments(w)["plan"].pk, "training_pk": _assessments(w)["training"].pk},
        LUAR,
    ),
    # Development suggestions are shared data every facilitator edits: the outsider is partner staff.
    "assessments:suggestion_edit": (lambda w: {"pk": _assessments(w)["suggestion"].pk}, PARTNER_OUTSIDER),
    # api (the walker signs in with the session; a token gets the same answers, api/tests)
    "api:program_detail": (program, LUAR),
    "api:partner_list": (program, LUAR),
    "api:contribution_list": (program, LUAR),
    "api:outcome_list": (program, LUAR),
    "api:output_list": (program, LUAR),
    "api:milestone_list": (program, LUAR),
    "api:progress_update_list": (program, LUAR),
    "api:health_summary": (program, LUAR),
    "api:organisation_detail": (org, PARTNER_OUTSIDER),
    "api:milestone_detail": (lambda w: {"pk": w.milestone.pk}, LUAR),
    "api:progress_update_create": (lambda w: {"pk": w.milestone.pk}, LUAR),
    "api:progress_update_detail": (lambda w: {"pk": w.update.pk}, LUAR),
    "api:progress_update_submit": (lambda w: {"pk": w.update.pk}, LUAR),
    "api:indicator_list": (program, LUAR),
    "api:reporting_period_list": (program, LUAR),
    "api:result_list": (program, LUAR),
    "api:result_detail": (lambda w: {"pk": w.result.pk}, LUAR),
    "api:result_create": (lambda w: {"pk": w.indicator.pk, "period_pk": w.reporting_period.pk}, LUAR),
    "api:program_export": (lambda w: {"pk": w.program.pk, "table": "milestones", "fmt": "csv"}, LUAR),
    "api:export_detail": (lambda w: {"pk": w.export_job.pk}, LUAR),
    "api:export_download": (lambda w: {"pk": w.export_job.pk}, LUAR),
}

# Pages that a read-only member of the program (a program manager, or partner staff) opens or posts
# to and is refused with 403: `name: (kwargs(world) -> dict, reader attribute on world)`.
READ_ONLY_URLS = {
    "partners:partner_edit": (lambda w: {"pk": w.partner_a.pk}, "manajer"),  # how the partner joined (item 8)
    "partners:member_add": (program, "manajer"),
    "partners:member_search": (program, "manajer"),
    "partners:partner_search": (program, "lead_a"),
    "partners:document_add": (program, "manajer"),  # the document library (issue 14, item 3)
    "partners:document_version_add": (lambda w: {"pk": w.document.pk}, "manajer"),
    "governance:agreement_document": (program, "manajer"),
    # Recognition from the community (issue 15, item 13): only a partner lead proposes, only the
    # facilitator confirms or declines.
    "governance:recognition_propose": (program, "staf_a"),
    "governance:recognition_decide": (lambda w: {"pk": w.recognition.pk}, "manajer"),
    # Health-check action plan (issue 15, item 11): only the facilitator adds; the facilitator or the
    # item's owner (person, or lead of the owning partner) marks it done.
    "assessments:health_action_done": (lambda w: {"pk": _assessments(w)["health_action"].pk}, "staf_b"),
    # Institutional strengthening (issue 15, item 10): the facilitator or the partner's own lead records.
    "governance:strengthening_create": (program, "staf_a"),
    "imports:program_roadmap": (program, "manajer"),
    "imports:program_roadmap_template": (lambda w: {"pk": w.program.pk, "fmt": "xlsx"}, "manajer"),
    "imports:program_members": (program, "manajer"),
    "imports:program_results": (program, "manajer"),
    "imports:program_results_template": (lambda w: {"pk": w.program.pk, "fmt": "csv"}, "staf_a"),
    "partners:member_remove": (lambda w: {"pk": w.program.memberships.get(user=w.staf_b).pk}, "manajer"),
    "governance:commitment_create": (program, "manajer"),
    "governance:commitment_edit": (lambda w: {"pk": w.commitment.pk}, "manajer"),
    # issue 15, item 5: only the program's facilitator publishes to the lesson library
    "facilitation:lesson_publish": (program, "manajer"),
    "facilitation:mediation_publish_lesson": (lambda w: {"pk": w.resolved_mediation.pk}, "manajer"),
    # item 6: the journal is written by the facilitator, read by managers, not by partner people
    "facilitation:journal_create": (program, "manajer"),
    "facilitation:journal": (program, "staf_a"),
    # item 7: a facilitator's own profile; the institution and the hand-over are the facilitator's
    "facilitation:facilitator_edit": (lambda w: {"pk": w.fasilitator.pk}, "manajer"),
    "facilitation:institution_edit": (program, "manajer"),
    "facilitation:hand_over": (program, "manajer"),
}

# The REST API answers a request without credentials with 401 (JSON, `WWW-Authenticate: Token`)
# instead of a redirect to the login page; both count as "needs a login".
API_NAMESPACES = {"api"}

# Reachable without logging in, on purpose.
PUBLIC_URLS = {
    "login",
    "logout",  # POST only; an anonymous POST just lands on the login page
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "healthz",
    # The installable web app (docs/reach.md): the service worker script and the manifest hold no data.
    "service_worker",
    "manifest",
    "admin:login",
    "admin:logout",
    # Public pages of published programs (docs/reach.md): open by design, 404 unless published and agreed.
    "public:index",
    "public:program",
    "public:program_json",
    "public:bulletin",
    # The signed unsubscribe link in every bulletin email (people without an account).
    "public:unsubscribe",
}


def kwargs_for(route, world):
    """Real kwargs for a route from the registry, or dummy values."""
    from tests.urlwalk import dummy_value

    entry = OBJECT_URLS.get(route.name)
    kwargs = entry[0](world) if entry else {}
    for key, converter in route.converters.items():
        kwargs.setdefault(key, dummy_value(converter))
    return kwargs
