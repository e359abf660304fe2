"""EMAIL_URL: smtp://user:pass@host:port (smtp+tls:// for STARTTLS, smtps:// for TLS)."""

from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from config import env

EMAIL_URL = env.get_str("EMAIL_URL")

if EMAIL_URL:
    _parts = urlsplit(EMAIL_URL)
    if _parts.scheme not in {"smtp", "smtp+tls", "smtps", "console", "locmem"}:
        raise ImproperlyConfigured(f"EMAIL_URL scheme {_parts.scheme!r} is not supported")
    if _parts.scheme == "console":
        EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    elif _parts.scheme == "locmem":
        EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    else:
        EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        EMAIL_HOST = _parts.hostname or "localhost"
        EMAIL_PORT = _parts.port or (465 if _parts.scheme == "smtps" else 25)
        EMAIL_HOST_USER = unquote(_parts.username or "")
        EMAIL_HOST_PASSWORD = unquote(_parts.password or "")
        EMAIL_USE_TLS = _parts.scheme == "smtp+tls"
        EMAIL_USE_SSL = _parts.scheme == "smtps"
        EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "no-reply@localhost")
