"""Stock (shop.catalog.stock): how often beat releases the units of expired checkouts."""

from config import env

STOCK_SWEEP_SECONDS = env.get_int("STOCK_SWEEP_SECONDS", 300)

# Merged into CELERY_BEAT_SCHEDULE by config.settings.base (components each add entries).
STOCK_BEAT_SCHEDULE = {
    "sweep-expired-checkouts": {
        "task": "shop.checkout.sweep_all_expired_checkouts",
        "schedule": float(STOCK_SWEEP_SECONDS),
    },
}
