"""The platform's pages share one layout (its style sheet, header, navigation and footer),
have one h1 each, and carry no inline script, style or event handler (the CSP forbids them).
The landing page sends founders to signup and operators to their sign-in."""

import re

import pytest

from control_plane.dashboard.permissions import Role

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def assert_platform_layout(html: str) -> None:
    assert html.count("<h1") == 1
    assert '<link rel="stylesheet" href="/static/control_plane/platform.css">' in html
    assert '<header class="site-header">' in html and '<footer class="site-footer">' in html
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []
    assert re.findall(r"<style|\sstyle=", html) == []
    assert re.findall(r"\son[a-z]+=", html) == []


def test_the_landing_page_leads_to_signup_and_to_the_operators_sign_in(platform_client):
    response = platform_client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert_platform_layout(html)
    assert '<a class="button button--primary button--large" href="/signup/"' in html
    assert "Start your store</a>" in html
    assert 'href="/dashboard/login/">Operator sign-in</a>' in html


def test_every_platform_page_has_the_layout(platform_client, signed_up, staff_client):
    job = signed_up("laid-out")
    operator = staff_client(Role.OPERATOR)
    pages = [
        (platform_client, "/signup/"),
        (platform_client, f"/signup/jobs/{job.token}/"),
        (platform_client, "/dashboard/login/"),
        (operator, "/dashboard/"),
        (operator, "/dashboard/tenants/"),
        (operator, "/dashboard/jobs/?status=stalled"),
        (operator, "/dashboard/orders/?day=not-a-day"),
        (operator, "/dashboard/pool/?placement=second&catalog="),
        (operator, "/dashboard/tenants/laid-out/"),
        (operator, f"/dashboard/tenants/laid-out/jobs/{job.pk}/"),
    ]
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_platform_layout(response.content.decode())
