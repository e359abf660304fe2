"""Founder signup: check a slug, create the store and its provisioning job.

    job = signup_founder(store_name="Acme", slug="acme", email="f@acme.test", password="...")

answers at once; the store goes live when the job's steps have run
(control_plane.provisioning). The founder's password is hashed here and only its hash goes
to the job, which hands it to the store's own auth and then forgets it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from core.secrets import (
    SANDBOX_REFUSED,
    InvalidStripeKeys,
    StripeKeys,
    get_secret_store,
    sandbox_keys_usable,
)
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import Q

from control_plane.provisioning.models import ProvisioningJob
from control_plane.provisioning.services import clean_custom_domain, provision_store
from tenants.models import SLUG_RE, Domain, Tenant
from tenants.services import primary_host_for

# Never a store: they name the platform's own hosts, services or pages, or would confuse
# founders and shoppers.
RESERVED_SLUGS = frozenset(
    (
        "www", "admin", "administrator", "api", "app", "apps", "platform", "static", "media",
        "assets", "cdn", "mail", "email", "smtp", "imap", "pop", "pop3", "dns", "ftp", "sftp",
        "ssh", "vpn", "status", "health", "healthz", "metrics", "signup", "signin", "login",
        "logout", "register", "account", "accounts", "auth", "oauth", "sso", "dashboard",
        "console", "control", "control-plane", "support", "help", "docs", "blog", "news",
        "billing", "pay", "payments", "checkout", "stripe", "webhooks", "store", "stores",
        "shop", "shops", "root", "system", "staff", "operator", "operators", "internal", "test",
        "staging", "dev", "localhost",
    )
)  # fmt: skip

EMAIL_MAX_LENGTH = 150  # the founder's email is their username in the store's admin


@dataclass(frozen=True)
class SlugAvailability:
    slug: str
    available: bool
    code: str  # "available", "invalid", "reserved" or "taken"
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def get_slug_availability(*, slug: str) -> SlugAvailability:
    """Whether a store may take `slug` now (it may be gone a moment later: signup re-checks,
    and the unique constraint decides a race)."""
    if not re.match(SLUG_RE, slug):
        return SlugAvailability(
            slug,
            False,
            "invalid",
            "Use 3 to 40 lowercase letters, digits and hyphens, starting with a letter.",
        )
    if slug in RESERVED_SLUGS:
        return SlugAvailability(slug, False, "reserved", f"{slug!r} is reserved.")
    # A store with the slug, or one serving the host the slug would get: one query.
    if Tenant.objects.filter(Q(slug=slug) | Q(domains__domain=primary_host_for(slug))).exists():
        return SlugAvailability(slug, False, "taken", f"{slug!r} is already taken.")
    return SlugAvailability(slug, True, "available", f"{primary_host_for(slug)} is available.")


def signup_founder(
    *,
    store_name: str,
    slug: str,
    email: str,
    password: str,
    catalog: str = "office-supplies",
    custom_domain: str = "",
    stripe_keys: StripeKeys | None = None,
) -> ProvisioningJob:
    """Create the store (state provisioning) and its job; raises ValidationError with
    field keys (store_name, slug, email, password, catalog, custom_domain, stripe_keys)."""
    store_name = " ".join(store_name.split())
    email = email.strip().lower()
    _validate(
        store_name=store_name,
        slug=slug,
        email=email,
        password=password,
        custom_domain=custom_domain,
    )
    try:
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            job = provision_store(
                name=store_name,
                slug=slug,
                founder_email=email,
                founder_password_hash=make_password(password),
                catalog=catalog,
                custom_domain=custom_domain,
            )
            if stripe_keys is not None:  # the job's Stripe step finds them and keeps them
                get_secret_store().set_tenant_stripe_keys(job.tenant_id, stripe_keys)
    except IntegrityError as exc:  # a concurrent signup took the slug first
        raise ValidationError(
            {"slug": ValidationError(f"{slug!r} is already taken.", code="taken")}
        ) from exc
    return job


def _validate(*, store_name: str, slug: str, email: str, password: str, custom_domain: str) -> None:
    errors: dict[str, list[ValidationError]] = {}
    if not store_name or len(store_name) > 100:
        errors["store_name"] = [
            ValidationError("Give the store a name (up to 100 characters).", code="invalid")
        ]
    availability = get_slug_availability(slug=slug)
    if not availability.available:
        errors["slug"] = [ValidationError(availability.message, code=availability.code)]
    try:
        validate_email(email)
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(
                f"Use an address of at most {EMAIL_MAX_LENGTH} characters.", code="invalid"
            )
    except ValidationError as exc:
        errors["email"] = exc.error_list
    try:
        validate_password(password, user=User(username=email, email=email))
    except ValidationError as exc:
        errors["password"] = exc.error_list
    if custom_domain:
        try:
            host = clean_custom_domain(custom_domain)
            if Domain.objects.filter(domain=host).exists():
                raise ValidationError(f"{host} already serves a store.", code="taken")
        except ValidationError as exc:
            errors["custom_domain"] = (
                exc.error_dict["custom_domain"] if hasattr(exc, "error_dict") else exc.error_list
            )
    if errors:
        raise ValidationError(errors)


def parse_stripe_keys(
    *, publishable_key: str, secret_key: str, webhook_secret: str
) -> StripeKeys | None:
    """Keys typed at signup: all three or none."""
    given = [value.strip() for value in (publishable_key, secret_key, webhook_secret)]
    if not any(given):
        return None
    if not all(given):
        raise ValidationError(
            {
                "stripe_keys": ValidationError(
                    "Give all three Stripe keys, or none (test-mode placeholders then).",
                    code="incomplete",
                )
            }
        )
    try:
        keys = StripeKeys(publishable_key=given[0], secret_key=given[1], webhook_secret=given[2])
    except InvalidStripeKeys as exc:
        raise ValidationError({"stripe_keys": ValidationError(str(exc), code="invalid")}) from exc
    if keys.is_sandbox and not sandbox_keys_usable():
        raise ValidationError({"stripe_keys": ValidationError(SANDBOX_REFUSED, code="sandbox")})
    return keys
