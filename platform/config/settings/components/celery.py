"""Celery: Redis broker when REDIS_URL is set; otherwise tasks run eagerly in-process."""

from config import env

_redis = env.get_str("REDIS_URL")

CELERY_BROKER_URL = _redis or "memory://"
# Results only for the few tasks that ask for them (ignore_result=False).
CELERY_RESULT_BACKEND = _redis or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.get_bool("CELERY_TASK_ALWAYS_EAGER", default=not _redis)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.get_str("CELERY_QUEUE", "storefleet")
