from django.contrib import admin

from shop.cart.models import Cart, Cartdiscount, Cartshippingmethod, Cartsku
from shop.cart.totals_cache import cart_changed


def _cart_of(obj: object) -> Cart | None:
    return obj if isinstance(obj, Cart) else Cart.objects.filter(pk=obj.cart_id).first()


class CartChangedMixin:
    """Saves and deletes here retire the carts' cached totals (shop.cart.totals_cache), of
    the cart as it was and as it is (an admin may move a line or change a cart's owner)."""

    def save_model(self, request, obj, form, change) -> None:
        before = type(obj).objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        cart_changed(_cart_of(obj), _cart_of(before) if before is not None else None)

    def delete_model(self, request, obj) -> None:
        cart = _cart_of(obj)
        super().delete_model(request, obj)
        cart_changed(cart)

    def delete_queryset(self, request, queryset) -> None:
        cart_changed(*(_cart_of(obj) for obj in queryset))
        super().delete_queryset(request, queryset)


class CartskuInline(admin.TabularInline):
    model = Cartsku
    extra = 0
    raw_id_fields = ("sku",)


class CartdiscountInline(admin.TabularInline):
    model = Cartdiscount
    extra = 0


class CartshippingmethodInline(admin.StackedInline):
    model = Cartshippingmethod
    extra = 0


@admin.register(Cart)
class CartAdmin(CartChangedMixin, admin.ModelAdmin):
    list_display = ("id", "member", "anonymous_cart_id", "created_date_time", "updated_date_time")
    search_fields = ("member__user__username", "anonymous_cart_id")
    raw_id_fields = ("member",)
    inlines = [CartskuInline, CartdiscountInline, CartshippingmethodInline]


@admin.register(Cartsku)
class CartskuAdmin(CartChangedMixin, admin.ModelAdmin):
    list_display = ("cart", "sku", "quantity")
    raw_id_fields = ("cart", "sku")


@admin.register(Cartdiscount)
class CartdiscountAdmin(CartChangedMixin, admin.ModelAdmin):
    list_display = ("cart", "discountcode", "applied_date_time")
    raw_id_fields = ("cart",)


@admin.register(Cartshippingmethod)
class CartshippingmethodAdmin(CartChangedMixin, admin.ModelAdmin):
    list_display = ("cart", "shippingmethod")
    raw_id_fields = ("cart",)
