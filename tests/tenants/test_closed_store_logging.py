"""A suspended or provisioning store's requests are expected: logged at INFO with the store,
never at ERROR (which would trip the error alarms); the 503 keeps its Retry-After."""

import logging

import pytest

from tenants import services

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.mark.parametrize("state", ["suspended", "provisioning"])
def test_a_closed_store_logs_its_503_at_info_with_the_store(
    client_for, django_capture_on_commit_callbacks, caplog, state
):
    with django_capture_on_commit_callbacks(execute=True):
        tenant = services.create_tenant(
            slug=f"closed-{state}", name="Closed", activate=state != "provisioning"
        )
        if state == "suspended":
            services.suspend_tenant(tenant)

    with caplog.at_level(logging.INFO):
        response = client_for(tenant).get("/catalog")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    records = [r for r in caplog.records if r.name == "storefleet.routing"]
    assert len(records) == 1
    assert records[0].levelno == logging.INFO
    assert records[0].tenant == tenant.schema_name
    assert f"{state} store closed-{state}" in records[0].getMessage()
