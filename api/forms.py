from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class TokenCreateForm(forms.Form):
    days = forms.TypedChoiceField(label=_("Valid for"), coerce=int, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (days, ngettext_lazy("%(days)d day", "%(days)d days", days) % {"days": days})
            for days in settings.API_TOKEN_DAYS
        ]
        self.fields["days"].initial = 90


class TokenRevokeForm(forms.Form):
    key = forms.CharField(max_length=25)
