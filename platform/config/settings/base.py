"""Settings for every environment, assembled from small components; all of it env-driven."""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config import env
from config.settings.components.cache import *  # noqa: F403
from config.settings.components.campaigns import *  # noqa: F403
from config.settings.components.celery import *  # noqa: F403
from config.settings.components.dashboard import *  # noqa: F403
from config.settings.components.databases import *  # noqa: F403
from config.settings.components.domains import *  # noqa: F403
from config.settings.components.email import *  # noqa: F403
from config.settings.components.import_export import *  # noqa: F403
from config.settings.components.infra import *  # noqa: F403
from config.settings.components.logging import *  # noqa: F403
from config.settings.components.login_limits import *  # noqa: F403
from config.settings.components.metrics import *  # noqa: F403
from config.settings.components.passwords import *  # noqa: F403
from config.settings.components.provisioning import *  # noqa: F403
from config.settings.components.requests import *  # noqa: F403
from config.settings.components.secrets import *  # noqa: F403
from config.settings.components.security import *  # noqa: F403
from config.settings.components.stock import *  # noqa: F403
from config.settings.components.stripe import *  # noqa: F403
from config.settings.components.tenancy import *  # noqa: F403
from config.settings.components.tenancy import PLATFORM_DOMAIN

CELERY_BEAT_SCHEDULE = {  # noqa: F405
    **CELERY_BEAT_SCHEDULE,  # noqa: F405
    **STOCK_BEAT_SCHEDULE,  # noqa: F405
    **DOMAIN_BEAT_SCHEDULE,  # noqa: F405
    **STRIPE_BEAT_SCHEDULE,  # noqa: F405
}

PROJECT_ROOT = Path(os.environ.get("PROJECT_ROOT") or Path(__file__).resolve().parents[3])
DATA_DIR = Path(os.environ.get("DATA_DIR") or PROJECT_ROOT / ".data")


def _secret_key() -> str:
    key = env.get_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:  # noqa: F405
        raise ImproperlyConfigured("SECRET_KEY is not set (it may be omitted only with DEBUG=1)")
    # Development only: one key per checkout, kept out of the repository under .data/.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

# Tenant routing is the real host allow-list: a host no Domain row names gets a 404.
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["*"])
CSRF_TRUSTED_ORIGINS = env.get_list(
    "CSRF_TRUSTED_ORIGINS", [f"https://*.{PLATFORM_DOMAIN}", f"http://*.{PLATFORM_DOMAIN}"]
)

# The first four wrap every response, those of the tenant middleware (unknown host, /healthz,
# suspended and provisioning stores) and of the request guard included: security headers on
# all of them, and a malformed request refused before anything reads it.
MIDDLEWARE = [
    "core.middleware.metrics.MetricsMiddleware",  # first: times and counts every response
    "core.middleware.request_id.RequestIdMiddleware",  # early: every response, every log line
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.security_headers.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.request_guard.RequestGuardMiddleware",
    "tenants.middleware.CachedTenantMiddleware",
    # /static/ (the pages' CSS and scripts) from STATIC_ROOT (collectstatic) on every host.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_ROOT / "frontend_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    # The store's own rules (the reference's): at most 50 characters, a capital letter and
    # a special character.
    {
        "NAME": "shop.accounts.validators.MaximumLengthValidator",
        "OPTIONS": {"max_length": 50},
    },
    {"NAME": "shop.accounts.validators.CapitalLetterValidator"},
    {"NAME": "shop.accounts.validators.SpecialCharacterValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_ROOT / "staticfiles"
STATICFILES_DIRS = [PROJECT_ROOT / "frontend_templates" / "static"]

# Money: Decimal everywhere, one precision for every money column.
MONEY_MAX_DIGITS = 12
MONEY_DECIMAL_PLACES = 2
DEFAULT_CURRENCY = "USD"
