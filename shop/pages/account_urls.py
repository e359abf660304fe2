"""The storefront's account, terms and info pages (see shop/pages/account_views.py), at the
reference's paths."""

from django.urls import URLPattern, path
from django.views.generic import RedirectView

from shop.pages import account_views as views

urlpatterns: list[URLPattern] = [
    path("login", views.login, name="store-login"),
    path("create-account", views.create_account, name="store-create-account"),
    path("forgot-username", views.forgot_username, name="store-forgot-username"),
    path("reset-password", views.reset_password, name="store-reset-password"),
    # The password-changed mail tells a worried member to go to /forgot-password.
    path("forgot-password", RedirectView.as_view(url="/reset-password", permanent=False)),
    path("set-new-password", views.set_new_password, name="store-set-new-password"),
    path("account", views.account, name="store-account"),
    # Mail links point at /account/?email_verification_code=…
    path("account/", views.account),
    path(
        "account/edit-my-information",
        views.edit_my_information,
        name="store-edit-my-information",
    ),
    path(
        "account/edit-communication-preferences",
        views.edit_communication_preferences,
        name="store-edit-communication-preferences",
    ),
    path("account/download-my-data", views.download_my_data, name="store-download-my-data"),
    path("account/change-password", views.change_password, name="store-change-password"),
    path("account/email-unsubscribe", views.email_unsubscribe, name="store-email-unsubscribe"),
    path("terms-of-use", views.terms_of_use, name="store-terms-of-use"),
    path("terms-of-sale", views.terms_of_sale, name="store-terms-of-sale"),
    path("privacy-policy", views.privacy_policy, name="store-privacy-policy"),
    path("about", views.about, name="store-about"),
    path("contact", views.contact, name="store-contact"),
]
