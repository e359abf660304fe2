"""The signup form: parsing only. The rules (slug, reserved words, password strength) live in
control_plane.signup.services, so the page and the JSON API apply the same ones."""

from __future__ import annotations

from django import forms

from shop.seed import CATALOGS

CATALOG_LABELS = {
    "office-supplies": "Office supplies (the sample store: products, prices, discount codes)",
    "empty": "Empty store (add your own products)",
}


class SignupForm(forms.Form):
    store_name = forms.CharField(label="Store name", max_length=100)
    slug = forms.CharField(
        label="Store address",
        max_length=100,  # the rules (3-40 characters...) are the service's, with their codes
        help_text="Lowercase letters, digits and hyphens; your store opens at <slug>.",
    )
    email = forms.EmailField(label="Your email", max_length=254)
    password = forms.CharField(
        label="Password for your store's admin", strip=False, widget=forms.PasswordInput
    )
    catalog = forms.ChoiceField(
        label="Starter catalog",
        choices=[(name, CATALOG_LABELS.get(name, name)) for name in CATALOGS],
        initial="office-supplies",
    )
    custom_domain = forms.CharField(
        label="Custom domain (optional)", max_length=253, required=False
    )
    stripe_publishable_key = forms.CharField(
        label="Stripe publishable key (optional)", max_length=255, required=False
    )
    stripe_secret_key = forms.CharField(
        label="Stripe secret key (optional)",
        max_length=255,
        required=False,
        widget=forms.PasswordInput,
    )
    stripe_webhook_secret = forms.CharField(
        label="Stripe webhook signing secret (optional)",
        max_length=255,
        required=False,
        widget=forms.PasswordInput,
    )

    def __init__(self, *args, platform_domain: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if platform_domain:
            self.fields["slug"].help_text = (
                "Lowercase letters, digits and hyphens; your store opens at "
                f"<slug>.{platform_domain}."
            )
        self.fields["slug"].widget.attrs.update(
            {
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "none",
                # The help, the as-you-type check's answer and the server's errors.
                "aria-describedby": "id_slug_helptext slug-status id_slug_error",
            }
        )
        self.fields["store_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].widget.attrs["autocomplete"] = "new-password"
