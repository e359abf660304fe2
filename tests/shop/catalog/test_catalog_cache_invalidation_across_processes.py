"""Nothing stale after a write commits, across processes: two real gunicorn processes (each
with its own memo in front of the shared Redis) are warmed with the catalog, then a write of
each kind commits (admin save, import, price, stock, discount, theme) and both processes show
it on their next request."""

from __future__ import annotations

import io
import json
import re
import secrets

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from shop.catalog import stock
from shop.catalog.models import Product, Sku, Skuprice
from shop.discounts.models import Discountcode
from shop.seed import seed_store
from tenants.context import tenant_context
from tenants.services import create_tenant, delete_tenant, primary_host_for
from tests.fixtures.catalog_cache import version_of
from tests.fixtures.processes import child_env, kill_process_group
from tests.shop.accounts.servers import StoreSession, start_gunicorn

CLIPS = "ITHJW3mytn"  # Binder Clips: two SKUs, 3.99 and 5.99
BANDS = "v26ujdy3N1"  # Rubber Bands


@pytest.fixture(scope="module")
def store(committed_test_databases, django_db_blocker):
    with django_db_blocker.unblock():
        tenant = create_tenant(slug=f"cached-{secrets.token_hex(3)}", name="Cached Store")
        with tenant_context(tenant):
            seed_store(catalog="office-supplies")
    yield tenant
    with django_db_blocker.unblock():
        delete_tenant(tenant)


@pytest.fixture(scope="module")
def servers(redis_url, store):
    """Two web processes sharing this test process's cache namespace (so the writes made
    here bump the version they read), with the catalog cache on."""
    run = settings.CACHES["catalog"]["KEY_PREFIX"].removeprefix("sf-catalog-")
    env = child_env(REDIS_URL=redis_url, TEST_CACHE_RUN=run, CATALOG_CACHE_ENABLED="true")
    ports, processes = [], []
    try:
        for _ in range(2):
            port, process = start_gunicorn(env)
            processes.append(process)
            ports.append(port)
        yield ports
    finally:
        for process in processes:
            kill_process_group(process)


@pytest.fixture
def committing(django_db_blocker):
    """This test's own writes commit (no test transaction): the servers must see them."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def staff(store, committing) -> Client:
    """A client of the store's admin, signed in as a superuser of the store."""
    username = f"owner{secrets.token_hex(3)}"
    with tenant_context(store):
        user = User.objects.create_superuser(username, f"{username}@example.com", "Owner!pass1")
    client = Client(HTTP_HOST=primary_host_for(store.slug))
    with tenant_context(store):
        client.force_login(user)
    return client


@pytest.fixture
def browser(store) -> StoreSession:
    return StoreSession(host=primary_host_for(store.slug))


def _json(browser: StoreSession, port: int, path: str) -> dict:
    status, body = browser.get(port, path)
    assert status == 200, body[:500]
    return json.loads(body)


def _page(browser: StoreSession, port: int, path: str) -> str:
    status, body = browser.get(port, path)
    assert status == 200, body[:500]
    return body.decode()


def _catalog_seen(browser: StoreSession, port: int, identifier: str) -> dict:
    """What one process shows of a product: JSON detail, JSON list, home and product page."""
    return {
        "detail": _json(browser, port, f"/order/product/{identifier}")["product_data"],
        "listed": _json(browser, port, "/order/products")["products_data"][identifier],
        "home": _page(browser, port, "/"),
        "page": _page(browser, port, f"/product/{identifier}"),
    }


def _warm(browser: StoreSession, ports: list[int], identifier: str) -> list[dict]:
    """Each process reads the product twice (built, then from its memo)."""
    seen = []
    for port in ports:
        _catalog_seen(browser, port, identifier)
        seen.append(_catalog_seen(browser, port, identifier))
    return seen


def _next_reads(browser: StoreSession, ports: list[int], identifier: str) -> list[dict]:
    """The second process first, then the one warmed first."""
    return [_catalog_seen(browser, port, identifier) for port in reversed(ports)]


def test_an_admin_save_is_seen_by_both_processes(store, servers, staff, browser, committing):
    before = _warm(browser, servers, BANDS)
    with tenant_context(store):
        product = Product.objects.get(identifier=BANDS)
    response = staff.post(
        f"/admin/catalog/product/{product.pk}/change/",
        {
            "title": "Rubber Bands Deluxe",
            "title_url": product.title_url,
            "identifier": BANDS,
            "headline": product.headline,
            "description_part_1": product.description_part_1,
            "description_part_2": product.description_part_2,
            **{f"{inline}-{n}": "0" for inline in ("productskus", "images", "videos")
               for n in ("TOTAL_FORMS", "INITIAL_FORMS")},
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]

    after = _next_reads(browser, servers, BANDS)

    assert [seen["detail"]["title"] for seen in before] == ["Rubber Bands"] * 2
    assert [seen["detail"]["title"] for seen in after] == ["Rubber Bands Deluxe"] * 2
    assert [seen["listed"]["title"] for seen in after] == ["Rubber Bands Deluxe"] * 2
    assert all("Rubber Bands Deluxe" in seen["home"] for seen in after)
    assert all("<h1>Rubber Bands Deluxe</h1>" in seen["page"] for seen in after)


def _import_products_csv(staff: Client, text: str) -> None:
    changelist = "/admin/catalog/product/"
    upload = SimpleUploadedFile("products.csv", text.encode(), content_type="text/csv")
    preview = staff.post(
        f"{changelist}import/", {"import_file": upload, "format": "0", "resource": "0"}
    ).content.decode()
    confirm = {
        name: re.search(rf'name="{name}" value="([^"]*)"', preview).group(1)
        for name in ("import_file_name", "original_file_name", "format", "resource")
    }
    done = staff.post(f"{changelist}process_import/", confirm, follow=True)
    assert "Import finished" in done.content.decode(), done.content.decode()[:2000]


def test_an_import_is_seen_by_both_processes(store, servers, staff, browser, committing):
    before = _warm(browser, servers, CLIPS)
    with tenant_context(store):
        clips = Product.objects.get(identifier=CLIPS)
    rows = io.StringIO()
    rows.write("identifier,title,title_url,headline,description_part_1,description_part_2\r\n")
    rows.write(f"{CLIPS},{clips.title},{clips.title_url},Imported headline,"
               f"{clips.description_part_1},{clips.description_part_2}\r\n")  # fmt: skip

    _import_products_csv(staff, rows.getvalue())
    after = _next_reads(browser, servers, CLIPS)

    assert [seen["detail"]["headline"] for seen in before] == [clips.headline] * 2
    assert [seen["detail"]["headline"] for seen in after] == ["Imported headline"] * 2
    assert [seen["listed"]["headline"] for seen in after] == ["Imported headline"] * 2
    assert all("Imported headline" in seen["home"] for seen in after)


def test_a_price_change_is_seen_by_both_processes(store, servers, staff, browser, committing):
    with tenant_context(store):
        sku = Sku.objects.get(description="Small Binder Clip")
        price_ids = list(Skuprice.objects.filter(sku=sku).values_list("pk", flat=True))
    before = _warm(browser, servers, CLIPS)
    response = staff.post(
        f"/admin/catalog/sku/{sku.pk}/change/",
        {
            "sku_type": sku.sku_type_id,
            "sku_inventory": sku.sku_inventory_id,
            "color": sku.color,
            "size": sku.size,
            "description": sku.description,
            "prices-TOTAL_FORMS": str(len(price_ids) + 1),
            "prices-INITIAL_FORMS": str(len(price_ids)),
            **{f"prices-{n}-id": pk for n, pk in enumerate(price_ids)},
            **{f"prices-{n}-sku": sku.pk for n in range(len(price_ids) + 1)},
            f"prices-{len(price_ids)}-price": "2.49",
            f"prices-{len(price_ids)}-created_date_time_0": "2026-01-01",
            f"prices-{len(price_ids)}-created_date_time_1": "00:00:00",
            **{f"{inline}-{n}": "0" for inline in ("images", "productskus", "stock_movements")
               for n in ("TOTAL_FORMS", "INITIAL_FORMS")},
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]

    after = _next_reads(browser, servers, CLIPS)

    assert [seen["listed"]["price_low"] for seen in before] == ["3.99"] * 2
    assert [seen["listed"]["price_low"] for seen in after] == ["2.49"] * 2
    assert [seen["detail"]["skus"][str(sku.pk)]["price"] for seen in after] == ["2.49"] * 2
    assert all("$2.49" in seen["home"] for seen in after)


def test_a_stock_change_is_seen_by_both_processes(store, servers, browser, committing):
    with tenant_context(store):
        sku = Sku.objects.get(description="Large Binder Clip")
        stock.set_available(sku, quantity=1, by="setup")
    before = _warm(browser, servers, CLIPS)

    with tenant_context(store):  # a checkout takes the last unit
        stock.reserve(lines=[(sku.pk, 1)], reference=f"snapshot:{secrets.token_hex(3)}")
    after = _next_reads(browser, servers, CLIPS)

    status = [seen["detail"]["skus"][str(sku.pk)]["inventory_status_identifier"] for seen in after]
    assert [seen["detail"]["skus"][str(sku.pk)]["inventory_status_identifier"]
            for seen in before] == ["in-stock"] * 2  # fmt: skip
    assert status == ["out-of-stock"] * 2
    assert all('data-status="out-of-stock"' in seen["page"] for seen in after)


def _cart_discount(browser: StoreSession, port: int) -> str:
    return _json(browser, port, "/order/cart-totals")["cart_totals_data"]["item_discount"]


def test_a_discount_change_is_seen_by_both_processes(store, servers, browser, committing):
    first, second = servers
    with tenant_context(store):
        sku = Sku.objects.get(description="Multiple sizes and colors")
    _page(browser, first, "/")  # the CSRF cookie
    status, body = browser.post(
        first, "/order/cart-add-product-sku", sku_id=str(sku.pk), quantity="1"
    )
    assert status == 200 and b"success" in body, body
    status, body = browser.post(first, "/order/cart-apply-discount-code",
                                discount_code_id="WELCOME10")  # fmt: skip
    assert status == 200 and b"success" in body, body
    _warm(browser, servers, BANDS)
    before = [_cart_discount(browser, port) for port in servers]
    catalog_version = version_of(store)

    with tenant_context(store):
        code = Discountcode.objects.get(code="WELCOME10")
        code.discount_amount = 50
        request = RequestFactory().post("/")
        admin.site._registry[Discountcode].save_model(request, code, None, True)
    after = [_cart_discount(browser, port) for port in reversed(servers)]

    assert before == ["1.50"] * 2  # 10% of 14.99
    assert after == ["7.50"] * 2  # 50%
    # Carts' totals are cached (shop.cart.totals_cache): the code's save retired them.
    assert version_of(store) != catalog_version


def test_a_theme_change_is_seen_by_both_processes(store, servers, staff, browser, committing):
    before = _warm(browser, servers, BANDS)
    before_css = [_page(browser, port, "/theme.css") for port in servers]

    response = staff.post(
        "/admin/storefront/storetheme/add/",
        {"display_name": "Cached Corner Shop", "primary_color": "#aa0000",
         "accent_color": "#b8461b", "logo_url": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    after = _next_reads(browser, servers, BANDS)
    after_css = [_page(browser, port, "/theme.css") for port in reversed(servers)]

    assert all("Cached Corner Shop" not in seen["home"] for seen in before)
    assert all("--brand: #aa0000" not in css for css in before_css)
    assert all("<h1>Cached Corner Shop</h1>" in seen["home"] for seen in after)
    assert all("Cached Corner Shop</span>" in seen["page"] for seen in after)  # the header
    assert all("--brand: #aa0000" in css for css in after_css)
