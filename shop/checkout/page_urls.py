"""The storefront's checkout pages (shop/checkout/pages.py)."""

from django.urls import URLPattern, path

from shop.checkout import pages

urlpatterns: list[URLPattern] = [
    path("checkout/confirm", pages.checkout_confirm, name="store-checkout-confirm"),
    path("checkout/success", pages.checkout_success, name="store-checkout-success"),
]
