from tests.fixtures.stripe import (  # noqa: F401
    store_stripe,
    stripe_account,
    stripe_api_base,
    stripe_keys,
    stripe_server,
)
