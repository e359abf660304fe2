"""A store whose Stripe keys are test keys (sandbox and placeholder keys too) says so on every
page: a "Test mode" ribbon. No keys or live keys: no ribbon. Whether a store is in test mode is
cached, and forgotten whenever its keys are written."""

import pytest
from core.models import EncryptedSecret
from core.secrets import StripeKeys, forget_test_mode, get_secret_store
from stripe_sandbox.keys import new_sandbox_keys

from control_plane.provisioning.steps import placeholder_stripe_keys
from tests.shop.pages.markup import assert_page_is_clean

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

RIBBON = (
    '<p class="test-mode-ribbon" role="status" data-test-mode><strong>Test mode</strong> — '
    "payments are simulated, no real charges</p>"
)
TEST_KEYS = StripeKeys(
    publishable_key="pk_test_ribbonPublishable0001",
    secret_key="sk_test_ribbonSecretValue00001",
    webhook_secret="whsec_ribbonWebhookSecret0001",
)
LIVE_KEYS = StripeKeys(
    publishable_key="pk_live_ribbonPublishable0001",
    secret_key="sk_live_ribbonSecretValue00001",
    webhook_secret="whsec_ribbonWebhookSecret0001",
)
PAGES = ["/", "/cart", "/login", "/about", "/terms-of-use", "/product/ITHJW3mytn"]


@pytest.fixture
def store(store_a):
    """store_a with no cached mode before and after (the test's keys roll back with it)."""
    forget_test_mode(store_a.pk)
    yield store_a
    forget_test_mode(store_a.pk)


def ribbons(client, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode().count(RIBBON)


@pytest.mark.parametrize(
    "keys",
    [TEST_KEYS, new_sandbox_keys(), placeholder_stripe_keys()],
    ids=["test", "sandbox", "placeholder"],
)
def test_test_keys_show_the_ribbon_on_every_page(store, client_for, keys):
    get_secret_store().set_tenant_stripe_keys(store.pk, keys)
    client = client_for(store)

    assert [ribbons(client, path) for path in PAGES] == [1] * len(PAGES)


def test_the_ribbon_keeps_the_page_clean(store, client_for):
    get_secret_store().set_tenant_stripe_keys(store.pk, TEST_KEYS)

    html = client_for(store).get("/login").content

    assert RIBBON.encode() in html
    assert_page_is_clean(html, h1="Sign in")


@pytest.mark.parametrize("keys", [None, LIVE_KEYS], ids=["no-keys", "live"])
def test_no_keys_or_live_keys_show_no_ribbon(store, client_for, keys):
    if keys:
        get_secret_store().set_tenant_stripe_keys(store.pk, keys)
    client = client_for(store)

    assert [ribbons(client, path) for path in PAGES] == [0] * len(PAGES)
    assert b"test-mode-ribbon" not in client.get("/").content


def test_the_mode_is_cached_and_forgotten_when_the_keys_change(store, store_b, client_for):
    client = client_for(store)
    assert ribbons(client, "/") == 0  # no keys: cached as not in test mode

    get_secret_store().set_tenant_stripe_keys(store.pk, TEST_KEYS)
    assert ribbons(client, "/") == 1

    # Read from the cache, not the secret store: the row can go behind the store's back...
    EncryptedSecret.objects.all().delete()
    assert ribbons(client, "/") == 1
    # ...but writing keys through the store forgets the cached mode at once.
    get_secret_store().set_tenant_stripe_keys(store.pk, LIVE_KEYS)
    assert ribbons(client, "/") == 0
    get_secret_store().set_tenant_stripe_keys(store.pk, TEST_KEYS)
    assert ribbons(client, "/") == 1
    get_secret_store().delete_tenant_stripe_keys(store.pk)
    assert ribbons(client, "/") == 0
    # Another store's mode is its own.
    forget_test_mode(store_b.pk)
    assert ribbons(client_for(store_b), "/") == 0
