"""Every admin page and import of what a cart's totals show retires the cached totals: the
pricing inputs (codes, their types, shipping methods, the tax rate) bump the catalog version,
and the carts' own pages bump the cart's; a model added later without it fails here."""

from django.apps import apps
from django.contrib import admin

from shop.cart.admin import CartChangedMixin
from shop.catalog.cache import CatalogAdminMixin
from shop.catalog.resources import CatalogResource
from shop.discounts.models import Discountcode, DiscountcodeUse, Discounttype
from shop.orders.models import Orderconfiguration
from shop.shipping.models import Shippingmethod

# DiscountcodeUse is not among them: uses count codes against their limits, no total shows them.
PRICING_INPUTS = [Discountcode, Discounttype, Shippingmethod, Orderconfiguration]


def test_every_pricing_input_admin_page_and_import_bumps_the_catalog_version():
    admins = [admin.site._registry[model] for model in PRICING_INPUTS]
    resources = [r for page in admins for r in getattr(page, "resource_classes", [])]

    assert [type(a).__name__ for a in admins if not isinstance(a, CatalogAdminMixin)] == []
    assert len(resources) == 2
    assert [r.__name__ for r in resources if not issubclass(r, CatalogResource)] == []
    assert {m for m in apps.get_app_config("discounts").get_models()} - set(PRICING_INPUTS) == {
        DiscountcodeUse
    }


def test_every_cart_admin_page_bumps_the_carts_version():
    pages = [admin.site._registry[model] for model in apps.get_app_config("cart").get_models()]
    assert len(pages) == 4
    assert [type(p).__name__ for p in pages if not isinstance(p, CartChangedMixin)] == []
