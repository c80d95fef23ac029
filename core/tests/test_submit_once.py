"""The one-time form token: issued with the form, claimed once in the action's transaction."""

import datetime

import pytest
import time_machine
from django import forms
from django.utils import timezone, translation

from core.actions import AlreadySubmittedError, do_purge_form_submissions, submit_once
from core.forms import FORM_TOKEN_MAX_AGE, SubmitOnceForm, SubmitOnceMixin, issue_form_token
from core.models import FormSubmission

pytestmark = pytest.mark.django_db


class NoteForm(SubmitOnceMixin, forms.Form):
    text = forms.CharField()


class Saved:
    """Stands for a created row: the claim remembers its page."""

    def __init__(self, n):
        self.n = n

    def get_absolute_url(self):
        return f"/saved/{self.n}/"


calls = []


@submit_once
def do_save_note(actor, text):
    calls.append(text)
    return Saved(len(calls))


@pytest.fixture(autouse=True)
def _calls():
    calls.clear()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _posted(token, **data):
    return NoteForm({"text": "catatan", "form_token": token, **data})


def test_an_empty_form_carries_a_fresh_signed_token_each_time():
    first, second = NoteForm()["form_token"].value(), NoteForm()["form_token"].value()
    assert first != second
    assert 'type="hidden" name="form_token"' in str(NoteForm()["form_token"])


def test_a_valid_form_hands_the_token_to_the_view_not_to_the_action_fields():
    form = _posted(issue_form_token())
    assert form.is_valid()
    assert form.submit_token and "form_token" not in form.cleaned_data


def test_the_action_runs_once_per_token_and_a_replay_learns_where_the_first_landed(cast):
    form = _posted(issue_form_token())
    assert form.is_valid()
    first = do_save_note(cast.staf_a, "a", form_token=form.submit_token)
    with pytest.raises(AlreadySubmittedError) as replay:
        do_save_note(cast.staf_a, "a", form_token=form.submit_token)
    assert calls == ["a"]
    assert replay.value.result_url == first.get_absolute_url() == "/saved/1/"
    assert FormSubmission.objects.get().user == cast.staf_a


def test_a_replay_by_someone_else_is_refused_without_the_first_users_page(cast):
    token = _posted(issue_form_token())
    token.is_valid()
    do_save_note(cast.staf_a, "a", form_token=token.submit_token)
    with pytest.raises(AlreadySubmittedError) as replay:
        do_save_note(cast.staf_b, "a", form_token=token.submit_token)
    assert replay.value.result_url == ""


def test_without_a_token_the_action_is_an_ordinary_call(cast):
    do_save_note(cast.staf_a, "a")
    do_save_note(cast.staf_a, "a")
    assert calls == ["a", "a"]
    assert not FormSubmission.objects.exists()


def test_a_failing_action_gives_the_token_back(cast):
    @submit_once
    def do_fail(actor):
        raise ValueError("refused")

    form = _posted(issue_form_token())
    form.is_valid()
    with pytest.raises(ValueError):
        do_fail(cast.staf_a, form_token=form.submit_token)
    assert not FormSubmission.objects.exists()
    do_save_note(cast.staf_a, "b", form_token=form.submit_token)
    assert calls == ["b"]


@pytest.mark.parametrize("token", ["made-up", "x" * 150, "a:b:c"])
def test_a_forged_token_is_a_form_error_and_the_form_offers_a_fresh_one(token):
    form = _posted(token)
    assert not form.is_valid()
    assert form.non_field_errors() == ["This form could not be checked. Please save again."]
    assert form["form_token"].value() != token


def test_a_token_past_its_age_is_a_form_error():
    with time_machine.travel(timezone.now() - FORM_TOKEN_MAX_AGE - datetime.timedelta(minutes=1), tick=False):
        token = issue_form_token()
    form = _posted(token)
    assert not form.is_valid()
    assert "open for more than two days" in form.non_field_errors()[0]


def test_a_post_without_a_token_is_valid_and_not_deduplicated():
    form = NoteForm({"text": "catatan"})
    assert form.is_valid() and form.submit_token is None


def test_is_replay_sees_a_claimed_token(cast):
    form = _posted(issue_form_token())
    form.is_valid()
    assert not _posted(form["form_token"].value()).is_replay()
    do_save_note(cast.staf_a, "a", form_token=form.submit_token)
    assert _posted(form["form_token"].value()).is_replay()
    assert not NoteForm().is_replay()


def test_the_token_alone_for_formset_pages():
    once = SubmitOnceForm({"form_token": issue_form_token()})
    assert once.is_valid() and once.submit_token


def test_the_purge_removes_only_tokens_old_enough_to_be_refused_anyway(cast):
    now = timezone.now()
    old = FormSubmission.objects.create(
        token="old", user=cast.staf_a, created_at=now - FORM_TOKEN_MAX_AGE - datetime.timedelta(hours=1)
    )
    recent = FormSubmission.objects.create(
        token="recent", user=cast.staf_a, created_at=now - datetime.timedelta(hours=1)
    )
    assert do_purge_form_submissions(now) == 1
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not FormSubmission.objects.filter(pk=old.pk).exists()


def test_the_purge_is_scheduled_daily():
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.filter(task="core.tasks.purge_form_submissions", enabled=True).exists()
