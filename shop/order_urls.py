"""The `/order/` API (the reference's paths). Checkout and order routes join this list; the
catch-all `<order_identifier>` detail route must stay last."""

from django.urls import path, re_path

from shop import views
from shop.cart import views as cart
from shop.catalog import views as catalog
from shop.checkout import confirm_views
from shop.checkout import views as checkout
from shop.orders import views as orders

urlpatterns = [
    path("", views.order_index, name="order-index"),
    path("products", catalog.products, name="order-products"),
    re_path(
        r"^product/(?P<product_identifier>[A-Za-z0-9]+)$", catalog.product, name="order-product"
    ),
    path("cart-items", cart.cart_items, name="order-cart-items"),
    path("cart-shipping-methods", cart.cart_shipping_methods, name="order-cart-shipping-methods"),
    path("cart-totals", cart.cart_totals, name="order-cart-totals"),
    path("cart-add-product-sku", cart.cart_add_product_sku, name="order-cart-add-product-sku"),
    path(
        "cart-update-sku-quantity",
        cart.cart_update_sku_quantity,
        name="order-cart-update-sku-quantity",
    ),
    path("cart-remove-sku", cart.cart_remove_sku, name="order-cart-remove-sku"),
    path(
        "cart-update-shipping-method",
        cart.cart_update_shipping_method,
        name="order-cart-update-shipping-method",
    ),
    path("cart-delete-cart", cart.cart_delete_cart, name="order-cart-delete-cart"),
    path("cart-discount-codes", cart.cart_discount_codes, name="order-cart-discount-codes"),
    path(
        "cart-apply-discount-code",
        cart.cart_apply_discount_code,
        name="order-cart-apply-discount-code",
    ),
    path(
        "cart-remove-discount-code",
        cart.cart_remove_discount_code,
        name="order-cart-remove-discount-code",
    ),
    path("checkout-allowed", confirm_views.checkout_allowed, name="order-checkout-allowed"),
    path("confirm-items", confirm_views.confirm_items, name="order-confirm-items"),
    path(
        "confirm-shipping-method",
        confirm_views.confirm_shipping_method,
        name="order-confirm-shipping-method",
    ),
    path(
        "confirm-discount-codes",
        confirm_views.confirm_discount_codes,
        name="order-confirm-discount-codes",
    ),
    path("confirm-totals", confirm_views.confirm_totals, name="order-confirm-totals"),
    path(
        "create-checkout-session",
        checkout.create_checkout_session,
        name="order-create-checkout-session",
    ),
    path(
        "checkout-session-success",
        checkout.checkout_session_success,
        name="order-checkout-session-success",
    ),
    path("stripe-webhook", checkout.stripe_webhook, name="order-stripe-webhook"),
    path(
        "anonymous-email-address-payment-lookup",
        checkout.anonymous_email_address_payment_lookup,
        name="order-anonymous-email-address-payment-lookup",
    ),
    path(
        "change-confirmation-email-address",
        checkout.change_confirmation_email_address,
        name="order-change-confirmation-email-address",
    ),
    # Last: any other single segment is an order identifier (a malformed one is answered
    # `order-not-found` in JSON rather than an HTML 404).
    re_path(r"^(?P<order_identifier>[^/]+)$", orders.order_detail, name="order-detail"),
]
