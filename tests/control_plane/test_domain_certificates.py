"""The store page lists each domain with its certificate's state, as the job that set the
domain up recorded it: the platform's own hosts, a custom domain being set up, a failed one."""

import re

import pytest

from control_plane.dashboard.permissions import Role
from control_plane.dashboard.services import add_custom_domain

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def certificates(html: str) -> dict[str, str]:
    rows = re.findall(
        r'<tr data-domain="([^"]+)">.*?<td data-label="Certificate">(.*?)</td>', html, flags=re.S
    )
    return {domain: re.sub(r"<[^>]+>", "", cell).strip() for domain, cell in rows}


def test_each_domain_shows_its_certificate_state(signed_up, staff_client, settings):
    store = signed_up("certified").tenant
    operator = staff_client(Role.OPERATOR)
    # A custom domain whose job has not run yet (its task waits for the commit).
    add_custom_domain(tenant=store, host="shop.certified.example", acting_operator=operator.user)
    store.domains.create(domain="shop.certified.example", is_primary=False)

    html = staff_client(Role.VIEWER, "looker").get("/dashboard/tenants/certified/").content.decode()

    not_needed = "Not needed (served by the platform, no cloud)"
    assert certificates(html) == {
        "certified.localhost": not_needed,
        f"certified.{settings.PLATFORM_DOMAIN}": not_needed,
        "shop.certified.example": "Being set up",
    }
