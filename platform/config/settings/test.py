"""Test settings: real PostgreSQL and Redis from the environment, fast hashing, eager tasks."""

import os

from config import env

os.environ.setdefault("SECRET_KEY", "test-only-not-a-secret")  # noqa: S105
os.environ.setdefault("PLATFORM_DOMAIN", "platform.test")
# No test asks the internet's DNS: a closed local port (an instant "no DNS server answered")
# unless a test points the proof of custom domains at the DNS sandbox (tests/fixtures/dns.py).
os.environ.setdefault("DOMAIN_VERIFICATION_NAMESERVERS", "127.0.0.1:9")

from config.settings.base import *  # noqa: E402, F403
from config.settings.base import DATABASES  # noqa: E402

# A second placement for the database-per-tenant tests: the same server, another database,
# unless DATABASE_URLS already names one.
if len(DATABASES) == 1:
    DATABASES["second"] = {**DATABASES["default"], "NAME": DATABASES["default"]["NAME"] + "_second"}

for _db in DATABASES.values():
    _db["CONN_MAX_AGE"] = 0
    _db["CONN_HEALTH_CHECKS"] = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = env.get_bool("CELERY_TASK_ALWAYS_EAGER", default=True)
if not env.get_str("EMAIL_URL"):  # a child process of a test may be given a real SMTP server
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
# The browser tests' server speaks plain HTTP: a Secure cookie would never reach it.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
TENANT_MIGRATION_PROCESSES = 2
TENANT_SPARE_SCHEMAS = 0  # pool tests size the pool themselves
FLEET_OVERVIEW_CACHE_SECONDS = 0  # fresh figures; the cache's own test turns it on
# Tests write the catalog inside their test transaction, which never commits, so no version
# bump would follow: the catalog cache is off unless a test (or a child server) turns it on.
CATALOG_CACHE_ENABLED = env.get_bool("CATALOG_CACHE_ENABLED", default=False)
# Static files straight from frontend_templates/static (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Every test process gets its own cache namespace: xdist workers share one Redis but each has
# its own test database, so a cached Host -> tenant row of one must never reach another.
import secrets as _secrets  # noqa: E402

# Child processes that must share one namespace (several web servers of one test) get the
# same TEST_CACHE_RUN from their parent.
_run = os.environ.get("TEST_CACHE_RUN") or (
    f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{_secrets.token_hex(4)}"
)
for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = f"{_cache['KEY_PREFIX']}-{_run}"
