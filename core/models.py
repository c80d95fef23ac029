from django.conf import settings
from django.db import models
from django.utils import timezone


class FormSubmission(models.Model):
    """A create form's one-time token, claimed once in the transaction of the action it submits.

    The token is the primary key: of two requests carrying the same token (a double click, a
    resent POST, two gunicorn workers at once), the database lets exactly one INSERT through;
    on PostgreSQL the second waits for the first to commit and then fails on the key. Rows older
    than `core.forms.FORM_TOKEN_MAX_AGE` are purged (their tokens are refused as expired anyway).
    """

    token = models.CharField(max_length=100, primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Where the first submit landed, so that a replay lands there too.
    result_url = models.CharField(max_length=500, blank=True)
    # The purge deletes by age: `created_at < cutoff`.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.user_id}: {self.token[:12]}…"
