"""Tracked stock (DESIGN §4): labels derived from quantity, reservations at checkout, releases
once, sales, the sweeper, and a movement for every change (admin edit, import)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import tablib
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from shop.catalog import stock
from shop.catalog.models import BACK_ORDERED, IN_STOCK, OUT_OF_STOCK, Sku, StockMovement
from shop.catalog.resources import SkuResource
from shop.checkout.models import CheckoutSnapshot
from shop.checkout.stock_sweeper import sweep_expired_checkouts
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, order_get
from tests.shop.checkout.journey import CLIP, pay, post_event, skus

pytestmark = pytest.mark.django_db
Reason = StockMovement.Reason


def _track(store, sku: Sku, quantity: int, *, continue_selling: bool = False) -> Sku:
    with tenant_context(store):
        stock.set_available(sku, quantity=quantity, by="setup")
        for link in sku.productskus.select_related("product"):
            link.product.continue_selling_when_out_of_stock = continue_selling
            link.product.save()
        stock.refresh_labels([sku.pk])
        return Sku.objects.select_related("sku_inventory").get(pk=sku.pk)


def _two_clips_checked_out(store, client_for) -> tuple[Sku, object, dict]:
    """A tracked clip SKU (5 units) and a shopper whose checkout of 2 reserved them."""
    clip, _ = skus(store)
    clip = _track(store, clip, 5)
    client = client_for(store)
    add_to_cart(client, clip, 2)
    order_get(client, "cart-shipping-methods")
    return clip, client, _checkout(client).json()


def _checkout(client, **data):
    return client.post("/order/create-checkout-session", {"agree_to_terms_of_sale": "true", **data})


def _movements(store, sku):
    with tenant_context(store):
        return list(
            StockMovement.objects.filter(sku=sku)
            .order_by("id")
            .values_list("delta", "reason", "by_username")
        )


def test_the_label_is_derived_from_the_tracked_quantity(seeded_stores, store_a):
    clip, _ = skus(store_a)
    assert _track(store_a, clip, 3).sku_inventory.identifier == IN_STOCK
    assert _track(store_a, clip, 0).sku_inventory.identifier == OUT_OF_STOCK
    assert _track(store_a, clip, 0, continue_selling=True).sku_inventory.identifier == (
        BACK_ORDERED
    )
    assert stock.derive_state(available=0, continue_selling=True) == BACK_ORDERED
    # and the catalog JSON shows it in the reference's fields
    with tenant_context(store_a):
        identifier = clip.productskus.first().product.identifier
    client_body = order_get_product(store_a, identifier)
    assert client_body["skus"][str(clip.pk)]["inventory_status_identifier"] == BACK_ORDERED


def order_get_product(store, identifier):
    from django.test import Client

    from tenants.services import primary_host_for

    response = Client(HTTP_HOST=primary_host_for(store.slug)).get(f"/order/product/{identifier}")
    assert response.status_code == 200, response.content
    return response.json()["product_data"]


def test_checkout_reserves_and_an_order_consumes(
    store_a, alpha_payments, client_for, stripe_server, django_capture_on_commit_callbacks
):
    clip, client, started = _two_clips_checked_out(store_a, client_for)
    with tenant_context(store_a):
        clip.refresh_from_db()
    assert (clip.quantity_available, clip.quantity_reserved) == (3, 2)

    event = pay(stripe_server, started["session_id"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)
    assert response.status_code == 200, response.content
    with tenant_context(store_a):
        clip.refresh_from_db()
    assert (clip.quantity_available, clip.quantity_reserved) == (3, 0)
    assert [r for _, r, _ in _movements(store_a, clip)] == [
        Reason.ADMIN_EDIT,
        Reason.RESERVATION,
        Reason.SALE,
    ]


def test_too_few_units_is_a_clear_error_naming_the_sku_and_what_is_left(
    store_a, alpha_payments, client_for
):
    clip, _ = skus(store_a)
    clip = _track(store_a, clip, 3)
    client = client_for(store_a)
    add_to_cart(client, clip, 4)
    order_get(client, "cart-shipping-methods")
    response = _checkout(client)
    body = response.json()
    assert body["create_checkout_session"] == "error"
    assert body["errors"]["error"] == "insufficient-stock"
    assert "Only 3 of" in body["errors"]["description"]
    assert body["insufficient_stock"] == {
        "sku_id": clip.pk,
        "sku": CLIP,
        "requested": 4,
        "available": 3,
    }
    with tenant_context(store_a):
        clip.refresh_from_db()
        assert not CheckoutSnapshot.objects.exists()  # the draft went, holding nothing
    assert (clip.quantity_available, clip.quantity_reserved) == (3, 0)


def test_a_product_that_continues_selling_never_blocks(store_a, alpha_payments, client_for):
    clip, _ = skus(store_a)
    clip = _track(store_a, clip, 1, continue_selling=True)
    client = client_for(store_a)
    add_to_cart(client, clip, 3)
    order_get(client, "cart-shipping-methods")
    assert _checkout(client).status_code == 200
    with tenant_context(store_a):
        clip = Sku.objects.select_related("sku_inventory").get(pk=clip.pk)
    assert (clip.quantity_available, clip.quantity_reserved) == (0, 1)
    assert clip.sku_inventory.identifier == BACK_ORDERED
    other = client_for(store_a)
    add_to_cart(other, clip, 2)  # back-ordered, still sold
    order_get(other, "cart-shipping-methods")
    assert _checkout(other).status_code == 200


def test_the_sweeper_releases_expired_open_checkouts_once(store_a, alpha_payments, client_for):
    clip, client, started = _two_clips_checked_out(store_a, client_for)
    with tenant_context(store_a):
        snapshot = CheckoutSnapshot.objects.get(stripe_session_id=started["session_id"])
        assert snapshot.expires_at is not None
        assert sweep_expired_checkouts() == 0  # not yet due
        later = snapshot.expires_at + timedelta(seconds=1)
        assert sweep_expired_checkouts(now=later) == 1
        assert sweep_expired_checkouts(now=later) == 0
        clip.refresh_from_db()
        snapshot.refresh_from_db()
    assert snapshot.status == CheckoutSnapshot.Status.EXPIRED
    assert (clip.quantity_available, clip.quantity_reserved) == (5, 0)
    assert [r for _, r, _ in _movements(store_a, clip)].count(Reason.RELEASE) == 1


def test_a_newer_checkout_of_the_cart_releases_the_old_one(store_a, alpha_payments, client_for):
    clip, _ = skus(store_a)
    clip = _track(store_a, clip, 5)
    client = client_for(store_a)
    add_to_cart(client, clip, 2)
    order_get(client, "cart-shipping-methods")
    assert _checkout(client).status_code == 200
    add_to_cart(client, clip, 1)  # 3 now: a new snapshot, the old session expired
    assert _checkout(client).status_code == 200
    with tenant_context(store_a):
        clip.refresh_from_db()
    assert (clip.quantity_available, clip.quantity_reserved) == (2, 3)


def test_the_check_constraint_refuses_a_negative_quantity(seeded_stores, store_a):
    clip, _ = skus(store_a)
    _track(store_a, clip, 1)
    with tenant_context(store_a), pytest.raises(IntegrityError), transaction.atomic():
        Sku.objects.filter(pk=clip.pk).update(quantity_available=-1)


def test_an_admin_edit_goes_through_the_domain_and_writes_a_movement(
    seeded_stores, store_a, staff_client
):
    clip, _ = skus(store_a)
    client = staff_client(store_a, "stockkeeper")
    data = {
        "sku_type": clip.sku_type_id,
        "sku_inventory": clip.sku_inventory_id,
        "color": clip.color,
        "size": clip.size,
        "description": clip.description,
        "track_quantity": "on",
        "available": "7",
    }
    for prefix in ("prices", "images", "productskus", "stock_movements"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = client.post(f"/admin/catalog/sku/{clip.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(store_a):
        clip.refresh_from_db()
    assert (clip.track_quantity, clip.quantity_available) == (True, 7)
    assert _movements(store_a, clip) == [(7, Reason.ADMIN_EDIT, "stockkeeper")]
    page = client.get(f"/admin/catalog/sku/{clip.pk}/change/")
    assert b"admin-edit" in page.content or b"Admin edit" in page.content


def test_an_import_writes_a_movement_naming_who(seeded_stores, store_a):
    clip, _ = skus(store_a)
    with tenant_context(store_a):
        user = User.objects.create_user("importer")
        resource = SkuResource()
        exported = resource.export(queryset=Sku.objects.filter(pk=clip.pk))
        row = dict(zip(exported.headers, exported[0], strict=True))
        row["quantity_available"] = "4"
        dataset = tablib.Dataset(list(row.values()), headers=list(row))
        result = SkuResource().import_data(dataset, dry_run=False, user=user)
        assert not result.has_errors(), [e.error for e in result.base_errors]
        clip.refresh_from_db()
    assert (clip.track_quantity, clip.quantity_available) == (True, 4)
    assert _movements(store_a, clip) == [(4, Reason.IMPORT, "importer")]


def test_sold_units_restock_once_on_a_refund(seeded_stores, store_a):
    clip, _ = skus(store_a)
    _track(store_a, clip, 2)
    with tenant_context(store_a):
        assert stock.restock(lines=[(clip.pk, 3)], reference="order:X1", by="bob") == {clip.pk: 3}
        assert stock.restock(lines=[(clip.pk, 3)], reference="order:X1", by="bob") == {}
        clip.refresh_from_db()
    assert clip.quantity_available == 5
    assert _movements(store_a, clip)[-1] == (3, Reason.REFUND_RESTOCK, "bob")


def test_sweeper_ignores_snapshots_not_yet_due(seeded_stores, store_a):
    with tenant_context(store_a):
        assert sweep_expired_checkouts(now=timezone.now()) == 0


# The sweep visits every active store, the one placed on the second database too.
@pytest.mark.django_db(databases=["default", "second"])
def test_the_periodic_task_sweeps_each_store_with_open_checkouts(
    store_a, alpha_payments, client_for
):
    from shop.checkout.tasks import sweep_all_expired_checkouts

    clip, client, started = _two_clips_checked_out(store_a, client_for)
    with tenant_context(store_a):
        CheckoutSnapshot.objects.filter(stripe_session_id=started["session_id"]).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )

    assert sweep_all_expired_checkouts() >= 1  # eager: each store's sweep runs here

    with tenant_context(store_a):
        snapshot = CheckoutSnapshot.objects.get(stripe_session_id=started["session_id"])
        clip.refresh_from_db()
    assert snapshot.status == CheckoutSnapshot.Status.EXPIRED
    assert (clip.quantity_available, clip.quantity_reserved) == (5, 0)
