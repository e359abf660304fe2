"""Reads of the store's email templates and settings (current store schema)."""

from __future__ import annotations

from django.conf import settings

from shop.emails.errors import EmailTemplateMissing
from shop.emails.models import Email, StoreSettings
from tenants.context import current
from tenants.models import Tenant
from tenants.services import primary_host_for, public_url_for


def get_email_template(*, em_cd: str) -> Email:
    email = Email.objects.select_related("email_type", "email_status").filter(em_cd=em_cd).first()
    if email is None:
        raise EmailTemplateMissing(em_cd)
    return email


def get_store_host() -> str:
    """The current store's primary host (`<slug>.<PLATFORM_DOMAIN>` unless it has its own)."""
    tenant_id = current().tenant_id
    tenant = Tenant.objects.filter(pk=tenant_id).first() if tenant_id else None
    if tenant is None:
        return settings.PLATFORM_DOMAIN
    primary = tenant.domains.filter(is_primary=True).values_list("domain", flat=True).first()
    return primary or primary_host_for(tenant.slug)


def get_store_name() -> str:
    tenant_id = current().tenant_id
    name = Tenant.objects.filter(pk=tenant_id).values_list("name", flat=True).first()
    return name or "Store"


def default_store_settings() -> StoreSettings:
    """What a store uses until its owner sets its addresses (not saved)."""
    host = get_store_host()
    return StoreSettings(
        id=StoreSettings.SINGLETON_ID,
        sender_address=f"{get_store_name()} <no-reply@{host}>",
        owner_address=f"owner@{host}",
        site_url="",
    )


def get_store_settings() -> StoreSettings:
    found = StoreSettings.objects.filter(pk=StoreSettings.SINGLETON_ID).first()
    return found or default_store_settings()


def get_site_url(store: StoreSettings | None = None) -> str:
    """The storefront's base URL for links in mail (the reference's ENVIRONMENT_DOMAIN)."""
    store = store or get_store_settings()
    if store.site_url:
        return store.site_url.rstrip("/")
    return public_url_for(get_store_host())
