from django.db import models


class Heartbeat(models.Model):
    """When beat last ticked and a worker last ran a task (kemitraan/health.py).

    Kept in the database, not in a process, so every web process and `check_health` see the same.
    """

    BEAT = "beat"
    WORKER = "worker"

    name = models.CharField(max_length=20, primary_key=True)
    at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"
