"""One sentence per road-map change, in the reader's language.

A `Revision` row stores the field's name and its old and new values as text (dates in ISO form,
decimals with a point, statuses by their code, related items by name). `describe(revision)` turns
it into the sentence every reader sees: the change-log page, the item histories, the program
report (page and PDF) and its CSV/Excel exports all call it, so they never disagree.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import format_day
from roadmap.models import Milestone, MilestoneStatus, Outcome, Output

ITEM_MODELS = {"outcome": Outcome, "output": Output, "milestone": Milestone}
CREATED, DELETED = "created", "deleted"
_PERCENT_SUFFIX = re.compile(r"\s*\(%\)\s*$")

# Fields outcomes and outputs had before their figures moved to the results app's indicators
# (issue 13, item 8): their revisions stay in the log and still read as sentences.
LEGACY_FIELDS = {
    "indicator": models.CharField(gettext_lazy("indicator")),
    "baseline_value": models.DecimalField(gettext_lazy("baseline")),
    "target_value": models.DecimalField(gettext_lazy("target")),
    "achieved_value": models.DecimalField(gettext_lazy("achieved")),
    "unit": models.CharField(gettext_lazy("unit")),
    "baseline_text": models.CharField(gettext_lazy("baseline (qualitative)")),
    "target_text": models.CharField(gettext_lazy("target (qualitative)")),
}


def _model_field(revision):
    model = ITEM_MODELS.get(revision.item_type)
    if model is None:
        return None
    try:
        return model._meta.get_field(revision.field)
    except FieldDoesNotExist:  # a field since removed
        if revision.item_type in ("outcome", "output"):
            return LEGACY_FIELDS.get(revision.field)
        return None


def _is_percent(revision, field):
    return field is not None and "(%)" in str(field.verbose_name)


def field_label(revision):
    """The field's verbose name, translated and capitalised ("Tenggat", not `due_date`)."""
    field = _model_field(revision)
    if field is None:
        return capfirst(revision.field.replace("_", " "))
    return capfirst(_PERCENT_SUFFIX.sub("", str(field.verbose_name)))


def format_date(value):
    """An ISO date as the reader's language writes it: "31 Maret 2026" / "31 March 2026"."""
    try:
        day = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return format_day(day)


def format_decimal(value):
    """ "1.250,5" in Indonesian, "1,250.5" in English; trailing zeros dropped."""
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return value
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return number_format(number, force_grouping=True)


def format_value(revision, value):
    """A stored value as the reader should see it, by the kind of field it belongs to."""
    if value in ("", None):
        return ""
    field = _model_field(revision)
    if field is None:
        return value
    if revision.field == "status" and value in MilestoneStatus.values:
        return str(MilestoneStatus(value).label)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField):  # DateTimeField too: the day is what matters here
        return format_date(value)
    if isinstance(field, (models.DecimalField, models.IntegerField, models.FloatField)):
        shown = format_decimal(value)
        return f"{shown}%" if _is_percent(revision, field) else shown
    if isinstance(field, models.BooleanField):
        return _("yes") if value in ("True", "true", "1") else _("no")
    return value


def _quote(text, limit=160):
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"“{text}”"


def _split_names(value):
    return [name.strip() for name in value.split(", ") if name.strip()] if value else []


def _item_kind(revision):
    model = ITEM_MODELS.get(revision.item_type)
    return capfirst(str(model._meta.verbose_name)) if model else _("Item")


def describe(revision):
    """The change as one sentence in the active language (see the module docstring)."""
    if revision.field == CREATED:
        return _("%(kind)s created.") % {"kind": _item_kind(revision)}
    if revision.field == DELETED:
        return _("%(kind)s deleted from the road map.") % {"kind": _item_kind(revision)}
    label = field_label(revision)
    field = _model_field(revision)
    if field is not None and field.many_to_many:
        old, new = _split_names(revision.old_value), _split_names(revision.new_value)
        added = [name for name in new if name not in old]
        removed = [name for name in old if name not in new]
        parts = []
        if added:
            parts.append(_("added %(names)s") % {"names": ", ".join(added)})
        if removed:
            parts.append(_("removed %(names)s") % {"names": ", ".join(removed)})
        if not parts:
            return _("%(field)s changed.") % {"field": label}
        return _("%(field)s: %(changes)s.") % {"field": label, "changes": "; ".join(parts)}
    is_text = field is not None and isinstance(field, (models.TextField, models.CharField)) and not field.choices
    old, new = format_value(revision, revision.old_value), format_value(revision, revision.new_value)
    if is_text or field is None:
        old, new = (_quote(old) if old else ""), (_quote(new) if new else "")
    if not old and not new:
        return _("%(field)s changed.") % {"field": label}
    if not old:
        return _("%(field)s set to %(new)s.") % {"field": label, "new": new}
    if not new:
        return _("%(field)s cleared (was %(old)s).") % {"field": label, "old": old}
    return _("%(field)s changed from %(old)s to %(new)s.") % {"field": label, "old": old, "new": new}
