"""A spare seeded by older seeding code is stale: the pool's fingerprint covers the seeder's
package as well as the migrations, so a deploy that changes the seed rebuilds the spares."""

import sys

import pytest

from tenants import pool
from tenants.models import SpareSchema

pytestmark = pytest.mark.django_db(databases=["default", "second"])

SEEDER = """
def seed(*, catalog):
    from shop.seed import seed_store

    seed_store(catalog=catalog)  # VERSION
"""


@pytest.fixture
def seeder_package(tmp_path, monkeypatch, settings):
    """A seeder in a package of its own, whose code the test can change."""
    package = tmp_path / "probe_seeder"
    package.mkdir()
    (package / "__init__.py").write_text(SEEDER.replace("VERSION", "1"))
    monkeypatch.syspath_prepend(str(tmp_path))
    settings.TENANT_SPARE_SEEDER = "probe_seeder.seed"
    pool.spare_fingerprint.cache_clear()
    yield package
    pool.spare_fingerprint.cache_clear()
    sys.modules.pop("probe_seeder", None)


def test_a_change_to_the_seeders_code_makes_its_spares_stale(seeder_package):
    spare = pool.build_spare_schema("default", catalog="empty")
    before = pool.spare_fingerprint()

    (seeder_package / "__init__.py").write_text(SEEDER.replace("VERSION", "2"))
    pool.spare_fingerprint.cache_clear()  # a new deploy: a new process
    claimed = pool.claim_spare("store_after_deploy", "default", catalog="empty")
    discarded = pool.discard_stale_spares("default")

    assert spare.fingerprint == before != pool.spare_fingerprint()
    assert claimed is None
    assert discarded == 1 and not SpareSchema.objects.filter(pk=spare.pk).exists()


def test_the_same_code_keeps_its_spares(seeder_package):
    spare = pool.build_spare_schema("default", catalog="empty")
    pool.spare_fingerprint.cache_clear()  # a restart without a code change

    claimed = pool.claim_spare("store_same_code", "default", catalog="empty")

    assert claimed is not None and claimed.name == spare.name
