"""Which apps live in the public schema, which in every store's schema, and where stores live."""

from config import env

# The public schema: the control plane (tenants, domains, jobs, operators).
SHARED_APPS = [
    "tenants",  # before django_tenants: our `migrate` command replaces theirs
    "django_tenants",
    "core",
    "control_plane",
    "control_plane.provisioning",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
]

# Every store's own schema: the whole store, including its own users and sessions.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "shop",
    "shop.accounts",
    "shop.catalog",
    "shop.shipping",
    "shop.discounts",
    "shop.cart",
    "shop.orders",
    "shop.emails",
    "shop.campaigns",
    "shop.ads",
    "shop.clientevents",
    "shop.checkout",
    "shop.pages",
    "import_export",  # the store admin's import and export (templates only, no models)
]

INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"

# One `SET search_path` per request (on tenant switch), not one per cursor.
TENANT_LIMIT_SET_CALLS = True
# Our router sends each model to the database its tenant is placed on.
TENANT_SYNC_ROUTER = "tenants.routers.PlacementRouter"
DATABASE_ROUTERS = [TENANT_SYNC_ROUTER]

PLATFORM_DOMAIN = env.get_str("PLATFORM_DOMAIN", "localhost").strip().lower()
# The port browsers reach the platform and its stores on, when it is not the scheme's own
# (scripts/run: its PORT). Absolute links (mail, Stripe's webhook in development) carry it.
PUBLIC_PORT = env.get_int("PUBLIC_PORT", 0) or None

# Host -> tenant routing cache lifetime; changes clear it explicitly, this bounds staleness
# of the per-process cache used when no Redis is configured.
TENANT_ROUTING_CACHE_SECONDS = env.get_int("TENANT_ROUTING_CACHE_SECONDS", 300)
# A per-process memo in front of that cache: other processes see a change within this time.
TENANT_ROUTING_LOCAL_SECONDS = env.get_int("TENANT_ROUTING_LOCAL_SECONDS", 2)

# Parallel processes used by `migrate` for the tenant fleet.
TENANT_MIGRATION_PROCESSES = env.get_int("TENANT_MIGRATION_PROCESSES", 2)

# Spare, fully built store schemas kept ready per database and starter catalog (tenants.pool):
# creating a store is then a rename, its seed already in place. 0 turns the pool off
# (creation replays the captured DDL and the job seeds the store instead).
TENANT_SPARE_SCHEMAS = env.get_int("TENANT_SPARE_SCHEMAS", 2)
# The starter catalogs (shop.seed.CATALOGS) spares are seeded with, TENANT_SPARE_SCHEMAS of
# each, refilled in this order; empty: unseeded spares (each store is seeded in its job).
# Checked by the shop app.
TENANT_SPARE_CATALOGS = env.get_list("TENANT_SPARE_CATALOGS", ["office-supplies", "empty"])
# A store that finds no spare left while a top-up is building one waits this long for it
# (one store per database at a time) before it builds its own schema (tenants.pool).
TENANT_SPARE_WAIT_MS = env.get_int("TENANT_SPARE_WAIT_MS", 600)
# What seeds a spare: called as f(catalog=...) inside the spare's schema.
TENANT_SPARE_SEEDER = "shop.seed.seed_store"
