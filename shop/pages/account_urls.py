"""The storefront's account pages (see shop/pages/account_views.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
