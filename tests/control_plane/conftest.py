"""Fixtures of the control-plane tests: the platform host, founders, platform staff, and a
real worker fed by whatever this process enqueues."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import Client

from control_plane.dashboard.permissions import Role, grant_role
from control_plane.provisioning.models import ProvisioningJob
from control_plane.provisioning.services import provision_store
from control_plane.signup.services import signup_founder
from tenants.services import add_domain

FOUNDER_PASSWORD = "Plum-Tangerine-77"


@pytest.fixture
def platform_client() -> Client:
    return Client(HTTP_HOST=settings.PLATFORM_DOMAIN)


def signup_data(slug: str, **overrides: str) -> dict[str, str]:
    """What a founder types into the signup form."""
    return {
        "store_name": f"{slug.replace('-', ' ').title()} Goods",
        "slug": slug,
        "email": f"founder@{slug}.example",
        "password": FOUNDER_PASSWORD,
        "catalog": "office-supplies",
        **overrides,
    }


@pytest.fixture
def signed_up(django_capture_on_commit_callbacks) -> Callable[..., ProvisioningJob]:
    """Sign a founder up and run the job's steps eagerly, inside the test transaction."""

    def make(slug: str, **overrides) -> ProvisioningJob:
        data = {**signup_data(slug), **overrides}
        with django_capture_on_commit_callbacks(execute=True):
            job = signup_founder(**data)
        job.refresh_from_db()
        return job

    return make


@pytest.fixture
def staff_client() -> Callable[[Role | None], Client]:
    """A platform client signed in as a public-schema user with a dashboard role (or none)."""

    def make(role: Role | None, username: str = "") -> Client:
        user = User.objects.create_user(username or f"staff-{role or 'none'}", password="x")
        if role is not None:
            grant_role(user=user, role=role)
        client = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def worker_queue(committed_test_databases, celery_worker) -> Iterator[str]:
    """Everything this process enqueues goes to the real worker's own queue."""
    from config.celery import app

    previous, app.conf.task_default_queue = app.conf.task_default_queue, celery_worker.queue
    try:
        yield celery_worker.queue
    finally:
        app.conf.task_default_queue = previous


TAKEN = "unlucky.localhost"  # a host `failed_job`'s store would get, already another store's


@pytest.fixture
def failed_job(store_a, django_capture_on_commit_callbacks) -> ProvisioningJob:
    """A store one of whose hosts went to another store between the signup and the job: the
    infrastructure step cannot succeed."""
    with django_capture_on_commit_callbacks(execute=True):
        job = provision_store(
            name="Unlucky",
            slug="unlucky",
            founder_email="founder@unlucky.example",
            founder_password_hash=make_password(FOUNDER_PASSWORD),
        )
        add_domain(store_a, TAKEN)
    job.refresh_from_db()
    return job
