"""Stripe: every store has its own keys (core.secrets); these settings are the same for all."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config import env
from config.settings.components.security import DEBUG

# Unset: Stripe itself. Tests and local runs point it at the Stripe-speaking fake server.
STRIPE_API_BASE = env.get_str("STRIPE_API_BASE").rstrip("/") or None
if STRIPE_API_BASE and urlsplit(STRIPE_API_BASE).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(f"STRIPE_API_BASE must be an http(s) URL, got {STRIPE_API_BASE!r}")

# Where the local Stripe sandbox answers (`python -m stripe_sandbox`, started by scripts/run).
# Stores whose keys are sandbox keys (sk_test_sandbox_...) talk to it; development only.
STRIPE_SANDBOX_URL = env.get_str("STRIPE_SANDBOX_URL").rstrip("/") or None
if STRIPE_SANDBOX_URL and not DEBUG:
    raise ImproperlyConfigured(
        "STRIPE_SANDBOX_URL is set but DEBUG is off: the Stripe sandbox is for development "
        "only. Unset STRIPE_SANDBOX_URL (or turn DEBUG on, never in production)."
    )
if STRIPE_SANDBOX_URL and urlsplit(STRIPE_SANDBOX_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(
        f"STRIPE_SANDBOX_URL must be an http(s) URL, got {STRIPE_SANDBOX_URL!r}"
    )

# Network retries of the SDK (it sends an idempotency key, so retried creates are safe).
STRIPE_MAX_NETWORK_RETRIES = env.get_int("STRIPE_MAX_NETWORK_RETRIES", 2)
STRIPE_TIMEOUT_SECONDS = env.get_int("STRIPE_TIMEOUT_SECONDS", 30)
# How old a webhook's signature timestamp may be (Stripe's default tolerance).
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env.get_int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300)
# How long a delivery's claim on an event holds while it handles it (shop.checkout.event_claims):
# past it, a later delivery or the sweeper takes the event over from a worker that died.
STRIPE_EVENT_CLAIM_SECONDS = env.get_int("STRIPE_EVENT_CLAIM_SECONDS", 120)
# How often Celery beat replays events whose claim ran out unfinished.
STRIPE_EVENT_SWEEP_SECONDS = env.get_int("STRIPE_EVENT_SWEEP_SECONDS", 60)
if STRIPE_EVENT_CLAIM_SECONDS < 1 or STRIPE_EVENT_SWEEP_SECONDS < 1:
    raise ImproperlyConfigured(
        "STRIPE_EVENT_CLAIM_SECONDS and STRIPE_EVENT_SWEEP_SECONDS must be at least 1."
    )

# Merged into CELERY_BEAT_SCHEDULE by config.settings.base (components each add entries).
STRIPE_BEAT_SCHEDULE = {
    "replay-stalled-stripe-events": {
        "task": "shop.checkout.replay_all_stalled_events",
        "schedule": float(STRIPE_EVENT_SWEEP_SECONDS),
    },
}
