"""Email campaigns (shop.campaigns): batch size, claim lease, stall detection, retries."""

from config import env

# Deliveries one send_campaign_batch task handles before the next batch takes over.
CAMPAIGN_BATCH_SIZE = env.get_int("CAMPAIGN_BATCH_SIZE", 100)
# A SENDING claim older than this may be taken over even if its claimer still looks alive
# (a dead claimer's claim is taken over at once). Far above the SMTP timeout of one send.
CAMPAIGN_CLAIM_LEASE_SECONDS = env.get_int("CAMPAIGN_CLAIM_LEASE_SECONDS", 300)
# A SENDING campaign without a batch heartbeat for this long is restarted by the sweeper.
CAMPAIGN_STALL_SECONDS = env.get_int("CAMPAIGN_STALL_SECONDS", 60)
# Claims of one delivery before it is given up as FAILED.
CAMPAIGN_MAX_ATTEMPTS = env.get_int("CAMPAIGN_MAX_ATTEMPTS", 5)
# How often Celery beat runs the sweeper over every store.
CAMPAIGN_SWEEP_SECONDS = env.get_int("CAMPAIGN_SWEEP_SECONDS", 30)

CELERY_BEAT_SCHEDULE = {
    "sweep-campaigns": {
        "task": "shop.campaigns.sweep_all_campaigns",
        "schedule": float(CAMPAIGN_SWEEP_SECONDS),
    },
}
