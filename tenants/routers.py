"""Send each model to the database of the store it belongs to, and migrate the right apps.

Models of apps that live only in the public schema (the control plane) always use the
default database. Every other model follows the active tenant's placement.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django_tenants.utils import get_public_schema_name

from tenants.context import current_alias


@cache
def _labels(app_names: tuple[str, ...]) -> frozenset[str]:
    labels = set()
    for config in apps.get_app_configs():
        if config.name in app_names:
            labels.add(config.label)
    return frozenset(labels)


def shared_labels() -> frozenset[str]:
    return _labels(tuple(settings.SHARED_APPS))


def tenant_labels() -> frozenset[str]:
    return _labels(tuple(settings.TENANT_APPS))


def public_only_labels() -> frozenset[str]:
    return shared_labels() - tenant_labels()


class PlacementRouter:
    def _db(self, model) -> str:
        if model._meta.app_label in public_only_labels():
            return DEFAULT_DB_ALIAS
        return current_alias()

    def db_for_read(self, model, **hints) -> str:
        return self._db(model)

    def db_for_write(self, model, **hints) -> str:
        return self._db(model)

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        return None

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        if connections[db].schema_name == get_public_schema_name():
            # The control plane lives in the shared database's public schema only.
            return db == DEFAULT_DB_ALIAS and app_label in shared_labels()
        return app_label in tenant_labels()
