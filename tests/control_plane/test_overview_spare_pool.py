"""The overview shows the spare pool per placement and catalog: only spares of the current
fingerprint count as usable, against TENANT_SPARE_SCHEMAS; each level links to the spares it
counts."""

import re

import pytest

from control_plane.dashboard.permissions import Role
from tenants.models import SpareSchema
from tenants.pool import spare_fingerprint
from tests.control_plane.overview_pages import OVERVIEW, get_page, list_count, section

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def spare(name: str, placement: str, catalog: str, *, stale: bool = False) -> None:
    fingerprint = "0" * 64 if stale else spare_fingerprint()
    SpareSchema.objects.create(
        name=name, placement=placement, catalog=catalog, fingerprint=fingerprint
    )


def pool_rows(html: str) -> dict[tuple[str, str], dict]:
    table = section(html, "spare-pool")
    rows = {}
    for placement, catalog, row in re.findall(
        r'<tr data-placement="([^"]*)" data-catalog="([^"]*)"[^>]*>(.*?)</tr>', table, flags=re.S
    ):
        link, usable, target = re.search(
            r'<a href="([^"]+)" data-figure="spares">(\d+)</a> of (\d+)', row
        ).groups()
        stale = re.search(r'<td data-label="Stale">(\d+)</td>', row)[1]
        rows[placement, catalog] = {
            "usable": int(usable),
            "target": int(target),
            "stale": int(stale),
            "short": "short</span>" in row,
            "link": link.replace("&amp;", "&"),
        }
    return rows


def test_the_pool_level_counts_usable_spares_per_placement_and_catalog(settings, staff_client):
    settings.TENANT_SPARE_SCHEMAS = 2
    settings.TENANT_SPARE_CATALOGS = ["office-supplies", "empty"]
    spare("_spare_1_a", "default", "office-supplies")
    spare("_spare_1_b", "default", "office-supplies")
    spare("_spare_1_c", "default", "empty")
    spare("_spare_1_d", "default", "empty", stale=True)
    spare("_spare_1_e", "second", "office-supplies", stale=True)
    viewer = staff_client(Role.VIEWER)

    rows = pool_rows(get_page(viewer, OVERVIEW))

    levels = {key: (r["usable"], r["target"], r["stale"], r["short"]) for key, r in rows.items()}
    assert levels == {
        ("default", "office-supplies"): (2, 2, 0, False),
        ("default", "empty"): (1, 2, 1, True),
        ("second", "office-supplies"): (0, 2, 1, True),
        ("second", "empty"): (0, 2, 0, True),
    }
    for row in rows.values():
        assert list_count(viewer, row["link"]) == row["usable"], row["link"]
    assert rows["default", "empty"]["link"] == "/dashboard/pool/?placement=default&catalog=empty"
