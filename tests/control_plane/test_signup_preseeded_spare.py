"""A signup takes a spare seeded with its starter catalog ahead of time, so its seed step has
nothing to do (issue 13.3); with no such spare left (a burst), the job seeds the store itself,
and either way the store ends up the same."""

import pytest

from control_plane.provisioning.models import ProvisioningJob
from tenants import pool
from tenants.models import SpareSchema
from tests.control_plane.helpers import store_snapshot

pytestmark = pytest.mark.django_db(databases=["default", "second"])

PRODUCTS = ["Binder Clips", "Paper Clips", "Rubber Bands"]


def step_lines(job: ProvisioningJob, name: str) -> list[str]:
    return [line.split(" ", 1)[1] for line in job.steps.get(name=name).log.splitlines()]


def products(client_for, slug: str) -> list[str]:
    response = client_for(f"{slug}.platform.test").get("/order/products")
    return sorted(p["title"] for p in response.json()["products_data"].values())


def test_a_signup_takes_a_spare_seeded_with_its_catalog_and_skips_seeding(signed_up, client_for):
    spare = pool.build_spare_schema("default", "office-supplies")

    job = signed_up("preseeded")

    assert job.status == ProvisioningJob.Status.SUCCEEDED
    assert step_lines(job, "schema")[1] == (
        "schema store_preseeded on database default: pool, seeded with office-supplies"
    )
    assert step_lines(job, "seed")[1:] == [
        "starter catalog 'office-supplies' already seeded: nothing to do"
    ]
    assert not SpareSchema.objects.filter(pk=spare.pk).exists()
    assert products(client_for, "preseeded") == PRODUCTS


def test_with_no_spare_of_its_catalog_left_the_job_seeds_the_store(signed_up, client_for):
    """A burst: the catalog's spare, then the empty catalog's (seeded on top), then none (the
    template, seeded in the job); the three stores end up the same."""
    pool.build_spare_schema("default", "office-supplies")
    pool.build_spare_schema("default", "empty")

    first, second, third = signed_up("burst-one"), signed_up("burst-two"), signed_up("burst-three")

    assert step_lines(first, "seed")[1:] == [
        "starter catalog 'office-supplies' already seeded: nothing to do"
    ]
    assert step_lines(second, "schema")[1] == (
        "schema store_burst_two on database default: pool, seeded with empty"
    )
    assert step_lines(second, "seed")[1:] == [
        "starter catalog 'office-supplies': 3 products (on top of 'empty')"
    ]
    assert step_lines(third, "schema")[1] == (
        "schema store_burst_three on database default: template"
    )
    assert step_lines(third, "seed")[1:] == ["starter catalog 'office-supplies': 3 products"]
    for job in (second, third):
        assert products(client_for, job.tenant.slug) == PRODUCTS
    assert store_snapshot(first.tenant) == store_snapshot(second.tenant)
    assert store_snapshot(first.tenant) == store_snapshot(third.tenant)
    assert not SpareSchema.objects.exists()


def test_an_empty_catalog_signup_takes_an_empty_spare(signed_up, client_for):
    pool.build_spare_schema("default", "office-supplies")
    pool.build_spare_schema("default", "empty")

    job = signed_up("bare-shelves", catalog="empty")

    assert step_lines(job, "schema")[1].endswith(": pool, seeded with empty")
    assert step_lines(job, "seed")[1:] == ["starter catalog 'empty' already seeded: nothing to do"]
    assert products(client_for, "bare-shelves") == []
    assert list(SpareSchema.objects.values_list("catalog", flat=True)) == ["office-supplies"]
