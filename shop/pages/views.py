"""The storefront's pages: server-rendered first paint; the pages' small scripts
(static/storefront/js) then talk to the `/order/*` JSON API. Every page sets the CSRF cookie
those scripts send back as X-CSRFToken."""

from __future__ import annotations

from core.secrets import store_in_test_mode
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from shop.cart import selectors as cart_selectors
from shop.cart import services as cart_services
from shop.cart.shopper import get_shopper
from shop.pages import placeholders, selectors
from shop.pages.account_context import account_header_context
from shop.pages.theme import render_theme_css


def render_page(
    request: HttpRequest,
    template: str,
    *,
    status: int = 200,
    cart_item_count: int | None = None,
    **context,
) -> HttpResponse:
    """A storefront page: the store's theme, the header's cart count, the shopper's account
    (signed in or not, terms to agree to) and, for a store on Stripe test keys, the test-mode
    ribbon come with every one."""
    shopper = get_shopper(request)
    if cart_item_count is None:
        cart = cart_selectors.get_cart(shopper=shopper)
        cart_item_count = cart_selectors.count_cart_items(cart=cart)
    return render(
        request,
        template,
        {
            "theme": selectors.get_store_theme(store_name=request.tenant.name),
            "cart_item_count": cart_item_count,
            "test_mode": store_in_test_mode(request.tenant.pk),
            **account_header_context(member=shopper.member),
            **context,
        },
        status=status,
    )


@require_safe
@never_cache
@ensure_csrf_cookie
def home(request: HttpRequest) -> HttpResponse:
    products = selectors.list_product_cards()
    return render_page(request, "storefront/home.html", page="home", products=products)


@require_safe
@never_cache
@ensure_csrf_cookie
def product(request: HttpRequest, identifier: str) -> HttpResponse:
    found = selectors.get_product_page(identifier=identifier)
    if found is None:
        return render_page(request, "storefront/not_found.html", status=404)
    return render_page(
        request,
        "storefront/product.html",
        product=found,
        images=found.images,
        sku_options=found.sku_options,
        selected=found.selected,
    )


@require_safe
@never_cache
@ensure_csrf_cookie
def cart(request: HttpRequest) -> HttpResponse:
    """Like the reference's cart page (whose `cart-shipping-methods` call has this side
    effect), a cart without a shipping method gets the store's default one."""
    found = cart_selectors.get_cart(shopper=get_shopper(request))
    shipping = cart_services.assign_default_shipping_method(cart=found) if found else None
    data = selectors.get_cart_page_data(cart=found, shipping_method=shipping)
    return render_page(
        request, "storefront/cart.html", page="cart", cart_item_count=len(data["lines"]), **data
    )


@require_safe
def theme_css(request: HttpRequest) -> HttpResponse:
    theme = selectors.get_store_theme(store_name=request.tenant.name)
    response = HttpResponse(render_theme_css(theme), content_type="text/css; charset=utf-8")
    # The pages ask for /theme.css?v=<version>: a versioned URL may be kept a day.
    fresh = request.GET.get("v") == theme.version
    patch_cache_control(response, public=True, max_age=86400 if fresh else 0)
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    theme = selectors.get_store_theme(store_name=request.tenant.name)
    response = HttpResponse(
        placeholders.render_favicon_svg(theme=theme), content_type="image/svg+xml"
    )
    patch_cache_control(
        response, public=True, max_age=86400 if request.GET.get("v") == theme.version else 0
    )
    return response


@require_safe
def product_image(request: HttpRequest, name: str) -> HttpResponse:
    """The seed catalog's images (`/img/product/<name>`): drawn placeholders in the store's
    colours, until the store's admin points its products at real images. Revalidated on
    every use (a cheap 304), so a new theme shows at once."""
    theme = selectors.get_store_theme(store_name=request.tenant.name)
    etag = f'"{theme.version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        svg = placeholders.render_placeholder_svg(name=name, theme=theme)
        response = HttpResponse(svg, content_type="image/svg+xml")
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True)
    return response
