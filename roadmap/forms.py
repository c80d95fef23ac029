"""Validation only: the actions write. Edit forms carry the version they were loaded at."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedModelMultipleChoiceField, CheckboxList, DateInput, IntegerField, SubmitOnceMixin
from core.uploads import validate_upload
from partners.models import ProgramPartner, User
from roadmap.actions import EVIDENCE_TYPES, date_warnings
from roadmap.models import Milestone, MilestoneStatus, Output

PROGRESS_ERRORS = {
    "min_value": _("Progress must be a number from 0 to 100."),
    "max_value": _("Progress must be a number from 0 to 100."),
}
DATE_WIDGET = DateInput()


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.organisation.name


class PartnersField(BoundedModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.organisation.name


def program_partners(program):
    return ProgramPartner.objects.filter(program=program).select_related("organisation").order_by("organisation__name")


def owner_choices(program, milestone=None):
    """Partners that may own a milestone: those still in the program (a milestone already owned by a
    partner that has left keeps its owner when edited)."""
    keep = Q(left_on__isnull=True)
    if milestone is not None:
        keep |= Q(pk=milestone.owner_id)
    return program_partners(program).filter(keep)


class RevisionFields(forms.Form):
    """Mixed into edit forms: why, and the version the form was loaded at."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept openly in the change log."),
    )
    version = IntegerField(column="PositiveIntegerField", widget=forms.HiddenInput, min_value=1)


class ItemForm(SubmitOnceMixin, forms.Form):
    """Outcome or output: its statement, order and partners. What it measures (indicators with a
    baseline, targets and results) is defined in the results app."""

    statement = forms.CharField(label=_("statement"), widget=forms.Textarea(attrs={"rows": 2}))
    order = IntegerField(column="PositiveIntegerField", label=_("order"), min_value=0, initial=0, required=False)
    partners = PartnersField(label=_("responsible partners"), queryset=ProgramPartner.objects.none(), required=False)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = program_partners(program)

    def clean_order(self):
        return self.cleaned_data["order"] or 0


class ItemEditForm(ItemForm, RevisionFields):
    pass


def item_initial(item):
    initial = {name: getattr(item, name) for name in ItemForm.base_fields if name != "partners"}
    initial["partners"] = [p.pk for p in item.partners.all()]
    initial["version"] = item.version
    return initial


class DatesInOrder:
    """Form mixin: the due date may not be before the start date."""

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date cannot be before the start date."))
        return data


class DatesWithinProgram:
    """Form mixin: dates outside the program, or a due date already past, need a ticked box.

    The box ("confirm_dates") is hidden until a warning shows; then it appears under the warning
    and the form is saved once it is ticked (issue 16, item 8). The form needs `self.program`;
    an edit form sets `self.original_due_date` so an unchanged past due date is not warned about.
    """

    date_fields = ("start_date", "due_date")

    def add_date_confirmation(self):
        self.date_warnings = []
        self.original_due_date = getattr(self, "original_due_date", None)
        self.fields["confirm_dates"] = forms.BooleanField(
            label=_("These dates are right: save them anyway"), required=False, widget=forms.HiddenInput()
        )

    def clean(self):
        data = super().clean()
        confirmed = data.pop("confirm_dates", False)
        start = data.get(self.date_fields[0]) if self.date_fields[0] else None
        due = data.get(self.date_fields[1])
        warnings = date_warnings(
            self.program,
            start_date=start,
            due_date=due,
            check_past=due is not None and due != self.original_due_date,
        )
        if warnings:
            self.date_warnings = warnings
            self.fields["confirm_dates"].widget = forms.CheckboxInput()
            if not confirmed:
                self.add_error(
                    "confirm_dates",
                    " ".join(str(w) for w in warnings) + " " + str(_("Tick the box if these dates are right.")),
                )
        return data


class MilestoneForm(SubmitOnceMixin, DatesInOrder, DatesWithinProgram, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    output = forms.ModelChoiceField(label=_("output"), queryset=Output.objects.none())
    owner = PartnerChoiceField(label=_("owner partner"), queryset=ProgramPartner.objects.none())
    responsible = forms.ModelChoiceField(label=_("responsible person"), queryset=User.objects.none(), required=False)
    start_date = forms.DateField(label=_("start date"), widget=DATE_WIDGET)
    due_date = forms.DateField(label=_("due date"), widget=DATE_WIDGET)
    status = forms.ChoiceField(label=_("status"), choices=MilestoneStatus.choices, initial=MilestoneStatus.PLANNED)
    progress = IntegerField(
        column="PositiveSmallIntegerField",
        label=_("progress (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        error_messages=PROGRESS_ERRORS,
    )
    depends_on = BoundedModelMultipleChoiceField(
        label=_("depends on"), queryset=Milestone.objects.none(), required=False, widget=CheckboxList
    )

    def __init__(self, *args, program, milestone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.original_due_date = milestone.due_date if milestone is not None else None
        self.add_date_confirmation()
        self.fields["output"].queryset = Output.objects.filter(outcome__program=program).order_by(
            "outcome__order", "outcome__pk", "order", "pk"
        )
        self.fields["owner"].queryset = owner_choices(program, milestone)
        self.fields["responsible"].queryset = User.objects.filter(
            memberships__program=program, memberships__partner__left_on__isnull=True
        ).order_by("first_name", "username")
        # The list offers this program's milestones; any id is accepted by the field so that
        # another program's milestone gets a clear message from clean_depends_on.
        dependencies = Milestone.objects.filter(program=program).order_by("due_date", "pk")
        if milestone is not None:
            dependencies = dependencies.exclude(pk=milestone.pk)
        field = self.fields["depends_on"]
        field.queryset = Milestone.objects.all()
        field.widget.choices = list(dependencies.values_list("pk", "title"))

    def clean_depends_on(self):
        chosen = self.cleaned_data["depends_on"]
        if any(m.program_id != self.program.pk for m in chosen):
            raise ValidationError(
                _("A milestone can only depend on milestones of its own program."), code="other_program"
            )
        return chosen


class MilestoneEditForm(MilestoneForm, RevisionFields):
    pass


class LeadMilestoneEditForm(DatesInOrder, DatesWithinProgram, RevisionFields):
    """What a partner lead may revise on their organisation's milestone."""

    title = MilestoneForm.base_fields["title"]
    description = MilestoneForm.base_fields["description"]
    start_date = MilestoneForm.base_fields["start_date"]
    due_date = MilestoneForm.base_fields["due_date"]

    def __init__(self, *args, program=None, milestone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program if program is not None else milestone.program
        self.original_due_date = milestone.due_date if milestone is not None else None
        self.add_date_confirmation()


MILESTONE_FIELDS = ["title", "description", "output", "owner", "responsible", "start_date", "due_date", "status"]


def milestone_initial(milestone, fields):
    initial = {}
    for name in fields:
        if name == "depends_on":
            initial[name] = [m.pk for m in milestone.depends_on.all()]
        elif name in ("output", "owner", "responsible"):
            initial[name] = getattr(milestone, f"{name}_id")
        elif name not in ("reason", "version"):
            initial[name] = getattr(milestone, name)
    initial["version"] = milestone.version
    return initial


class QuickMilestoneForm(DatesInOrder, forms.Form):
    """One row of the bulk-add form; empty rows are skipped."""

    title = forms.CharField(label=_("title"), max_length=200)
    owner = PartnerChoiceField(label=_("owner partner"), queryset=ProgramPartner.objects.none())
    start_date = forms.DateField(label=_("start date"), widget=DATE_WIDGET)
    due_date = forms.DateField(label=_("due date"), widget=DATE_WIDGET)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = partners
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if name == "owner" else "form-control form-control-sm"
            )


class BaseQuickMilestoneFormSet(forms.BaseFormSet):
    def __init__(self, *args, program, **kwargs):
        self.partners = owner_choices(program)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"partners": self.partners}

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), partners=self.partners)
        self.add_fields(form, None)
        return form

    def clean(self):
        if not any(form.has_changed() for form in self.forms):
            raise ValidationError(_("Fill in at least one milestone."))


QuickMilestoneFormSet = forms.formset_factory(QuickMilestoneForm, formset=BaseQuickMilestoneFormSet, extra=5)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files at once, each checked by content and size."""

    def __init__(self, *args, **kwargs):
        accept = ".pdf,image/*,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        limit = settings.MAX_EVIDENCE_FILES_PER_REPORT
        if len(files) > limit:
            raise ValidationError(
                _("Attach at most %(limit)s files to one progress report (you chose %(count)s)."),
                code="too_many_files",
                params={"limit": limit, "count": len(files)},
            )
        cleaned = [super(EvidenceField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            try:
                validate_upload(upload, EVIDENCE_TYPES)
            except ValidationError as exc:
                raise ValidationError(f"{upload.name}: {' '.join(exc.messages)}", code=exc.code) from exc
        return cleaned


class ProgressUpdateForm(SubmitOnceMixin, forms.Form):
    new_status = forms.ChoiceField(label=_("new status"), choices=MilestoneStatus.choices)
    progress = IntegerField(
        column="PositiveSmallIntegerField",
        label=_("progress (%)"),
        min_value=0,
        max_value=100,
        error_messages=PROGRESS_ERRORS,
    )
    narrative = forms.CharField(
        label=_("narrative"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done, what changed for the people served, and what is next."),
    )
    evidence = EvidenceField(label=_("evidence"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _(
            "PDF, image or office documents, at most %(size)s MB each and %(count)s files per report."
        ) % {"size": settings.MAX_UPLOAD_BYTES // 1024 // 1024, "count": settings.MAX_EVIDENCE_FILES_PER_REPORT}


class ReviewForm(forms.Form):
    # No default: the reviewer must choose (issue 16, item 1).
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("", _("— choose a decision —")), ("approve", _("Approve")), ("return", _("Return for revision"))],
        error_messages={"required": _("Choose a decision: approve, or return for revision.")},
        help_text=_(
            "Approving applies the reported status and progress to the milestone; "
            "returning sends the report back to its author with your note."
        ),
    )
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", _("Please write a note saying what needs revising."))
        return data


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("Reason for deleting"), widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(SubmitOnceMixin, forms.Form):
    body = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
