"""The names of the breakdowns loaded by migration 0002, so that makemessages extracts them.

Stored names are English source strings; templates show them through `translated_name`.
"""

from django.utils.translation import gettext_noop

NAMES = [
    gettext_noop("Sex"),
    gettext_noop("Female"),
    gettext_noop("Male"),
    gettext_noop("Age group"),
    gettext_noop("0–17 years"),
    gettext_noop("18–29 years"),
    gettext_noop("30–59 years"),
    gettext_noop("60 years and over"),
    gettext_noop("Disability"),
    gettext_noop("With a disability"),
    gettext_noop("Without a disability"),
    gettext_noop("Welfare decile"),
    gettext_noop("Decile 1"),
    gettext_noop("Decile 2"),
    gettext_noop("Decile 3"),
    gettext_noop("Decile 4"),
    gettext_noop("Decile 5"),
    gettext_noop("Decile 6"),
    gettext_noop("Decile 7"),
    gettext_noop("Decile 8"),
    gettext_noop("Decile 9"),
    gettext_noop("Decile 10"),
    gettext_noop("Regency / city"),
    gettext_noop("District"),
    gettext_noop("Village"),
]
