"""Two uploads at once cannot both pass the storage quota (issue 12, item 12).

Each upload fits alone, both together do not. The action locks the program row before it sums
the usage, so the second one waits, then sees the first and is refused. Real connections in two
threads behind a barrier; PostgreSQL only (SQLite's in-memory test database has one writer).
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from partners.quota import MB
from roadmap import actions
from roadmap.models import Evidence, ProgressUpdate

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_two_uploads_at_once_cannot_both_pass_the_quota(world, settings):
    settings.PROGRAM_STORAGE_QUOTA_MB = 1
    milestone, author = world.milestone, world.staf_a
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def upload(i):
        try:
            barrier.wait(timeout=10)
            big = SimpleUploadedFile(f"bukti-{i}.pdf", PDF + b"0" * (600 * 1024), content_type="application/pdf")
            actions.do_save_update(author, milestone, new_status="in_progress", progress=10, narrative="x", files=[big])
            outcomes.append("saved")
        except ValidationError as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # surfaced in the main thread below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert sorted(outcomes) == ["quota", "saved"]
    assert Evidence.objects.count() == 1 and ProgressUpdate.objects.count() == 1
    assert Evidence.objects.get().size < MB
