"""The demo that `scripts/run` serves: two stores with the starter catalog, a store admin
in each (`admin`), a platform operator (`operator`) and, in development, test payments
through the Stripe sandbox. `seed_demo` runs at every start and converges: run twice, or by
two processes at once (a PostgreSQL advisory lock serialises them), it duplicates nothing.

With the Stripe sandbox configured (DEBUG on and STRIPE_SANDBOX_URL), each store takes test
payments through it. The password of every demo sign-in is DEMO_PASSWORD when set, otherwise
one generated on the first start into DATA_DIR/demo_password and read from there ever after.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from core.secrets import sandbox_keys_usable
from django.conf import settings
from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, transaction

from control_plane.dashboard.permissions import Role, grant_role
from control_plane.sandbox_payments import ensure_sandbox_payments
from shop.seed import seed_store
from tenants.context import tenant_context
from tenants.locks import advisory_lock
from tenants.models import Tenant
from tenants.services import create_tenant, primary_host_for, public_url_for

DEMO_STORES: tuple[tuple[str, str], ...] = (("demo", "Demo Store"), ("acme", "Acme Supplies"))
STORE_ADMIN = "admin"
OPERATOR = "operator"
PASSWORD_FILE = "demo_password"  # noqa: S105 - a file name, not a password
_LOCK_KEY = 0x6465_6D6F  # pg advisory lock: "demo"


@dataclass(frozen=True)
class SignIn:
    label: str
    url: str
    username: str
    password: str


def demo_password() -> str:
    """DEMO_PASSWORD, or the generated one kept in DATA_DIR (made on first use)."""
    if password := os.environ.get("DEMO_PASSWORD", ""):
        return password
    path = Path(settings.DATA_DIR) / PASSWORD_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: of two first starts, one writes the password and both read the same one.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(12) + "\n")
    return path.read_text().strip()


def ensure_store(*, slug: str, name: str) -> Tenant:
    """The store, created when missing, with its starter catalog (seeding is idempotent)."""
    tenant = Tenant.objects.filter(slug=slug).first() or create_tenant(slug=slug, name=name)
    with tenant_context(tenant):
        seed_store(catalog="office-supplies")
    return tenant


def ensure_store_admin(*, tenant: Tenant, password: str) -> None:
    """`admin`, a superuser of the store's own auth (its schema, not the platform's)."""
    with tenant_context(tenant), transaction.atomic(using=tenant.placement):
        _ensure_user(STORE_ADMIN, password, is_staff=True, is_superuser=True)


def ensure_operator(*, password: str) -> None:
    """`operator`, a platform user (public schema) in the dashboard's operator role."""
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        user = _ensure_user(OPERATOR, password, is_staff=False, is_superuser=False)
        grant_role(user=user, role=Role.OPERATOR)


def _ensure_user(username: str, password: str, *, is_staff: bool, is_superuser: bool) -> User:
    user, _ = User.objects.select_for_update().get_or_create(username=username)
    user.is_staff, user.is_superuser, user.is_active = is_staff, is_superuser, True
    if not user.check_password(password):  # DEMO_PASSWORD may have changed since
        user.set_password(password)
    user.save()
    return user


def seed_demo(*, stores: tuple[tuple[str, str], ...] = DEMO_STORES) -> list[SignIn]:
    """Make the demo converge; return its sign-ins, the operator's first, then each store's
    admin (their URLs from PLATFORM_DOMAIN and PUBLIC_PORT)."""
    password = demo_password()
    base_url = public_url_for(settings.PLATFORM_DOMAIN)
    with _demo_lock():
        ensure_operator(password=password)
        sign_ins = [SignIn("operator dashboard", f"{base_url}/dashboard/", OPERATOR, password)]
        for slug, name in stores:
            tenant = ensure_store(slug=slug, name=name)
            ensure_store_admin(tenant=tenant, password=password)
            if sandbox_keys_usable():
                ensure_sandbox_payments(tenant=tenant)
            store_url = public_url_for(primary_host_for(slug))
            sign_ins.append(SignIn(f"{name} admin", f"{store_url}/admin/", STORE_ADMIN, password))
    return sign_ins


@contextmanager
def _demo_lock() -> Iterator[None]:
    # Held across the transactions of every store until released (tenants.locks: also
    # behind PgBouncer in transaction mode).
    with advisory_lock(DEFAULT_DB_ALIAS, _LOCK_KEY, wait=True):
        yield
