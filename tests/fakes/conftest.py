from tests.fixtures.stripe import stripe_account, stripe_api_base, stripe_server  # noqa: F401
