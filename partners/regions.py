"""Indonesia's official regions: the shipped data file, its loader and name matching.

The data (partners/data/regions/*.csv.gz) is idn-area-data 4.0.1 by Fityan Nugroho (npm
`idn-area-data`; data under the Open Database License, code MIT), compiled from the Ministry of
Home Affairs' (Kemendagri) decree on the codes and data of administrative areas. See
docs/partners.md, "Official regions", for the source, the licence and how to update it.

`load_regions()` inserts new rows and updates changed names (and parents) in place, by code, in
bulk, in one transaction: running it again changes nothing. A region that is no longer in the
file is kept (organisations and programs may point at it) and counted as "not in the file".
"""

import csv
import functools
import gzip
import io
from collections import Counter
from pathlib import Path

from django.db import transaction

from partners.models import District, Organisation, Province, Regency, Village

DATA_DIR = Path(__file__).resolve().parent / "data" / "regions"
LEVELS = ("provinces", "regencies", "districts", "villages")
# level -> (model, parent level, parent column in the file, parent field on the model)
_SPEC = {
    "provinces": (Province, None, None, None),
    "regencies": (Regency, "provinces", "province_code", "province_id"),
    "districts": (District, "regencies", "regency_code", "regency_id"),
    "villages": (Village, "districts", "district_code", "district_id"),
}
# What the shipped file holds (checked by partners/tests/test_regions.py).
EXPECTED_COUNTS = {"provinces": 38, "regencies": 514, "districts": 7285, "villages": 83762}
REGENCY_PREFIXES = ("kabupaten ", "kab. ", "kab ", "kota ")


@functools.cache
def read_rows(level):
    """((code, parent code, name), ...) of one level, as shipped (parsed once per process)."""
    model, parent_level, parent_column, parent_field = _SPEC[level]
    with gzip.open(DATA_DIR / f"{level}.csv.gz", "rb") as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        return tuple((r["code"], r[parent_column] if parent_column else "", r["name"].strip()) for r in reader)


def _wanted(code, only):
    """A row is loaded for the prefixes `only` when it lies inside one, or one lies inside it
    (so that loading "53.71.01" also loads province 53 and regency 53.71)."""
    return any(code == p or code.startswith(p + ".") or p.startswith(code + ".") for p in only)


@transaction.atomic
def load_regions(*, villages=False, only=None, batch_size=2000):
    """Load provinces, regencies and districts (and villages when asked) from the shipped file.

    `only`: a list of code prefixes ("53", "53.71") to load a part (tests load a few regencies).
    Returns {level: Counter(created=, updated=, unchanged=, missing=)}.
    """
    report = {}
    for level in LEVELS:
        if level == "villages" and not villages:
            continue
        model, parent_level, _column, parent_field = _SPEC[level]
        rows = read_rows(level)
        if only:
            rows = [r for r in rows if _wanted(r[0], only)]
        parents = dict(_SPEC[parent_level][0].objects.values_list("code", "pk")) if parent_level else {}
        fields = ["code", "name", parent_field] if parent_field else ["code", "name"]
        # code -> (pk, name[, parent id], code)
        existing = {row[-1]: row for row in model.objects.values_list("pk", *fields[1:], "code").iterator()}
        counts = Counter()
        create, update = [], []
        for code, parent_code, name in rows:
            parent_id = parents.get(parent_code) if parent_field else None
            if parent_field and parent_id is None:
                counts["orphans"] += 1  # its parent is not loaded (cannot happen with the shipped file)
                continue
            current = existing.pop(code, None)
            values = {"code": code, "name": name}
            if parent_field:
                values[parent_field] = parent_id
            if current is None:
                create.append(model(**values))
                counts["created"] += 1
            elif current[1] != name or (parent_field and current[2] != parent_id):
                obj = model(pk=current[0], **values)
                update.append(obj)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        if level == "provinces" and update:
            # Province names are unique: move the changed ones aside first, so two provinces that
            # swap names (or a rename to a name another row still holds) do not collide.
            for obj in update:
                Province.objects.filter(pk=obj.pk).update(name=f"#{obj.pk}")
        model.objects.bulk_create(create, batch_size=batch_size)
        if update:
            model.objects.bulk_update(update, [f for f in fields if f != "code"], batch_size=batch_size)
        counts["missing"] = 0 if only else len(existing)
        report[level] = counts
    report["organisations"] = Counter(linked=link_organisation_regencies())
    return report


def _bare(name):
    lowered = name.casefold().strip()
    for prefix in REGENCY_PREFIXES:
        if lowered.startswith(prefix):
            return lowered[len(prefix) :].strip()
    return lowered


class RegencyIndex:
    """Find a regency by code or name within a province: "53.71", "Kota Kupang", "kab. kupang"
    or a bare "Belu". A bare name shared by a kabupaten and a kota ("Kupang") is ambiguous."""

    AMBIGUOUS = object()

    def __init__(self, regencies=None):
        self.by_key = {}
        for regency in Regency.objects.all() if regencies is None else regencies:
            full = regency.name.casefold()
            self.by_key[(regency.province_id, regency.code)] = regency
            self.by_key[(regency.province_id, full)] = regency
            kind = "kota" if full.startswith("kota ") else "kabupaten"
            bare = _bare(full)
            self.by_key[(regency.province_id, f"{kind} {bare}")] = regency
            if kind == "kabupaten":
                self.by_key[(regency.province_id, f"kab. {bare}")] = regency
                self.by_key[(regency.province_id, f"kab {bare}")] = regency
            key = (regency.province_id, bare)
            self.by_key[key] = self.AMBIGUOUS if key in self.by_key else regency

    def find(self, province_id, text):
        """The regency, None when unknown, or RegencyIndex.AMBIGUOUS."""
        text = " ".join(text.split()).casefold()
        return self.by_key.get((province_id, text))


def link_organisation_regencies():
    """Give organisations without a regency the one their typed regency names (when unambiguous)."""
    pending = list(
        Organisation.objects.filter(regency__isnull=True)
        .exclude(regency_name="")
        .only("pk", "province_id", "regency_name")
    )
    if not pending:
        return 0
    index = RegencyIndex(Regency.objects.filter(province_id__in={o.province_id for o in pending}))
    linked = []
    for organisation in pending:
        regency = index.find(organisation.province_id, organisation.regency_name)
        if isinstance(regency, Regency):
            organisation.regency = regency
            linked.append(organisation)
    Organisation.objects.bulk_update(linked, ["regency"], batch_size=1000)
    return len(linked)
