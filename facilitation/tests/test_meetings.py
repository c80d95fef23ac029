import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from facilitation.models import ActionItem, Decision, Meeting
from facilitation.tests.factories import ActionItemFactory, DecisionFactory, MeetingFactory, OutputFactory
from partners.models import Activity
from roadmap.models import Milestone

pytestmark = pytest.mark.django_db

READERS = ["fasilitator", "staf_a", "lead_a", "staf_b", "lead_b", "manajer", "admin"]
NOT_WRITERS = ["staf_a", "lead_a", "staf_b", "lead_b", "manajer"]


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def meeting_data(cast, items=(), **overrides):
    data = {
        "title": "Rapat koordinasi triwulan",
        "kind": "coordination",
        "status": "held",
        "date": days(-1).isoformat(),
        "location": "Kantor Bappeda, Kupang",
        "attendees": [cast.staf_a.pk, cast.lead_b.pk],
        "attending_partners": [cast.partner_a.pk, cast.partner_b.pk],
        "agenda": "1. Kemajuan\n2. Rencana",
        "notes": "Diskusi berjalan baik.",
        "decisions": "Pelatihan dipercepat\n\n  Data dibagikan tiap bulan  ",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for i, item in enumerate(items):
        for key, value in item.items():
            data[f"items-{i}-{key}"] = value
    data.update(overrides)
    return data


def item(cast, **overrides):
    return {"description": "Kirim data desa", "owner_partner": cast.partner_a.pk, "due_date": days(14).isoformat()} | (
        overrides
    )


# --- list -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", READERS)
def test_every_member_reads_the_meeting_list(cast, login, who):
    MeetingFactory(program=cast.program, title="Rapat pertama")
    response = login(getattr(cast, who)).get(reverse("facilitation:meeting_list", args=[cast.program.pk]))
    assert response.status_code == 200
    assert "Rapat pertama" in response.content.decode()


def test_outsider_gets_404_on_the_meeting_list(cast, login):
    MeetingFactory(program=cast.program)
    assert login(cast.luar).get(reverse("facilitation:meeting_list", args=[cast.program.pk])).status_code == 404


def test_only_the_facilitator_is_offered_a_new_meeting(cast, login):
    url = reverse("facilitation:meeting_list", args=[cast.program.pk])
    create = reverse("facilitation:meeting_create", args=[cast.program.pk])
    assert create in login(cast.fasilitator).get(url).content.decode()
    assert create not in login(cast.manajer).get(url).content.decode()


def test_meeting_list_query_count_is_constant(cast, login, django_assert_num_queries):
    client = login(cast.staf_a)
    url = reverse("facilitation:meeting_list", args=[cast.program.pk])
    for _i in range(2):
        DecisionFactory(meeting=ActionItemFactory(meeting__program=cast.program).meeting)
    # overhead: session, user, user's organisation (navbar), unread notifications, session save (3)
    # ours: program, membership, page count, meetings with their decision and item counts
    with django_assert_num_queries(11):
        client.get(url)
    for _i in range(8):
        DecisionFactory(meeting=ActionItemFactory(meeting__program=cast.program).meeting)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert len(response.context["page"]) == 10


# --- create -----------------------------------------------------------------------------------------


def test_facilitator_records_a_held_meeting_with_decisions_and_action_items(cast, login):
    data = meeting_data(
        cast, [item(cast), item(cast, description="Jadwalkan pelatihan", owner_partner="", owner_person=cast.staf_b.pk)]
    )
    response = login(cast.fasilitator).post(reverse("facilitation:meeting_create", args=[cast.program.pk]), data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.is_held and meeting.created_by == cast.fasilitator
    assert set(meeting.attendees.all()) == {cast.staf_a, cast.lead_b}
    assert set(meeting.attending_partners.all()) == {cast.partner_a, cast.partner_b}
    assert list(meeting.decisions.values_list("text", flat=True)) == [
        "Pelatihan dipercepat",
        "Data dibagikan tiap bulan",
    ]
    items = {i.description: i for i in meeting.action_items.all()}
    assert items["Kirim data desa"].owner_partner == cast.partner_a
    assert items["Jadwalkan pelatihan"].owner_person == cast.staf_b
    kinds = list(Activity.objects.filter(program=cast.program).values_list("kind", flat=True))
    assert sorted(kinds) == ["decisions_recorded", "meeting_held"]


def test_a_planned_meeting_is_recorded_as_planned(cast, login):
    data = meeting_data(cast, status="planned", date=days(10).isoformat(), decisions="")
    login(cast.fasilitator).post(reverse("facilitation:meeting_create", args=[cast.program.pk]), data)
    assert Meeting.objects.get().status == "planned"
    assert list(Activity.objects.values_list("kind", flat=True)) == ["meeting_planned"]


def test_a_future_meeting_marked_as_held_is_refused(cast, login):
    data = meeting_data(cast, [item(cast)], date=days(3).isoformat())
    response = login(cast.fasilitator).post(reverse("facilitation:meeting_create", args=[cast.program.pk]), data)
    assert response.status_code == 400
    assert "A meeting dated in the future cannot be marked as held" in response.content.decode()
    assert not Meeting.objects.exists() and not ActionItem.objects.exists() and not Activity.objects.exists()


def test_an_action_item_without_owner_refuses_the_whole_meeting(cast, login):
    data = meeting_data(cast, [item(cast, owner_partner="")])
    response = login(cast.fasilitator).post(reverse("facilitation:meeting_create", args=[cast.program.pk]), data)
    assert response.status_code == 400
    assert "Name the person or the partner who owns this action." in response.content.decode()
    assert not Meeting.objects.exists() and not Decision.objects.exists()


def test_an_action_item_without_due_date_is_refused(cast, login):
    data = meeting_data(cast, [item(cast, due_date="")])
    response = login(cast.fasilitator).post(reverse("facilitation:meeting_create", args=[cast.program.pk]), data)
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_attendees_from_another_program_are_refused(cast, login):
    data = meeting_data(cast, attendees=[cast.luar.pk])
    response = login(cast.fasilitator).post(reverse("facilitation:meeting_create", args=[cast.program.pk]), data)
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_bad_date_and_missing_title_are_refused_without_a_500(cast, login):
    data = meeting_data(cast, date="31-02-2026", title="")
    response = login(cast.fasilitator).post(reverse("facilitation:meeting_create", args=[cast.program.pk]), data)
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_a_missing_management_form_is_refused_without_a_500(cast, login):
    data = {k: v for k, v in meeting_data(cast).items() if not k.startswith("items-")}
    response = login(cast.fasilitator).post(reverse("facilitation:meeting_create", args=[cast.program.pk]), data)
    assert response.status_code == 400
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("who", NOT_WRITERS)
def test_members_who_are_not_the_facilitator_get_403_on_create(cast, login, who):
    url = reverse("facilitation:meeting_create", args=[cast.program.pk])
    client = login(getattr(cast, who))
    assert client.get(url).status_code == 403
    assert client.post(url, meeting_data(cast)).status_code == 403
    assert not Meeting.objects.exists()


def test_outsider_gets_404_on_create(cast, login):
    url = reverse("facilitation:meeting_create", args=[cast.program.pk])
    assert login(cast.luar).post(url, meeting_data(cast)).status_code == 404
    assert not Meeting.objects.exists()


def test_admin_may_record_a_meeting(cast, login):
    response = login(cast.admin).post(
        reverse("facilitation:meeting_create", args=[cast.program.pk]), meeting_data(cast)
    )
    assert response.status_code == 302
    assert Meeting.objects.count() == 1


# --- edit -------------------------------------------------------------------------------------------


def test_facilitator_edits_changes_and_removes_action_items(cast, login):
    meeting = MeetingFactory(program=cast.program, status="planned", date=days(-2))
    keep = ActionItemFactory(meeting=meeting, description="Lama", owner_partner=cast.partner_a)
    drop = ActionItemFactory(meeting=meeting, description="Hapus", owner_partner=cast.partner_b)
    DecisionFactory(meeting=meeting, text="Keputusan lama")
    data = meeting_data(
        cast,
        [
            item(cast, id=keep.pk, description="Lama (diubah)"),
            item(cast, id=drop.pk, description="Hapus", DELETE="on"),
            item(cast, description="Baru"),
        ],
        decisions="Keputusan lama\nKeputusan baru",
    )
    data["items-INITIAL_FORMS"] = "2"
    response = login(cast.fasilitator).post(reverse("facilitation:meeting_edit", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_held
    assert sorted(meeting.action_items.values_list("description", flat=True)) == ["Baru", "Lama (diubah)"]
    assert list(meeting.decisions.values_list("text", flat=True)) == ["Keputusan lama", "Keputusan baru"]
    labels = dict(Activity.objects.values_list("kind", "label"))
    assert labels["decisions_recorded"].endswith("Keputusan baru")
    assert "meeting_held" in labels


def test_edit_form_shows_the_decisions_one_per_line(cast, login):
    meeting = MeetingFactory(program=cast.program)
    DecisionFactory(meeting=meeting, text="Satu")
    DecisionFactory(meeting=meeting, text="Dua")
    response = login(cast.fasilitator).get(reverse("facilitation:meeting_edit", args=[meeting.pk]))
    assert response.status_code == 200
    assert response.context["form"].initial["decisions"] == "Satu\nDua"


def test_an_item_of_another_meeting_cannot_be_changed_through_this_one(cast, login):
    meeting = MeetingFactory(program=cast.program)
    other = ActionItemFactory(description="Milik rapat lain", owner_partner=cast.partner_a)
    data = meeting_data(cast, [item(cast, id=other.pk, description="Dibajak")])
    data["items-INITIAL_FORMS"] = "1"
    response = login(cast.fasilitator).post(reverse("facilitation:meeting_edit", args=[meeting.pk]), data)
    assert response.status_code in (302, 400)  # Django treats the foreign id as a new row; never a 500
    other.refresh_from_db()
    assert other.description == "Milik rapat lain"
    assert other.meeting_id != meeting.pk


@pytest.mark.parametrize("who", NOT_WRITERS)
def test_members_who_are_not_the_facilitator_get_403_on_edit(cast, login, who):
    meeting = MeetingFactory(program=cast.program, title="Asli")
    response = login(getattr(cast, who)).post(
        reverse("facilitation:meeting_edit", args=[meeting.pk]), meeting_data(cast)
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "Asli"


def test_outsider_gets_404_on_edit(cast, login):
    meeting = MeetingFactory(program=cast.program)
    assert login(cast.luar).get(reverse("facilitation:meeting_edit", args=[meeting.pk])).status_code == 404


# --- detail and printable minutes ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["facilitation:meeting_detail", "facilitation:meeting_minutes"])
@pytest.mark.parametrize("who", READERS)
def test_every_member_reads_the_meeting_and_its_minutes(cast, login, who, name):
    meeting = MeetingFactory(program=cast.program, title="Rapat desa")
    DecisionFactory(meeting=meeting, text="Bentuk kelompok tani")
    ActionItemFactory(meeting=meeting, description="Susun daftar anggota", owner_partner=cast.partner_a)
    response = login(getattr(cast, who)).get(reverse(name, args=[meeting.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bentuk kelompok tani" in body and "Susun daftar anggota" in body and "Yayasan Mitra A" in body


@pytest.mark.parametrize("name", ["facilitation:meeting_detail", "facilitation:meeting_minutes"])
def test_outsider_gets_404_on_the_meeting(cast, login, name):
    meeting = MeetingFactory(program=cast.program)
    assert login(cast.luar).get(reverse(name, args=[meeting.pk])).status_code == 404


def test_minutes_are_printable_without_inline_script(cast, login):
    meeting = MeetingFactory(program=cast.program)
    body = login(cast.staf_a).get(reverse("facilitation:meeting_minutes", args=[meeting.pk])).content.decode()
    assert "data-print-minutes" in body
    assert "js/facilitation-minutes.js" in body
    assert "size: A4" in body
    assert "<script>" not in body and "onclick" not in body


def test_only_the_facilitator_sees_edit_controls(cast, login):
    meeting = MeetingFactory(program=cast.program)
    ActionItemFactory(meeting=meeting, owner_partner=cast.partner_a)
    edit = reverse("facilitation:meeting_edit", args=[meeting.pk])
    assert edit in login(cast.fasilitator).get(meeting.get_absolute_url()).content.decode()
    body = login(cast.manajer).get(meeting.get_absolute_url()).content.decode()
    assert edit not in body and "Make a milestone" not in body


@pytest.mark.parametrize("name", ["facilitation:meeting_detail", "facilitation:meeting_minutes"])
def test_meeting_page_query_count_is_constant(cast, login, django_assert_num_queries, name):
    meeting = MeetingFactory(program=cast.program)
    client = login(cast.fasilitator)
    url = reverse(name, args=[meeting.pk])

    def add(n):
        for _i in range(n):
            DecisionFactory(meeting=meeting)
            ActionItemFactory(meeting=meeting, owner_partner=cast.partner_a, owner_person=cast.staf_a)
        meeting.attendees.add(cast.staf_a, cast.staf_b)
        meeting.attending_partners.add(cast.partner_a, cast.partner_b)

    add(2)
    # overhead: session, user, unread notifications, session save (3)
    # ours: meeting+program, membership, decisions, items with owners and milestones, attendees, partners
    with django_assert_num_queries(12):
        client.get(url)
    add(6)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert len(response.context["items"]) == 8


# --- action items -------------------------------------------------------------------------------------


def test_facilitator_marks_an_action_item_done_and_reopens_it(cast, login):
    action = ActionItemFactory(meeting__program=cast.program, owner_partner=cast.partner_a)
    client = login(cast.fasilitator)
    url = reverse("facilitation:action_item_done", args=[action.pk])
    assert client.post(url, {"done": "1"}).status_code == 302
    action.refresh_from_db()
    assert action.done
    assert Activity.objects.filter(kind="action_item_done").count() == 1
    client.post(url, {"done": "0"})
    action.refresh_from_db()
    assert not action.done


@pytest.mark.parametrize("who", NOT_WRITERS)
def test_others_cannot_mark_action_items_done(cast, login, who):
    action = ActionItemFactory(meeting__program=cast.program, owner_partner=cast.partner_a)
    url = reverse("facilitation:action_item_done", args=[action.pk])
    assert login(getattr(cast, who)).post(url, {"done": "1"}).status_code == 403
    action.refresh_from_db()
    assert not action.done


def test_outsider_gets_404_on_action_items(cast, login):
    action = ActionItemFactory(meeting__program=cast.program, owner_partner=cast.partner_a)
    client = login(cast.luar)
    assert client.post(reverse("facilitation:action_item_done", args=[action.pk]), {"done": "1"}).status_code == 404
    assert client.get(reverse("facilitation:action_item_milestone", args=[action.pk])).status_code == 404


def test_marking_done_needs_a_post(cast, login):
    action = ActionItemFactory(meeting__program=cast.program)
    assert login(cast.fasilitator).get(reverse("facilitation:action_item_done", args=[action.pk])).status_code == 405


def _milestone_data(cast, output_row, **overrides):
    return {
        "output": output_row.pk,
        "owner": cast.partner_a.pk,
        "title": "Data 20 desa terkumpul",
        "start_date": days(0).isoformat(),
        "due_date": days(30).isoformat(),
        "responsible": cast.staf_a.pk,
    } | overrides


def test_the_milestone_form_is_prefilled_from_the_action_item(cast, login):
    meeting = MeetingFactory(program=cast.program, date=days(-3))
    action = ActionItemFactory(
        meeting=meeting,
        description="Kumpulkan data",
        owner_partner=cast.partner_b,
        owner_person=cast.staf_b,
        due_date=days(20),
    )
    response = login(cast.fasilitator).get(reverse("facilitation:action_item_milestone", args=[action.pk]))
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["title"] == "Kumpulkan data"
    assert initial["owner"] == cast.partner_b.pk and initial["responsible"] == cast.staf_b.pk
    assert initial["start_date"] == days(-3) and initial["due_date"] == days(20)


def test_an_action_item_becomes_a_milestone_in_one_click(cast, login):
    output = OutputFactory(outcome__program=cast.program)
    action = ActionItemFactory(meeting__program=cast.program, owner_partner=cast.partner_a)
    response = login(cast.fasilitator).post(
        reverse("facilitation:action_item_milestone", args=[action.pk]), _milestone_data(cast, output)
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert (milestone.program, milestone.output, milestone.owner) == (cast.program, output, cast.partner_a)
    assert milestone.responsible == cast.staf_a and milestone.due_date == days(30)
    action.refresh_from_db()
    assert action.milestone == milestone
    page = login(cast.staf_a).get(action.meeting.get_absolute_url()).content.decode()
    assert milestone.get_absolute_url() in page


def test_an_action_item_becomes_a_milestone_only_once(cast, login):
    output = OutputFactory(outcome__program=cast.program)
    action = ActionItemFactory(meeting__program=cast.program, owner_partner=cast.partner_a)
    client = login(cast.fasilitator)
    url = reverse("facilitation:action_item_milestone", args=[action.pk])
    client.post(url, _milestone_data(cast, output))
    response = client.post(url, _milestone_data(cast, output))
    assert response.status_code == 302
    assert Milestone.objects.count() == 1


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"due_date": days(-5).isoformat()}, "The due date cannot be before the start date."),
        ({"responsible": "staf_b"}, "The responsible person must work for the owner partner."),
        ({"output": "other"}, "Select a valid choice"),
        ({"title": ""}, "This field is required"),
    ],
)
def test_bad_milestone_input_is_refused_and_nothing_is_saved(cast, login, overrides, message):
    output = OutputFactory(outcome__program=cast.program)
    action = ActionItemFactory(meeting__program=cast.program, owner_partner=cast.partner_a)
    if overrides.get("responsible") == "staf_b":
        overrides["responsible"] = cast.staf_b.pk
    if overrides.get("output") == "other":
        overrides["output"] = OutputFactory().pk  # an output of another program
    response = login(cast.fasilitator).post(
        reverse("facilitation:action_item_milestone", args=[action.pk]), _milestone_data(cast, output, **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Milestone.objects.exists()
    action.refresh_from_db()
    assert action.milestone is None


@pytest.mark.parametrize("who", NOT_WRITERS)
def test_others_cannot_turn_action_items_into_milestones(cast, login, who):
    output = OutputFactory(outcome__program=cast.program)
    action = ActionItemFactory(meeting__program=cast.program, owner_partner=cast.partner_a)
    url = reverse("facilitation:action_item_milestone", args=[action.pk])
    client = login(getattr(cast, who))
    assert client.get(url).status_code == 403
    assert client.post(url, _milestone_data(cast, output)).status_code == 403
    assert not Milestone.objects.exists()


def test_owners_of_new_action_items_are_notified_once(cast, login):
    from notifications.models import Notification

    data = meeting_data(
        cast,
        [
            item(cast, owner_person=cast.staf_a.pk),
            item(cast, description="Kedua", owner_person=cast.staf_a.pk),
            item(cast, description="Milik pendamping", owner_person=cast.fasilitator.pk),
            item(cast, description="Hanya mitra"),
        ],
    )
    client = login(cast.fasilitator)
    client.post(reverse("facilitation:meeting_create", args=[cast.program.pk]), data)
    meeting = Meeting.objects.get()
    note = Notification.objects.get()
    assert (note.user, note.kind, note.url) == (cast.staf_a, "action_item_assigned", meeting.get_absolute_url())
    assert "Kirim data desa" in note.message and "Kedua" in note.message
    # Saving again without changing owners tells nobody again.
    items = list(meeting.action_items.order_by("pk"))
    again = meeting_data(
        cast,
        [item(cast, id=i.pk, description=i.description, owner_person=i.owner_person_id or "") for i in items],
    )
    again["items-INITIAL_FORMS"] = str(len(items))
    assert client.post(reverse("facilitation:meeting_edit", args=[meeting.pk]), again).status_code == 302
    assert Notification.objects.count() == 1


def test_the_prefilled_responsible_person_may_belong_to_two_programs(cast, login):
    """Ordinary flow: staf_a is a partner in a second program too. The choice is one person, not two
    (chained filters joined memberships twice, and picking them raised MultipleObjectsReturned)."""
    from partners.tests.factories import MembershipFactory, ProgramPartnerFactory

    elsewhere = ProgramPartnerFactory(program__name="Program Kedua", organisation=cast.org_a)
    MembershipFactory(program=elsewhere.program, user=cast.staf_a, role="partner_staff", partner=elsewhere)
    output = OutputFactory(outcome__program=cast.program)
    action = ActionItemFactory(meeting__program=cast.program, owner_partner=cast.partner_a, owner_person=cast.staf_a)
    client = login(cast.fasilitator)
    client.raise_request_exception = True
    url = reverse("facilitation:action_item_milestone", args=[action.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["responsible"].queryset).count(cast.staf_a) == 1
    response = client.post(url, _milestone_data(cast, output))
    assert response.status_code == 302
    assert Milestone.objects.get().responsible == cast.staf_a


# Issue 16, item 8: a new action item due in the past, or after the program, is confirmed first


def test_a_past_due_action_item_needs_a_confirmation(cast, login):
    from facilitation.models import ActionItem

    client = login(cast.fasilitator)
    url = reverse("facilitation:meeting_create", args=[cast.program.pk])
    old = item(cast, due_date="2020-01-15")
    response = client.post(url, meeting_data(cast, [old]))
    assert response.status_code == 400
    assert 'data-testid="confirm-dates"' in response.content.decode()
    assert not ActionItem.objects.exists()
    client.post(url, meeting_data(cast, [old | {"confirm_dates": "on"}]))
    assert ActionItem.objects.get().due_date.isoformat() == "2020-01-15"


def test_an_action_item_already_done_needs_no_date_confirmation(cast, login):
    from facilitation.models import ActionItem

    client = login(cast.fasilitator)
    client.post(
        reverse("facilitation:meeting_create", args=[cast.program.pk]),
        meeting_data(cast, [item(cast, due_date=days(-3).isoformat(), done="on")]),
    )
    assert ActionItem.objects.get().done


# --- any number of action items per save (issue 16, item 15) -------------------------------------------


def test_many_action_items_are_saved_with_the_meeting_in_one_post(cast, login):
    items = [item(cast, description=f"Tindak lanjut {n}") for n in range(7)]
    response = login(cast.fasilitator).post(
        reverse("facilitation:meeting_create", args=[cast.program.pk]), meeting_data(cast, items)
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(program=cast.program)
    assert meeting.action_items.count() == 7


def test_one_bad_row_among_many_saves_nothing(cast, login):
    items = [item(cast, description=f"Tindak lanjut {n}") for n in range(4)] + [item(cast, due_date="")]
    response = login(cast.fasilitator).post(
        reverse("facilitation:meeting_create", args=[cast.program.pk]), meeting_data(cast, items)
    )
    assert response.status_code == 400
    assert not Meeting.objects.filter(program=cast.program).exists()
    assert not ActionItem.objects.exists()


def test_more_rows_without_javascript_keeps_what_was_typed_and_saves_nothing(cast, login):
    data = meeting_data(cast, [item(cast, description="Kirim data desa")], title="", more_items="1")
    response = login(cast.fasilitator).post(reverse("facilitation:meeting_create", args=[cast.program.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="items-TOTAL_FORMS" value="4"' in html
    assert 'name="items-3-description"' in html
    assert "Kirim data desa" in html
    assert "is-invalid" not in html  # the empty title is not an error yet: nothing was submitted
    assert not Meeting.objects.filter(program=cast.program).exists()


def test_the_meeting_form_offers_add_another_with_a_row_template(cast, login):
    html = login(cast.fasilitator).get(reverse("facilitation:meeting_create", args=[cast.program.pk])).content.decode()
    assert 'data-add-row="items"' in html
    template = html.split('<template id="action-item-template">', 1)[1].split("</template>", 1)[0]
    assert 'name="items-__prefix__-description"' in template


def test_a_long_action_is_not_cut_into_a_milestone_title(cast, login):
    """Issue 16, item 15: the action's 250 characters used to become a 200-character title silently."""
    output = OutputFactory(outcome__program=cast.program)
    long_text = "Kumpulkan data " + "desa " * 47  # 250 characters
    action = ActionItemFactory(meeting__program=cast.program, owner_partner=cast.partner_a, description=long_text)
    client = login(cast.fasilitator)
    url = reverse("facilitation:action_item_milestone", args=[action.pk])
    form = client.get(url).context["form"]
    assert form.initial["title"] == long_text
    assert "250" in str(form.fields["title"].help_text)
    response = client.post(url, _milestone_data(cast, output, title=long_text))
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["title"]
    assert not Milestone.objects.exists()


def test_more_rows_with_a_forged_management_form_is_not_a_500(cast, login):
    client = login(cast.fasilitator)
    client.raise_request_exception = True
    url = reverse("facilitation:meeting_create", args=[cast.program.pk])
    for forged in ({}, {"items-TOTAL_FORMS": "abc"}, {"items-TOTAL_FORMS": "-5", "items-INITIAL_FORMS": "0"}):
        response = client.post(url, {"more_items": "1", **forged})
        assert response.status_code == 200
    assert not Meeting.objects.filter(program=cast.program).exists()
