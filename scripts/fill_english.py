"""Source strings are English, so the English catalogs copy msgid into empty msgstr.

Usage: python scripts/fill_english.py [app ...]   (no args: every catalog)
"""

import sys
from pathlib import Path

import polib

root = Path(__file__).resolve().parent.parent
apps = sys.argv[1:]
if apps:
    paths = [(root if app == "project" else root / app) / "locale/en/LC_MESSAGES/django.po" for app in apps]
else:
    paths = list(root.glob("*/locale/en/LC_MESSAGES/*.po")) + list(root.glob("locale/en/LC_MESSAGES/*.po"))
for path in paths:
    if ".venv" in path.parts or not path.exists():
        continue
    po = polib.pofile(str(path))
    for entry in po:
        # Always overwrite: a fuzzy match from makemessages would otherwise leave another
        # string's English in place.
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    po.save()
