"""Behind CloudFront and the ALB every request comes from the ALB's address: with
CLIENT_ADDRESS_SOURCE=cloudfront-viewer-address the login limit counts each viewer on its own,
so ten bad logins from one shopper do not lock out the store's other shoppers."""

import pytest

from tests.fixtures.accounts import PASSWORD, make_account

pytestmark = pytest.mark.django_db(databases=["default", "second"])

ALB = "10.20.1.17"
CLOUDFRONT_EDGE = "130.176.12.34"


def _login_through_cloudfront(client, viewer: str, *, username: str, password: str, port=50000):
    return client.post(
        "/user/login",
        {"username": username, "password": password},
        REMOTE_ADDR=ALB,
        HTTP_X_FORWARDED_FOR=f"{viewer}, {CLOUDFRONT_EDGE}",
        HTTP_CLOUDFRONT_VIEWER_ADDRESS=f"{viewer}:{port}",
    )


@pytest.fixture
def behind_cloudfront(settings):
    settings.CLIENT_ADDRESS_SOURCE = "cloudfront-viewer-address"


@pytest.mark.parametrize(
    ("attacker_address", "shopper_address"),
    [("198.51.100.7", "203.0.113.20"), ("2001:db8:cafe::17", "2001:db8:beef::2")],
)
def test_ten_bad_logins_of_one_viewer_leave_another_viewer_free(
    behind_cloudfront, alpha, client_for, attacker_address, shopper_address
):
    make_account("grace_hopper", email="grace@example.com")
    attacker, shopper = client_for(alpha), client_for(alpha)

    attacker_statuses = [
        _login_through_cloudfront(
            attacker, attacker_address, username=f"guess_{n}", password="wrong", port=50000 + n
        ).status_code
        for n in range(11)
    ]
    shopper_response = _login_through_cloudfront(
        shopper, shopper_address, username="grace_hopper", password=PASSWORD
    )

    assert attacker_statuses == [200] * 10 + [429]
    assert shopper_response.status_code == 200
    assert shopper_response.json()["login"] == "true"
