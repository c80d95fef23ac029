"""Reproducible installs: the lock files pin every package with hashes and agree with the
human-edited requirements files (after editing one, `make lock`)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)


def pins(path):
    found = {}
    for line in (BASE / path).read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\[\]-]+)==([^\s;\\]+)", line.strip())
        if match:
            name = re.sub(r"\[.*\]", "", match.group(1))
            found[re.sub(r"[-_.]+", "-", name).lower()] = match.group(2)
    return found


@pytest.mark.parametrize(
    ("inputs", "lock"),
    [
        (["requirements.txt"], "requirements.lock"),
        (["requirements.txt", "requirements-test.txt"], "requirements-test.lock"),
    ],
)
def test_every_pin_is_in_the_lock_at_the_same_version(inputs, lock):
    locked = pins(lock)
    for source in inputs:
        for name, version in pins(source).items():
            assert locked.get(name) == version, f"{name}=={version} in {source}, {locked.get(name)} in {lock}"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-test.lock"])
def test_every_locked_package_has_a_hash(lock):
    text = (BASE / lock).read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[1] if "\n\n" in text else text)
    packages = [entry for entry in entries if re.match(r"^[A-Za-z0-9_.-]+==", entry)]
    assert len(packages) > 40
    for entry in packages:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]


def test_the_runtime_lock_has_no_test_tools():
    assert not {"pytest", "ruff", "playwright"} & set(pins("requirements.lock"))
