from django import forms
from django.utils.translation import gettext_lazy as _

from public.models import BulletinRecipient, BulletinSchedule


class BulletinScheduleForm(forms.ModelForm):
    class Meta:
        model = BulletinSchedule
        fields = ["frequency", "in_indonesian", "in_english"]

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("in_indonesian") or cleaned.get("in_english")):
            raise forms.ValidationError(_("Choose at least one language."))
        return cleaned


class RecipientForm(forms.ModelForm):
    class Meta:
        model = BulletinRecipient
        fields = ["name", "email", "language"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program

    def validate_unique(self):
        """The action re-subscribes an address already on the list, so no uniqueness error here."""
