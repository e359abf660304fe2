"""The overview and the lists its figures lead to are for platform staff only: an anonymous
visitor is sent to the dashboard's sign-in, a user without a dashboard role is refused."""

import pytest

from control_plane.dashboard.permissions import Role

pytestmark = pytest.mark.django_db(databases=["default", "second"])

PAGES = ["/dashboard/", "/dashboard/jobs/", "/dashboard/orders/", "/dashboard/pool/"]


def test_anonymous_visitors_are_sent_to_sign_in(platform_client):
    for path in PAGES:
        response = platform_client.get(path)

        assert (response.status_code, response["Location"]) == (
            302,
            f"/dashboard/login/?next={path}",
        ), path


def test_users_without_a_role_are_refused_and_viewers_let_in(staff_client):
    nobody, viewer = staff_client(None), staff_client(Role.VIEWER, username="vic")

    assert [nobody.get(path).status_code for path in PAGES] == [403] * len(PAGES)
    assert [viewer.get(path).status_code for path in PAGES] == [200] * len(PAGES)
