"""The storefront's checkout pages (see shop/pages/checkout_views.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
