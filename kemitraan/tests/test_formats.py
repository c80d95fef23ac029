"""One date format and one date-time format per language (issue 16, item 11).

Pages name a format (`|date:"DATE_FORMAT"`, `|date:"DATETIME_FORMAT"`) defined once per language
in kemitraan/formats/<lang>/formats.py; no template or module spells a display pattern out.
Machine formats (ISO values of date inputs, exports, the API, file names) use `isoformat()` or
are listed in ALLOWED below with the reason.
"""

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.formats import date_format

from core.uploads import PDF, validate_upload

BASE = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", "node_modules", "staticfiles", "var", "tests", "migrations", "docs"}
NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "YEAR_MONTH_FORMAT",
         "MONTH_DAY_FORMAT", "TIME_FORMAT"}  # fmt: skip
# (file, pattern): why a literal pattern is right there.
ALLOWED = {
    ("assessments/templates/assessments/_program_panel.html", "Y"): "the year a course was completed, not a date",
    ("roadmap/templates/roadmap/timeline.html", "M Y"): "month ticks on the timeline axis, abbreviated to fit",
    ("facilitation/selectors.py", "M Y"): "month ticks on the dashboard chart axis, abbreviated to fit",
    ("results/actions.py", "%m/%Y"): "a reporting period's stored label, the same in both languages",
    ("results/actions.py", "%d/%m/%Y"): "a reporting period's stored label, the same in both languages",
    ("governance/reminders.py", "%Y-%m"): "a reminder's de-duplication key",
    ("assessments/reminders.py", "%Y-%m"): "a reminder's de-duplication key",
    ("api/management/commands/create_api_token.py", "%Y-%m-%d %H:%M %Z"): "command-line output for operators",
    ("kemitraan/backup.py", "%Y%m%d-%H%M%S"): "a backup file name",
    ("kemitraan/models.py", "%Y-%m-%d %H:%M:%S"): "an operator record's name in the admin",
    ("core/uploads.py", "%Y"): "a storage folder name",
}
TEMPLATE_DATE = re.compile(r"""\|\s*(?:date|time)\s*:\s*["']([^"']*)["']""")
PY_DATE = re.compile(
    r"""strftime\(\s*["']([^"']*)["']|\{[^{}:]+:(%[^{}]*)\}|(?:date_format|dateformat\.format)\([^,()]+,\s*["']([^"']*)["']"""
)


def _sources(suffixes):
    for path in BASE.rglob("*"):
        rel = path.relative_to(BASE)
        if path.suffix in suffixes and not SKIP_DIRS.intersection(rel.parts) and path.is_file():
            yield rel, path.read_text(encoding="utf-8")


def _ad_hoc(suffixes, pattern):
    found = []
    for rel, text in _sources(suffixes):
        for match in pattern.finditer(text):
            fmt = next(g for g in match.groups() if g is not None)
            if fmt in NAMED or (str(rel), fmt) in ALLOWED:
                continue
            found.append(f"{rel}: {match.group(0)}")
    return found


def test_templates_name_their_date_formats():
    found = _ad_hoc({".html", ".txt"}, TEMPLATE_DATE)
    assert not found, 'use |date:"DATE_FORMAT" or "DATETIME_FORMAT":\n' + "\n".join(found)


def test_python_names_its_date_formats():
    found = _ad_hoc({".py"}, PY_DATE)
    assert not found, "use django.utils.formats.date_format(value) or isoformat():\n" + "\n".join(found)


def test_the_walk_sees_the_templates():
    """The checks above walk real files: an ad-hoc pattern in one of them would be caught."""
    assert any(rel.parts[0] == "roadmap" for rel, _ in _sources({".html"}))
    assert TEMPLATE_DATE.search('{{ x|date:"j M Y" }}').group(1) == "j M Y"
    assert PY_DATE.search('f"{day:%d-%m-%Y}"').group(2) == "%d-%m-%Y"
    assert PY_DATE.search('dateformat.format(day, "j M Y")').group(3) == "j M Y"


@pytest.mark.parametrize(
    ("lang", "date", "datetime_"),
    [
        ("id", "30 November 2026", "30 November 2026, 14.05 WIB"),
        ("en", "30 November 2026", "30 November 2026, 14:05 WIB"),
    ],
)
def test_one_date_and_one_datetime_format_per_language(lang, date, datetime_):
    day = datetime.date(2026, 11, 30)
    moment = datetime.datetime(2026, 11, 30, 14, 5)
    with translation.override(lang):
        assert date_format(day) == date
        assert date_format(day, "SHORT_DATE_FORMAT") == date
        assert date_format(moment, "DATETIME_FORMAT") == datetime_
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == datetime_
        rendered = Template('{{ d|date:"DATE_FORMAT" }}|{{ d }}').render(Context({"d": day}))
        assert rendered == f"{date}|{date}"
        # In a program's zone (issue 16, item 16): 14.05 WIB is 15.05 WITA.
        aware = timezone.make_aware(moment, zoneinfo.ZoneInfo("Asia/Jakarta"))
        with timezone.override(zoneinfo.ZoneInfo("Asia/Makassar")):
            shown = Template('{{ m|date:"DATETIME_FORMAT" }}').render(Context({"m": aware}))
        assert shown == datetime_.replace("14", "15").replace("WIB", "WITA")


def test_indonesian_months_are_indonesian():
    with translation.override("id"):
        assert date_format(datetime.date(2026, 8, 17)) == "17 Agustus 2026"


@pytest.mark.parametrize(("lang", "expected"), [("id", "10,5 MB"), ("en", "10.5 MB")])
def test_file_sizes_use_the_language_decimal_separator(lang, expected):
    with translation.override(lang):
        assert filesizeformat(int(10.5 * 1024 * 1024)).replace("\xa0", " ") == expected


@pytest.mark.parametrize(("lang", "expected"), [("id", "(10,5 MB)"), ("en", "(10.5 MB)")])
def test_upload_size_message_uses_the_language_decimal_separator(lang, expected, settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n")
    upload.size = int(10.5 * 1024 * 1024)
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        validate_upload(upload, PDF)
    assert expected in refused.value.messages[0]
