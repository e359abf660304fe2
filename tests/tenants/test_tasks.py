"""A store's task runs in the schema and database it was given, never the caller's."""

import pytest
from django.db import connections

from tenants.context import current, tenant_context
from tenants.tasks import probe

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _database_name(alias):
    return connections[alias].settings_dict["NAME"]


@pytest.mark.parametrize("target", ["store_b", "store_far"])
def test_an_eager_task_runs_in_its_tenant_not_the_callers(store_a, target, request):
    tenant = request.getfixturevalue(target)

    with tenant_context(store_a):
        result = probe.delay(tenant.pk).get()
        after = current()

    assert result == {
        "tenant": tenant.slug,
        "schema": tenant.schema_name,
        "database": _database_name(tenant.placement),
        "alias": tenant.placement,
        "python_platform": "Linux",
    }
    assert (after.schema_name, after.alias) == (store_a.schema_name, "default")


def test_a_task_called_from_the_public_schema_returns_to_it(store_far):
    probe.delay(store_far.pk).get()

    assert current().schema_name == "public"
    assert connections["second"].schema_name == "public"


def test_a_task_for_an_unknown_tenant_fails_loudly():
    from tenants.models import Tenant

    with pytest.raises(Tenant.DoesNotExist):
        probe.delay(987654).get()
