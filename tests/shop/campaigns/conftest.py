import pytest
from django.db import transaction

from shop.campaigns.services import send_ready_email
from tenants.context import tenant_context


@pytest.fixture
def in_store_a(seeded_stores, store_a):
    with tenant_context(store_a):
        yield store_a


@pytest.fixture
def run_campaign(django_capture_on_commit_callbacks):
    """Start a campaign of a Ready email and let it run to the end (tasks run eagerly at
    commit, in this process)."""

    def run(email):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            campaign = send_ready_email(email=email, created_by="tester")
        campaign.refresh_from_db()
        return campaign

    return run
