"""Production security headers; all of it switches on whenever DEBUG is off."""

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
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Rate limits (core.ratelimit): how many proxies in front of the app add X-Forwarded-For
# (1 behind the load balancer); 0 trusts only REMOTE_ADDR.
RATELIMIT_ENABLED = env.get_bool("RATELIMIT_ENABLED", default=True)
RATELIMIT_TRUSTED_PROXIES = env.get_int("RATELIMIT_TRUSTED_PROXIES", 0)

# core.middleware.security_headers: no inline or foreign script, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https:; connect-src 'self'; frame-src 'self' https://player.vimeo.com; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
