"""The platform's pages and their JSON (landing, signup, the slug check, a job's progress, the
operator dashboard), opened with odd, huge and hostile paths and query strings, answer below
500, for a visitor and for an operator."""

from urllib.parse import quote

import pytest

from control_plane.dashboard.permissions import Role

pytestmark = pytest.mark.django_db(databases=["default", "second"])

JUNK = ["x" * 300, "%00", "😀", "..", "-1", "9" * 30, "<b>"]
QUERY_VALUES = ["", "\x00", "x" * 5000, "😀", "' OR 1=1 --", "-1", "//evil.example"]
PARAMETERS = ["slug", "q", "state", "plan", "placement", "page", "next", "sort"]


def _paths(store_slug: str) -> list[str]:
    paths = ["/", "/signup/", "/signup/check-slug", "/dashboard/", "/dashboard/login/"]
    for junk in JUNK:
        part = quote(junk, safe="")
        paths += [
            f"/signup/jobs/{part}/",
            f"/signup/jobs/{part}/status",
            f"/dashboard/tenants/{part}/",
            f"/dashboard/tenants/{store_slug}/jobs/{part}/",
        ]
    paths += [f"/dashboard/tenants/{store_slug}/", f"/dashboard/tenants/{store_slug}/jobs/0/"]
    return paths


@pytest.mark.parametrize("who", ["visitor", "operator"])
def test_no_platform_page_answers_500(store_a, platform_client, staff_client, who):
    client = platform_client if who == "visitor" else staff_client(Role.OPERATOR)
    failures, seen = [], set()
    for path in _paths(store_a.slug):
        queries = [""] + [
            "&".join(f"{p}={quote(v, safe='')}" for p in PARAMETERS) for v in QUERY_VALUES
        ]
        for query in queries:
            url = f"{path}?{query}" if query else path
            status = client.get(url).status_code
            seen.add(status)
            if status >= 500:
                failures.append((url[:120], status))
    assert failures == []
    assert {200, 404} <= seen  # real pages were served, and junk was refused
