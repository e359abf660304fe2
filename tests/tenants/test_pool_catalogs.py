"""Spares come pre-seeded per starter catalog (issue 13.3): the pool keeps
TENANT_SPARE_SCHEMAS of each catalog on every database, a claim prefers a spare of the
asked catalog, then an unseeded one, and a claim without a catalog never takes seed data."""

import threading

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections

from shop.catalog.models import Product
from shop.discounts.models import Discountcode
from shop.seed import get_seeded_catalog
from tenants import pool
from tenants.context import schema_context
from tenants.models import SpareSchema

pytestmark = pytest.mark.django_db(databases=["default", "second"])

CATALOGS = ["office-supplies", "empty"]


def _contents(schema: str) -> tuple[str, int, int]:
    with schema_context(schema):
        return get_seeded_catalog(), Product.objects.count(), Discountcode.objects.count()


def _exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
        return cursor.fetchone() is not None


def test_the_pool_keeps_spares_of_each_catalog_seeded_with_it(settings):
    settings.TENANT_SPARE_SCHEMAS, settings.TENANT_SPARE_CATALOGS = 2, CATALOGS

    assert pool.top_up_pool("default") == 4
    assert pool.top_up_pool("default") == 0

    spares = {c: list(SpareSchema.objects.filter(catalog=c)) for c in CATALOGS}
    assert [len(spares[c]) for c in CATALOGS] == [2, 2]
    for spare in spares["office-supplies"]:
        assert _contents(spare.name) == ("office-supplies", 3, 4)
    for spare in spares["empty"]:
        assert _contents(spare.name) == ("empty", 0, 0)


def test_no_catalogs_means_unseeded_spares_as_before():
    assert pool.top_up_pool("default", size=2, catalogs=[]) == 2

    for spare in SpareSchema.objects.all():
        assert spare.catalog == ""
        assert _contents(spare.name) == ("", 0, 0)


def test_catalogs_are_refilled_in_the_order_listed(settings):
    pool.build_spare_schema("default", "office-supplies")  # the empty catalog has none
    built = []
    original = pool.build_spare_schema

    def recording(alias="default", catalog=""):
        built.append(catalog)
        return original(alias, catalog)

    settings.TENANT_SPARE_SCHEMAS = 2
    pool.build_spare_schema, saved = recording, original
    try:
        pool.top_up_pool("default", catalogs=CATALOGS)
    finally:
        pool.build_spare_schema = saved

    assert built == ["office-supplies", "empty", "empty"]


def test_a_claim_prefers_its_catalog_then_an_unseeded_spare_then_none():
    unseeded = pool.build_spare_schema("default")  # the oldest
    empty = pool.build_spare_schema("default", "empty")
    office = pool.build_spare_schema("default", "office-supplies")

    first = pool.claim_spare("store_first", "default", catalog="office-supplies")
    second = pool.claim_spare("store_second", "default", catalog="office-supplies")
    third = pool.claim_spare("store_third", "default", catalog="office-supplies")

    assert (first.name, first.catalog) == (office.name, "office-supplies")
    assert (second.name, second.catalog) == (unseeded.name, "")
    assert third is None  # the empty catalog's spare is no office-supplies store
    assert _contents("store_first") == ("office-supplies", 3, 4)
    assert _contents("store_second") == ("", 0, 0)
    assert list(SpareSchema.objects.values_list("name", flat=True)) == [empty.name]
    assert not _exists(office.name) and not _exists(unseeded.name)


def test_a_claim_falls_back_to_the_catalogs_it_may_be_seeded_on_top_of_in_order():
    unseeded = pool.build_spare_schema("default")
    empty = pool.build_spare_schema("default", "empty")
    office = pool.build_spare_schema("default", "office-supplies")

    claimed = [
        pool.claim_spare(f"store_fb_{n}", "default", catalog="office-supplies", fallbacks=["empty"])
        for n in range(4)
    ]

    assert [spare and spare.name for spare in claimed] == [
        office.name,
        empty.name,
        unseeded.name,
        None,
    ]


def test_a_claim_without_a_catalog_never_takes_a_seeded_spare():
    pool.build_spare_schema("default", "office-supplies")

    assert pool.claim_spare_schema("store_plain", "default") is False
    assert pool.claim_spare("store_plain", "default") is None


def test_spares_are_seeded_on_their_own_database():
    pool.top_up_pool("second", size=1, catalogs=["office-supplies"])

    spare = SpareSchema.objects.get(placement="second")
    claimed = pool.claim_spare("store_far", "second", catalog="office-supplies")

    assert claimed.name == spare.name and claimed.catalog == "office-supplies"
    with schema_context("store_far", "second"):
        assert (get_seeded_catalog(), Product.objects.using("second").count()) == (
            "office-supplies",
            3,
        )


def test_an_unknown_catalog_in_the_setting_stops_the_start(settings):
    settings.TENANT_SPARE_CATALOGS = ["office-supplies", "furniture"]

    with pytest.raises(ImproperlyConfigured, match="furniture"):
        apps.get_app_config("shop").ready()


def test_the_background_task_builds_one_spare_a_task_until_the_pool_is_full(settings):
    from tenants.tasks import top_up_spare_schemas

    settings.TENANT_SPARE_SCHEMAS, settings.TENANT_SPARE_CATALOGS = 2, CATALOGS
    sent = []
    original = top_up_spare_schemas.delay
    top_up_spare_schemas.delay = lambda placement: sent.append(placement)
    try:
        assert top_up_spare_schemas("default") == 1
        assert sent == ["default"]  # still short: queued again, behind the jobs queued now
        while sent:
            top_up_spare_schemas(sent.pop())
    finally:
        top_up_spare_schemas.delay = original

    assert sorted(SpareSchema.objects.values_list("catalog", flat=True)) == [
        "empty",
        "empty",
        "office-supplies",
        "office-supplies",
    ]
    assert pool.is_short("default") is False


def test_a_top_up_that_finds_another_building_leaves_it_to_count_again():
    with connection.cursor() as cursor:  # another process's top-up of this database
        cursor.execute("SELECT pg_advisory_lock(%s)", [pool._TOP_UP_LOCK])
    result = []

    def top_up_elsewhere():
        try:
            result.append(pool.top_up_pool("default", size=1))
        finally:
            connections.close_all()

    try:
        thread = threading.Thread(target=top_up_elsewhere)
        thread.start()
        thread.join()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [pool._TOP_UP_LOCK])

    assert result == [None]
