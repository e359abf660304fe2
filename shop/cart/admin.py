from django.contrib import admin

from shop.cart.models import Cart, Cartdiscount, Cartshippingmethod, Cartsku


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
class CartAdmin(admin.ModelAdmin):
    list_display = ("id", "member", "anonymous_cart_id", "created_date_time", "updated_date_time")
    search_fields = ("member__user__username", "anonymous_cart_id")
    raw_id_fields = ("member",)
    inlines = [CartskuInline, CartdiscountInline, CartshippingmethodInline]


@admin.register(Cartsku)
class CartskuAdmin(admin.ModelAdmin):
    list_display = ("cart", "sku", "quantity")
    raw_id_fields = ("cart", "sku")


@admin.register(Cartdiscount)
class CartdiscountAdmin(admin.ModelAdmin):
    list_display = ("cart", "discountcode", "applied_date_time")
    raw_id_fields = ("cart",)


@admin.register(Cartshippingmethod)
class CartshippingmethodAdmin(admin.ModelAdmin):
    list_display = ("cart", "shippingmethod")
    raw_id_fields = ("cart",)
