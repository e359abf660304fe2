"""Which store the current code runs for: one place that switches schema *and* database.

django-tenants switches only `django.db.connection`. A store placed on another database
server needs its own connection switched too, and every model routed to it
(tenants.routers). `tenant_context` does both, and restores the previous state on exit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django_tenants.postgresql_backend.base import FakeTenant
from django_tenants.utils import get_public_schema_name


@dataclass(frozen=True)
class Active:
    schema_name: str
    alias: str
    tenant_id: int | None


PUBLIC = Active(schema_name="public", alias=DEFAULT_DB_ALIAS, tenant_id=None)
_active: ContextVar[Active] = ContextVar("active_tenant", default=PUBLIC)


def current() -> Active:
    """The schema, database alias and tenant id the current code runs in."""
    return _active.get()


def current_alias() -> str:
    return _active.get().alias


@contextmanager
def tenant_context(tenant) -> Iterator:
    """Run the body inside `tenant`'s schema, on the database it is placed on."""
    alias = getattr(tenant, "placement", None) or DEFAULT_DB_ALIAS
    with _switch(tenant, alias, getattr(tenant, "pk", None)):
        yield tenant


@contextmanager
def schema_context(schema_name: str, alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run the body in a bare schema (one being built, the template) on `alias`."""
    with _switch(FakeTenant(schema_name=schema_name), alias, None):
        yield


@contextmanager
def public_context() -> Iterator[None]:
    with schema_context(get_public_schema_name()):
        yield


@contextmanager
def _switch(tenant, alias: str, tenant_id: int | None) -> Iterator[None]:
    connection = connections[alias]
    previous_tenant = connection.tenant
    token = _active.set(Active(schema_name=tenant.schema_name, alias=alias, tenant_id=tenant_id))
    connection.set_tenant(tenant)
    try:
        yield
    finally:
        _active.reset(token)
        if previous_tenant is None:
            connection.set_schema_to_public()
        else:
            connection.set_tenant(previous_tenant)
