"""DATABASE_URL is the shared database; DATABASE_URLS adds placements (name=url pairs)."""

from config import env

DATABASE_URL = env.get_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/storefleet")

# transaction: every database sits behind PgBouncer in transaction mode (a URL's ?pool= wins).
DATABASE_POOL_MODE = env.get_choice("DATABASE_POOL_MODE", env.POOL_MODES, "session")

DATABASES = {"default": env.parse_database_url(DATABASE_URL, pool=DATABASE_POOL_MODE)}
for _alias, _url in env.parse_database_urls(env.get_str("DATABASE_URLS")).items():
    DATABASES[_alias] = env.parse_database_url(
        _url, name=f"DATABASE_URLS[{_alias}]", pool=DATABASE_POOL_MODE
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
