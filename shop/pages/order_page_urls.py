"""The storefront's order pages (shop/pages/order_views.py)."""

from django.urls import URLPattern, path

from shop.pages import order_views

urlpatterns: list[URLPattern] = [
    path("account/orders", order_views.order_history, name="store-account-orders"),
    path("account/order", order_views.order_detail, name="store-account-order"),
]
