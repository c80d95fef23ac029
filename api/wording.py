"""Django's own Indonesian wording for the seven messages that DRF's catalog also translates
("Password" is django.contrib.auth's).

An app's catalog beats Django's, so with rest_framework installed every form on the site would have
changed wording ("Bidang ini harus diisi." instead of "Bidang ini tidak boleh kosong."). The api app is
listed before rest_framework in INSTALLED_APPS (the first app wins) and its catalog repeats Django's
translations of these, so pages and API answer in the same words as before.
"""

from django.utils.translation import gettext_noop

DJANGO_WORDING = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop("Password"),
]
