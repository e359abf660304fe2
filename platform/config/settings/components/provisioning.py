"""Store provisioning (control_plane.provisioning): when an unfinished job counts as stalled
(its worker died, or its chain never reached the broker) and how often beat resumes those."""

from config import env
from config.settings.components.campaigns import CELERY_BEAT_SCHEDULE as _BEAT_SCHEDULE

# A job nobody runs and no step touched for this long is resumed by the sweeper.
PROVISIONING_STALL_SECONDS = env.get_int("PROVISIONING_STALL_SECONDS", 300)
PROVISIONING_SWEEP_SECONDS = env.get_int("PROVISIONING_SWEEP_SECONDS", 60)

CELERY_BEAT_SCHEDULE = {
    **_BEAT_SCHEDULE,
    "resume-stalled-provisioning": {
        "task": "provisioning.resume_stalled_jobs",
        "schedule": float(PROVISIONING_SWEEP_SECONDS),
    },
}
