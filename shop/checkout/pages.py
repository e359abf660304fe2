"""The storefront's checkout pages: `/checkout/confirm` (review, email, terms, then the page's
script starts the Stripe Checkout Session) and `/checkout/success` (Stripe's success_url: the
paid session becomes the order). Rendered in the store's layout (shop.pages.views.render_page);
the rules stay in shop.checkout's services."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from shop.cart import selectors as cart_selectors
from shop.cart import services as cart_services
from shop.cart.shopper import get_shopper
from shop.checkout import page_selectors
from shop.checkout import services as checkout_services
from shop.errors import ApplicationError
from shop.orders.grants import grant_order_view
from shop.orders.selectors import get_order_detail
from shop.pages import order_selectors
from shop.pages.views import render_page

LOGIN_PATH = "/login"  # the account pages' login (shop/pages/account_urls.py)

# What the success page says for each error code of confirm_paid_session.
SUCCESS_ERRORS = {
    "session-id-required": (
        "This page needs a payment reference",
        "The link is missing the reference Stripe sends back after a payment. If you have "
        "paid, your confirmation email has a link to your order.",
    ),
    "invalid-session": (
        "We could not find that payment",
        "This payment reference does not belong to a payment in this store. If you have "
        "paid, your confirmation email has a link to your order.",
    ),
    "payment-not-completed": (
        "Your payment is not complete",
        "Stripe has not taken the payment for this checkout, so no order was placed. You can "
        "go back to checkout and pay again.",
    ),
    "cart-not-found": (
        "We could not find the cart of this payment",
        "If you were charged, please contact the store and mention the time of your payment.",
    ),
    "cart-is-empty": (
        "We could not find the cart of this payment",
        "If you were charged, please contact the store and mention the time of your payment.",
    ),
    "no-cart-id": (
        "We could not find the cart of this payment",
        "If you were charged, please contact the store and mention the time of your payment.",
    ),
}
RETRY_LATER = (
    "We could not confirm your order just now",
    "Your payment reference is fine, but we could not reach the payment service or save the "
    "order this moment. Reload this page in a minute; you will not be charged twice.",
)


@require_safe
@never_cache
@ensure_csrf_cookie
def checkout_confirm(request: HttpRequest) -> HttpResponse:
    """Like the cart page, a cart without a shipping method gets the store's default, so
    what this page shows is what the Checkout Session charges."""
    shopper = get_shopper(request)
    cart = cart_selectors.get_cart(shopper=shopper)
    if cart is not None:
        cart_services.assign_default_shipping_method(cart=cart)
    data = page_selectors.get_confirm_page_data(shopper=shopper, cart=cart)
    return render_page(
        request,
        "storefront/checkout/confirm.html",
        page="checkout",
        confirm=data,
        cart_item_count=data.item_count if data.state == "ready" else None,
    )


@require_safe
@never_cache
@ensure_csrf_cookie
def checkout_success(request: HttpRequest) -> HttpResponse:
    try:
        paid = checkout_services.confirm_paid_session(session_id=request.GET.get("session_id"))
    except ApplicationError as error:
        title, text = SUCCESS_ERRORS.get(error.code, RETRY_LATER)
        known = error.code in SUCCESS_ERRORS
        return render_page(
            request,
            "storefront/checkout/error.html",
            # Never a 500: a server-side hiccup is a 503 the shopper can retry.
            status=error.http_status if known else 503,
            error_code=error.code,
            error_title=title,
            error_text=text,
            can_pay_again=error.code == "payment-not-completed",
        )
    # This browser paid: it may open the order without the email's link (shop.orders.grants).
    grant_order_view(request, paid.identifier)
    order = get_order_detail(identifier=paid.identifier)
    return render_page(
        request,
        "storefront/checkout/success.html",
        page="checkout-success",
        order=order_selectors.get_order_page_data(order),
    )
