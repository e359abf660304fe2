pytest_plugins = [
    "tests.fixtures.tenants",
    "tests.fixtures.processes",
    "tests.fixtures.pgbouncer",
    "tests.fixtures.shop",
    "tests.fixtures.catalog_cache",
    "tests.fixtures.smtp",
    "tests.fixtures.accounts",
    "tests.fixtures.stripe",
    "tests.fixtures.dns",
    "tests.fixtures.browser",
    "tests.fixtures.no_skips",
    "tests.fixtures.full_log",
]


def pytest_collection_modifyitems(items):
    # Tests that ask for a store by name at run time need the session stores created first.
    for item in items:
        if "django_db" in item.keywords and "session_stores" not in item.fixturenames:
            item.fixturenames.insert(0, "session_stores")
