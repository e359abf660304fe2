"""Resume provisioning jobs that stalled (their worker died, or the broker was away):
`manage.py resume_provisioning [--idle-seconds N]` (default PROVISIONING_STALL_SECONDS)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from control_plane.provisioning.services import resume_stalled_jobs


class Command(BaseCommand):
    help = "Resume unfinished provisioning jobs that nobody runs and nothing touched lately."

    def add_arguments(self, parser):
        parser.add_argument("--idle-seconds", type=int)

    def handle(self, *args, idle_seconds: int | None, **options):
        idle = idle_seconds or settings.PROVISIONING_STALL_SECONDS
        resumed = resume_stalled_jobs(idle_seconds=idle)
        self.stdout.write(f"resumed {len(resumed)} job(s): {', '.join(map(str, resumed)) or '-'}")
