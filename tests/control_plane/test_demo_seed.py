"""scripts/run's demo (control_plane.demo.seed_demo): seeded stores with their admin, the
platform's operator, one password; run again or by two processes at once, nothing doubles."""

from __future__ import annotations

import pytest
from core.secrets import StripeKeys, get_secret_store
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from control_plane.dashboard.permissions import Role, get_role
from control_plane.demo import OPERATOR, STORE_ADMIN, demo_password, seed_demo
from shop.catalog.models import Product
from shop.shipping.models import Shippingmethod
from tenants.context import tenant_context
from tenants.models import Tenant
from tenants.services import delete_tenant, primary_host_for
from tests.fixtures.races import race

STORES = (("demo-seed-one", "Seed One"), ("demo-seed-two", "Seed Two"))


@pytest.fixture
def data_dir(tmp_path, settings, monkeypatch):
    settings.DATA_DIR = tmp_path
    settings.PUBLIC_PORT = 8000
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    return tmp_path


@pytest.fixture
def demo_cleanup(committed_test_databases, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        for tenant in Tenant.objects.filter(slug__in=[slug for slug, _ in STORES]):
            delete_tenant(tenant)
        # (Model.delete would also look for the store-only tables that point at auth_user.)
        operators = User.objects.filter(username=OPERATOR)
        User.groups.through.objects.filter(user__in=operators).delete()
        operators._raw_delete(using="default")


def _store_facts(slug: str) -> tuple[int, int, list[str]]:
    with tenant_context(Tenant.objects.get(slug=slug)):
        admins = list(User.objects.filter(is_superuser=True).values_list("username", flat=True))
        return Product.objects.count(), Shippingmethod.objects.count(), admins


def test_the_demo_stores_are_seeded_with_an_admin_and_the_platform_gets_an_operator(
    data_dir, demo_cleanup, django_db_blocker
):
    with django_db_blocker.unblock():
        domain = settings.PLATFORM_DOMAIN
        sign_ins = seed_demo(stores=STORES)
        password = demo_password()
        assert [(s.label, s.url, s.username, s.password) for s in sign_ins] == [
            ("operator dashboard", f"https://{domain}:8000/dashboard/", OPERATOR, password),
            ("Seed One admin", f"https://demo-seed-one.{domain}:8000/admin/", "admin", password),
            ("Seed Two admin", f"https://demo-seed-two.{domain}:8000/admin/", "admin", password),
        ]
        for slug, _ in STORES:
            products, shipping, admins = _store_facts(slug)
            assert products == 3 and shipping > 0 and admins == [STORE_ADMIN]
        operator = User.objects.get(username=OPERATOR)
        assert get_role(operator) == Role.OPERATOR

        # The printed sign-ins work: the operator's dashboard and a store's admin.
        platform = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
        assert platform.login(username=OPERATOR, password=password)
        assert platform.get("/dashboard/").status_code == 200
        store = Client(HTTP_HOST=primary_host_for(STORES[0][0]))
        response = store.post(
            "/admin/login/?next=/admin/",
            {"username": STORE_ADMIN, "password": password, "next": "/admin/"},
        )
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert store.get("/admin/").status_code == 200

        # Again: nothing doubles.
        seed_demo(stores=STORES)
        for slug, _ in STORES:
            assert _store_facts(slug) == (3, shipping, [STORE_ADMIN])
        assert User.objects.filter(username=OPERATOR).count() == 1


def test_the_password_is_generated_once_into_the_data_folder(data_dir):
    first = demo_password()
    assert len(first) >= 12
    assert (data_dir / "demo_password").read_text().strip() == first
    assert demo_password() == first


def test_demo_password_wins_and_a_changed_one_is_taken_on_the_next_start(
    data_dir, demo_cleanup, django_db_blocker, monkeypatch
):
    with django_db_blocker.unblock():
        monkeypatch.setenv("DEMO_PASSWORD", "first-Password-1")
        seed_demo(stores=STORES[:1])
        monkeypatch.setenv("DEMO_PASSWORD", "second-Password-2")
        sign_ins = seed_demo(stores=STORES[:1])
        assert {s.password for s in sign_ins} == {"second-Password-2"}
        assert User.objects.get(username=OPERATOR).check_password("second-Password-2")
        with tenant_context(Tenant.objects.get(slug=STORES[0][0])):
            assert User.objects.get(username=STORE_ADMIN).check_password("second-Password-2")
        assert not (data_dir / "demo_password").exists()


def test_two_starts_at_once_make_one_demo(data_dir, demo_cleanup, django_db_blocker):
    with django_db_blocker.unblock():
        race([lambda: seed_demo(stores=STORES)] * 3)
        assert Tenant.objects.filter(slug__in=[s for s, _ in STORES]).count() == 2
        for slug, _ in STORES:
            products, _, admins = _store_facts(slug)
            assert products == 3 and admins == [STORE_ADMIN]
        assert User.objects.filter(username=OPERATOR).count() == 1


def test_in_development_the_demo_stores_take_test_payments_through_the_sandbox(
    data_dir, demo_cleanup, django_db_blocker, stripe_server, settings
):
    settings.DEBUG = True
    settings.STRIPE_SANDBOX_URL = stripe_server.base_url
    with django_db_blocker.unblock():
        seed_demo(stores=STORES)
        tenant = Tenant.objects.get(slug=STORES[0][0])
        keys = get_secret_store().get_tenant_stripe_keys(tenant.pk)
        assert keys.is_sandbox
        account = stripe_server.accounts[keys.secret_key]
        assert account.name == "Seed One"
        assert account.webhook_secret == keys.webhook_secret
        assert account.webhook_url == (
            f"http://demo-seed-one.{settings.PLATFORM_DOMAIN}:8000/order/stripe-webhook"
        )

        # The next start keeps the store's keys (the sandbox's state file keeps the account).
        seed_demo(stores=STORES)
        assert get_secret_store().get_tenant_stripe_keys(tenant.pk) == keys

        # A store given a real account's keys keeps them.
        real = StripeKeys(
            publishable_key="pk_test_" + "a" * 24,
            secret_key="sk_test_" + "b" * 24,
            webhook_secret="whsec_" + "c" * 24,
        )
        get_secret_store().set_tenant_stripe_keys(tenant.pk, real)
        seed_demo(stores=STORES)
        assert get_secret_store().get_tenant_stripe_keys(tenant.pk) == real


def test_without_the_sandbox_the_demo_gets_no_sandbox_keys(
    data_dir, demo_cleanup, django_db_blocker, settings
):
    settings.DEBUG = False
    with django_db_blocker.unblock():
        seed_demo(stores=STORES[:1])
        tenant = Tenant.objects.get(slug=STORES[0][0])
        assert get_secret_store().get_tenant_stripe_keys(tenant.pk) is None
