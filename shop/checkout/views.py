"""`/order/` checkout endpoints: the confirm page's guest email, the Stripe Checkout Session,
the return page and Stripe's webhook. Each view parses, calls one service and renders."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from shop.api import order_endpoint, read_text, render
from shop.cart import selectors
from shop.cart.shopper import get_shopper
from shop.checkout import services, webhooks
from shop.checkout.gate import is_checkout_allowed
from shop.errors import ApplicationError, CartNotFound, InvalidInput
from shop.orders.grants import grant_order_view

POST = ("POST",)


def _flag(request: HttpRequest, name: str) -> bool:
    return (read_text(request, name) or "").lower() == "true"


def _base_url(request: HttpRequest) -> str:
    """The store's own origin, as this request reached it (the Host routed it to this store)."""
    return f"{request.scheme}://{request.get_host()}"


# The reference's client shows `errors.description` of these two endpoints' errors.
@order_endpoint("create_checkout_session", methods=POST, describe_errors=True)
def create_checkout_session(request: HttpRequest) -> dict:
    shopper = get_shopper(request)
    if read_text(request, "agree_to_terms_of_sale") is None:
        raise InvalidInput(
            "Please agree to the terms of sale.", code="agree-to-terms-of-sale-required"
        )
    choices = services.CheckoutChoices(
        agree_to_terms_of_sale=_flag(request, "agree_to_terms_of_sale"),
        newsletter=_flag(request, "newsletter"),
        anonymous_email_address=read_text(request, "anonymous_email_address"),
    )
    info = services.start_checkout(
        shopper=shopper,
        cart=selectors.get_cart(shopper=shopper),
        choices=choices,
        base_url=_base_url(request),
    )
    return {
        "create_checkout_session": "success",
        "session_id": info.session_id,
        "checkout_url": info.url,
    }


@order_endpoint("checkout_session_success")
def checkout_session_success(request: HttpRequest) -> dict:
    order = services.confirm_paid_session(session_id=read_text(request, "session_id"))
    grant_order_view(request, order.identifier)
    return {"checkout_session_success": "success", "order_identifier": order.identifier}


@csrf_exempt
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        response = render({"error": "method-not-allowed"}, status=405)
        response["Allow"] = "POST"
        return response
    try:
        status, body = webhooks.handle_stripe_event(
            payload=request.body, signature_header=request.headers.get("Stripe-Signature")
        )
    except ApplicationError as error:
        status, body = error.http_status, {"error": error.code}
    return render(body, status=status)


@order_endpoint("anonymous_email_address_payment_lookup", methods=POST, describe_errors=True)
def anonymous_email_address_payment_lookup(request: HttpRequest) -> dict:
    shopper = get_shopper(request)
    cart = selectors.get_cart(shopper=shopper)
    if not is_checkout_allowed(shopper=shopper, cart=cart):
        return {"checkout_allowed": False}
    publishable_key = services.look_up_anonymous_email(
        email=read_text(request, "anonymous_email_address")
    )
    return {
        "checkout_allowed": True,
        "anonymous_email_address_payment_lookup": "success",
        "stripe_publishable_key": publishable_key,
        "customer_data": None,
    }


@order_endpoint("change_confirmation_email_address", methods=POST)
def change_confirmation_email_address(request: HttpRequest) -> dict:
    """The confirm page's "use another address": nothing is kept server-side between the
    lookup and the session, so this only checks there is a cart (defect 12: no 500)."""
    shopper = get_shopper(request)
    cart = selectors.get_cart(shopper=shopper)
    if cart is None:
        raise CartNotFound()
    return {
        "checkout_allowed": is_checkout_allowed(shopper=shopper, cart=cart),
        "change_confirmation_email_address": "success",
    }
