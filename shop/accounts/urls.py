"""`/user/` (the reference's paths)."""

from django.urls import path

from shop.accounts import views

ROUTES = [
    "token",
    "logged-in",
    "login",
    "logout",
    "account-content",
    "create-account",
    "verify-email-address",
    "verify-email-address-response",
    "reset-password",
    "set-new-password",
    "forgot-username",
    "update-my-information",
    "update-communication-preferences",
    "change-my-password",
    "email-unsubscribe-lookup",
    "email-unsubscribe-confirm",
    "email-unsubscribe-why",
    "terms-of-use-agree-check",
    "terms-of-use-agree",
    "put-chat-message",
    "pythonabot-notify-me",
]

urlpatterns = [
    path("", views.index, name="user-index"),
    *(
        path(route, getattr(views, route.replace("-", "_")), name=f"user-{route}")
        for route in ROUTES
    ),
]
