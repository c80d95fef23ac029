from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ModelForm
from notifications.kinds import email_kinds
from notifications.models import Preference, ReminderSettings, parse_day_list, validate_day_list


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(label=_("Reminder emails"), choices=Preference.Email.choices, widget=forms.RadioSelect)
    weekly_digest = forms.BooleanField(label=_("Send me the weekly digest on Monday morning"), required=False)
    muted_kinds = forms.MultipleChoiceField(
        label=_("Do not email me about"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("These still appear on your notifications page."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["muted_kinds"].choices = email_kinds()


class ReminderSettingsForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = ReminderSettings
        fields = ["due_soon_days", "stale_after_days", "review_after_days"]

    def clean_due_soon_days(self):
        value = self.cleaned_data["due_soon_days"]
        validate_day_list(value)
        return ",".join(str(day) for day in parse_day_list(value))

    def clean_stale_after_days(self):
        return self._positive("stale_after_days")

    def clean_review_after_days(self):
        return self._positive("review_after_days")

    def _positive(self, name):
        value = self.cleaned_data[name]
        if value < 1 or value > 365:
            raise forms.ValidationError(_("Enter a number of days between 1 and 365."))
        return value
