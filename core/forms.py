"""Form fields shared by every app."""

import datetime
import secrets
from html import escape

from django import forms
from django.core import signing, validators
from django.db.backends.base.operations import BaseDatabaseOperations
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorDict, ErrorList
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.models import FormSubmission


class SentenceCaseBoundField(forms.BoundField):
    """A field whose label starts with a capital letter, as every label on the page does (issue 16,
    item 11: sentence case). Field labels are written in lower case where they are also used inside
    sentences; model fields already get `capfirst`, explicit form and filter labels did not."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.label = capfirst(self.label)


class FormRenderer(DjangoTemplates):
    """The project's form renderer (settings.FORM_RENDERER): Django's, with sentence-case labels."""

    bound_field_class = SentenceCaseBoundField


# The largest id a BIGINT primary key can hold (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1


def as_id(value):
    """The row id written in `value` (a query-string or form value), or None if it is not one.

    Only ASCII digits count: str.isdigit() also accepts "²", which int() refuses, and an id past
    MAX_ID overflows the database column. Every place that reads an id from a request uses this.
    """
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows that refuses ids no database column can hold.

    Django already turns an out-of-range id into "not one of the choices" for single
    choices, but a multiple choice filters with `pk__in`, and SQLite's driver raises
    OverflowError (a 500) for integers past 64 bits. Use this for every many-to-many
    form field (ModelForms: `Meta.field_classes`).
    """

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                try:
                    number = int(str(pk))
                except (TypeError, ValueError):
                    continue  # Django's own check reports non-numeric ids.
                if not -MAX_ID - 1 <= number <= MAX_ID:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


# Dates ---------------------------------------------------------------------------------------------


class DateInput(forms.DateInput):
    """An `<input type=date>` whose value is always ISO (yyyy-mm-dd), whatever the language.

    A browser's date input only understands ISO values; Django would otherwise render the
    active language's DATE_INPUT_FORMATS (dd-mm-yyyy in Indonesian) and the field would show
    empty. The browser shows the date in the user's own format. Every date input of the
    project uses this widget (tests/test_date_inputs.py checks).
    """

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


# Confirming an irreversible step -------------------------------------------------------------

CONFIRM_REQUIRED = _("Tick the box to confirm that you want to go ahead; nothing was changed.")


def confirm_field(label):
    """The required "I understand" box of an irreversible step; `label` says what will happen.

    It is a plain required checkbox, so it works without JavaScript, and the server refuses the
    step when it is not ticked (the browser's `required` alone is not trusted).
    """
    return forms.BooleanField(label=label, required=True, error_messages={"required": CONFIRM_REQUIRED})


class ConfirmForm(forms.Form):
    """A form with only the confirmation box, for POST-only buttons (withdraw, close ...)."""

    confirm = confirm_field(_("I understand what will happen"))

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["confirm"].label = label


# Integers bounded to their database column -----------------------------------------------------

# What an AutoField's column holds, as the integer type of the same width.
_AUTO_COLUMNS = {"AutoField": "IntegerField", "BigAutoField": "BigIntegerField", "SmallAutoField": "SmallIntegerField"}


def column_range(internal_type):
    """(lowest, highest) value an integer column of this Django type holds on PostgreSQL.

    PostgreSQL is the strictest database we run on (SQLite takes any 64-bit integer), so a form
    bounded by these ranges refuses the same values on both, with a form error instead of the
    DataError ("integer out of range") PostgreSQL would answer with a 500.
    """
    return BaseDatabaseOperations.integer_field_ranges[_AUTO_COLUMNS.get(internal_type, internal_type)]


def bound_to_column(field, internal_type):
    """Tighten an integer form field to its column's range (never loosen what the form asked)."""
    low, high = column_range(internal_type)
    if field.min_value is None or field.min_value < low:
        field.min_value = low
        field.validators.append(validators.MinValueValidator(low))
    if field.max_value is None or field.max_value > high:
        field.max_value = high
        field.validators.append(validators.MaxValueValidator(high))
    field.widget.attrs.update(field.widget_attrs(field.widget))
    return field


class IntegerField(forms.IntegerField):
    """An integer form field that refuses what its column cannot hold.

    Plain forms use it for every integer they save: `column` names the model field's type
    (`Outcome.order` is a "PositiveIntegerField"); `min_value`/`max_value` may narrow it further.
    """

    def __init__(self, *, column="IntegerField", **kwargs):
        super().__init__(**kwargs)
        bound_to_column(self, column)


def bounded_formfield(db_field, **kwargs):
    """`Meta.formfield_callback` for ModelForms: integer fields bounded to their column, ISO date inputs."""
    field = db_field.formfield(**kwargs)
    if isinstance(field, forms.DateField) and type(field.widget) is forms.DateInput:
        field.widget = DateInput(attrs=field.widget.attrs)
    internal_type = db_field.get_internal_type()
    if isinstance(field, forms.IntegerField) and internal_type in BaseDatabaseOperations.integer_field_ranges:
        bound_to_column(field, internal_type)
    return field


class ModelForm(forms.ModelForm):
    """The project's ModelForm: integer fields are bounded to their column.

    A subclass's `class Meta(ModelForm.Meta)` keeps the callback (Django reads it from Meta).
    """

    class Meta:
        formfield_callback = bounded_formfield


# One-time form tokens (double submits) ---------------------------------------------------------

FORM_TOKEN_FIELD = "form_token"
FORM_TOKEN_MAX_AGE = datetime.timedelta(days=2)
_token_signer = signing.TimestampSigner(salt="core.forms.form_token")


def issue_form_token():
    """A fresh signed one-time token: random, and dated so that old ones can be refused and purged."""
    return _token_signer.sign(secrets.token_urlsafe(18))


class SubmitOnceMixin:
    """Give a create form a hidden one-time token; the action claims it (core.actions.submit_once).

    Every rendering of the empty form carries a new token; a form shown again with errors keeps the
    token it was posted with, so the same submission keeps the same token until it is saved. After
    `is_valid()`, pass `form.submit_token` to the action as `form_token=`. A POST without a token
    (not sent by our pages) is not de-duplicated: `submit_token` is None.
    """

    submit_token = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FORM_TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=issue_form_token, max_length=200
        )

    def clean_form_token(self):
        token = self.cleaned_data.get(FORM_TOKEN_FIELD)
        if not token:
            return None
        try:
            return _token_signer.unsign(token, max_age=FORM_TOKEN_MAX_AGE)
        except signing.SignatureExpired:
            message = _(
                "This form was open for more than two days. Check that it was not saved already, then save again."
            )
        except signing.BadSignature:
            message = _("This form could not be checked. Please save again.")
        self._renew_token()
        self.add_error(None, message)
        return None

    def is_replay(self):
        """True when this POST carries a token that was already claimed (a double click that came late).

        For forms whose own checks would refuse the replay with a confusing message (the partner
        "is already in the program": added by the first click), so the view answers "already
        saved" first. The claim in the action stays what guarantees one save.
        """
        if not self.is_bound:
            return False
        try:
            token = _token_signer.unsign(self.data.get(self.add_prefix(FORM_TOKEN_FIELD)) or "")
        except signing.BadSignature:
            return False
        return FormSubmission.objects.filter(pk=token).exists()

    def _renew_token(self):
        data = self.data.copy()
        data[self.add_prefix(FORM_TOKEN_FIELD)] = issue_form_token()
        self.data = data

    def full_clean(self):
        super().full_clean()
        if hasattr(self, "cleaned_data"):
            self.submit_token = self.cleaned_data.pop(FORM_TOKEN_FIELD, None) or None


class SubmitOnceForm(SubmitOnceMixin, forms.Form):
    """The token alone, for pages whose form is a formset (render `{{ once }}` inside the <form>)."""


# Formsets with "add another" (issue 16, item 15) --------------------------------------------------
MORE_ROWS = 3  # empty rows "Add more rows" appends when JavaScript is off


def with_more_rows(data, prefix, more=MORE_ROWS):
    """A copy of the posted `data` whose formset `prefix` has `more` empty rows at the end."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except ValueError:
        total = 0
    data[key] = str(max(total, 0) + more)
    return data


def forget_errors(*forms_and_formsets):
    """Show bound forms (what the user typed) without validating them: no error is shown yet."""
    for item in forms_and_formsets:
        if isinstance(item, forms.BaseFormSet):
            item._errors, item._non_form_errors = [], ErrorList()
            forget_errors(*item.forms)
        else:
            item._errors = ErrorDict()


class CheckboxList(forms.widgets.ChoiceWidget):
    """A scrollable list of checkboxes with a filter box, for choosing several among many (issue 16,
    item 15: a milestone's dependencies were a Ctrl-click multi-select). Without JavaScript it is a
    plain list of checkboxes; static/js/kemitraan.js shows the filter box and hides what does not match."""

    allow_multiple_selected = True
    input_type = "checkbox"
    template_name = "core/widgets/checkbox_list.html"
    option_template_name = "django/forms/widgets/checkbox_option.html"

    def use_required_attribute(self, initial):
        return False

    def value_omitted_from_data(self, data, files, name):
        return False  # every box unticked is a choice: no dependency

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["invalid"] = "is-invalid" in context["widget"]["attrs"].get("class", "")
        return context

    def id_for_label(self, id_, index=None):
        if index is not None:  # one checkbox's own id
            return super().id_for_label(id_, index)
        return f"{id_}_filter" if id_ else id_  # the field's label names the filter box


# Filter selects (issue 19) ---------------------------------------------------------------------------


def _attributes(attrs):
    """Attributes in their own order, as Django's attrs.html writes them (flatatt would sort them and
    put true booleans last): False leaves one out, True writes its bare name."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class FastSelect(forms.Select):
    """A <select> written with string formatting, the same HTML as Django's Select: Django renders
    every <option> through two templates, and a big road map's filters list 50 or more (issue 19)."""

    def render(self, name, value, attrs=None, renderer=None):
        # Not list(): a ModelChoiceIterator's len() is a COUNT query of its own.
        choices = [choice for choice in self.choices]  # noqa: C416
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: Django's own
        wanted = set(self.format_value(value))
        out = [f'<select name="{escape(name)}"{_attributes(self.build_attrs(self.attrs, attrs))}>']
        has_selected = False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not has_selected and option_value in wanted
            has_selected = has_selected or selected
            mark = " selected" if selected else ""
            out.append(f'\n  <option value="{escape(option_value)}"{mark}>{escape(str(label))}</option>\n')
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


class ListedChoiceIterator(ModelChoiceIterator):
    """A select's rows read with one plain SELECT: Django's own iterator opens a server-side cursor
    on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips for a few dozen rows)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class FilterChoiceField(forms.ModelChoiceField):
    """A filter's select of a few dozen rows: written without templates (FastSelect, the same HTML
    as Django's Select) from one plain SELECT (issue 19)."""

    iterator = ListedChoiceIterator
    widget = FastSelect


class Select(FastSelect):
    """FastSelect under Django's own class name: crispy-forms names a field's CSS class after its
    widget's class ("select"), so a crispy filter keeps its markup."""
