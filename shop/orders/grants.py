"""The browser that just paid may see its order: the success page (which holds the Checkout
Session id only the payer's browser and Stripe know) records the order identifier in the
browser's session, so the return page's redirect to the order works for a guest without the
email's `pr_cd`. Nobody else's session holds the grant (defect 20)."""

from __future__ import annotations

from django.http import HttpRequest

SESSION_KEY = "orders_viewable"
KEEP = 20


def grant_order_view(request: HttpRequest, identifier: str) -> None:
    granted = [i for i in request.session.get(SESSION_KEY, []) if i != identifier]
    request.session[SESSION_KEY] = [*granted, identifier][-KEEP:]


def has_order_grant(request: HttpRequest, identifier: str) -> bool:
    session = getattr(request, "session", None)
    return session is not None and identifier in session.get(SESSION_KEY, [])
