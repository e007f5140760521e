"""List and retry background jobs whose worker is gone (stuck), of every kind.

    python manage.py jobs --stuck            # id, kind, unit, status, progress, attempts, how long silent
    python manage.py jobs --retry import:12  # queue one stuck or failed job again from the start
    python manage.py jobs --retry-stuck      # queue every stuck job again
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cchc.core import jobs


class Command(BaseCommand):
    help = "List stuck background jobs (plan imports, report files) and queue them again."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--stuck", action="store_true", help="list the jobs whose worker is gone")
        action.add_argument("--retry", metavar="KIND:ID", help="queue one stuck or failed job again, e.g. import:12")
        action.add_argument("--retry-stuck", action="store_true", help="queue every stuck job again")

    def handle(self, *args, stuck=False, retry=None, retry_stuck=False, **options):
        if stuck:
            self.list_stuck()
        elif retry:
            job = jobs.job_find(retry)
            if job is None:
                raise CommandError(f"No job {retry} (give KIND:ID as listed by --stuck).")
            if not jobs.job_retry(job=job):
                raise CommandError(f"{retry} is not stuck (it is {job.status}); nothing was done.")
            self.stdout.write(f"{job.job_label} queued again.")
        elif retry_stuck:
            for job in jobs.jobs_stuck():
                if jobs.job_retry(job=job):
                    self.stdout.write(f"{job.job_label} queued again.")

    def list_stuck(self):
        found = jobs.jobs_stuck()
        if not found:
            self.stdout.write("No stuck job.")
            return
        now = timezone.now()
        rows = [("ID", "KIND", "UNIT", "STATUS", "PROGRESS", "ATTEMPTS", "SILENT")]
        for job in found:
            silent = f"{int((now - job.heartbeat_at).total_seconds() // 60)} min" if job.heartbeat_at else "-"
            rows.append((job.job_label, job.job_kind, job.job_unit.name, job.status, f"{job.progress}%", str(job.attempts), silent))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())
