"""The storefront's checkout and order pages (see shop/pages/checkout_views.py)."""

from django.urls import URLPattern, path

from shop.pages import checkout_views

urlpatterns: list[URLPattern] = [
    path("checkout/confirm", checkout_views.checkout_confirm, name="store-checkout-confirm"),
    path("checkout/success", checkout_views.checkout_success, name="store-checkout-success"),
    path("account/orders", checkout_views.order_history, name="store-account-orders"),
    path("account/order", checkout_views.order_detail, name="store-account-order"),
]
