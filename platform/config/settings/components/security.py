"""Production security headers; all of it switches on whenever DEBUG is off."""

from django.core.exceptions import ImproperlyConfigured

from config import env

DEBUG = env.get_bool("DEBUG", default=False)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the storefront's JavaScript reads it for X-CSRFToken
# The JSON APIs answer a CSRF refusal in their own shape (code "csrf-failed"), pages in HTML.
CSRF_FAILURE_VIEW = "core.csrf.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", default=True)
    # The load balancer's health check and our own probe speak plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]  # and Prometheus, inside the VPC
    SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Rate limits (core.ratelimit), counted per client address.
RATELIMIT_ENABLED = env.get_bool("RATELIMIT_ENABLED", default=True)
# Deprecated: CLIENT_ADDRESS_SOURCE=x-forwarded-for with CLIENT_ADDRESS_PROXY_HOPS instead.
RATELIMIT_TRUSTED_PROXIES = env.get_int("RATELIMIT_TRUSTED_PROXIES", 0)


def get_client_address_settings() -> tuple[str, int]:
    """(CLIENT_ADDRESS_SOURCE, CLIENT_ADDRESS_PROXY_HOPS) from the environment: where
    core.client_address reads the client's address, and how many trusted proxies append to
    X-Forwarded-For (unset: 1). Without CLIENT_ADDRESS_SOURCE, the deprecated
    RATELIMIT_TRUSTED_PROXIES > 0 means x-forwarded-for with that many hops."""
    source = env.get_choice(
        "CLIENT_ADDRESS_SOURCE",
        ("remote-addr", "x-forwarded-for", "cloudfront-viewer-address"),
        default="",
    )
    hops = env.get_int("CLIENT_ADDRESS_PROXY_HOPS", 0)
    if hops < 0:
        raise ImproperlyConfigured(f"CLIENT_ADDRESS_PROXY_HOPS must be positive, got {hops}")
    legacy_hops = max(env.get_int("RATELIMIT_TRUSTED_PROXIES", 0), 0)
    if not source:
        source = "x-forwarded-for" if legacy_hops else "remote-addr"
    if source == "x-forwarded-for":
        hops = hops or legacy_hops or 1
    return source, hops


CLIENT_ADDRESS_SOURCE, CLIENT_ADDRESS_PROXY_HOPS = get_client_address_settings()

# core.middleware.security_headers: no inline or foreign script, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https:; connect-src 'self'; frame-src 'self' https://player.vimeo.com; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
