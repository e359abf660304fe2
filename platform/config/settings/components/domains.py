"""Custom domain ownership proof (control_plane.provisioning.domains): where the DNS TXT
challenge `_storefleet-challenge.<domain>` is looked up, how long a lookup may take, and how
often beat checks the claims still pending."""

from core.dns import parse_nameservers
from django.core.exceptions import ImproperlyConfigured

from config import env

# Comma-separated host:port of the resolvers to ask (IP addresses); empty: the system's.
DOMAIN_VERIFICATION_NAMESERVERS = env.get_str("DOMAIN_VERIFICATION_NAMESERVERS").strip()
try:
    parse_nameservers(DOMAIN_VERIFICATION_NAMESERVERS)
except ValueError as _exc:
    raise ImproperlyConfigured(f"DOMAIN_VERIFICATION_NAMESERVERS: {_exc}") from None
try:
    DOMAIN_VERIFICATION_TIMEOUT_SECONDS = float(
        env.get_str("DOMAIN_VERIFICATION_TIMEOUT_SECONDS", "3") or "3"
    )
except ValueError:
    raise ImproperlyConfigured("DOMAIN_VERIFICATION_TIMEOUT_SECONDS must be seconds") from None
DOMAIN_VERIFICATION_CHECK_SECONDS = env.get_int("DOMAIN_VERIFICATION_CHECK_SECONDS", 300)
# Pending claims one run of the periodic check looks up (the least recently checked first).
DOMAIN_VERIFICATION_BATCH_SIZE = env.get_int("DOMAIN_VERIFICATION_BATCH_SIZE", 50)

# Merged into CELERY_BEAT_SCHEDULE by config.settings.base (components each add entries).
DOMAIN_BEAT_SCHEDULE = {
    "check-pending-domain-claims": {
        "task": "provisioning.check_pending_domain_claims",
        "schedule": float(DOMAIN_VERIFICATION_CHECK_SECONDS),
    },
}

# Development: the DNS sandbox's records file (scripts/run starts the sandbox and sets this
# with DEBUG on); the dashboard then shows the command that publishes a claim's record.
DNS_SANDBOX_STATE_FILE = env.get_str("DNS_SANDBOX_STATE_FILE")
