"""Every URL pattern, platform and store alike, answers each kind of malformed request with the
request guard's 400 and the security headers, never a view's answer or a 500."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

pytestmark = pytest.mark.django_db(databases=["default", "second"])

SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options")
_CONVERTER = re.compile(r"<(?:\w+:)?\w+>")
_GROUP = re.compile(r"\(\?P<\w+>(?:[^()]|\((?:[^()])*\))*\)")
# What a regex pattern's groups are filled with: the first that resolves to the pattern wins.
_GROUP_SAMPLES = ("1", "auth", "x.jpg")


def patterns(urlconf: str) -> list[tuple[str, URLPattern]]:
    def walk(entries, prefix: str):
        for entry in entries:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            else:
                yield prefix + str(entry.pattern), entry

    return list(walk(get_resolver(urlconf).url_patterns, ""))


def sample_path(route: str, urlconf: str) -> str:
    """A path the route itself serves."""
    for sample in _GROUP_SAMPLES:
        filled = _CONVERTER.sub("1", _GROUP.sub(sample, route))
        path = "/" + filled.replace("^", "").replace("$", "")
        try:
            match = resolve(path, urlconf)
        except Resolver404:  # not served: try the next sample
            continue
        if match.route.replace("^", "") == route.replace("^", ""):
            return path
    raise AssertionError(f"no sample path for {route!r}")


def malformed_requests(client: Client, path: str):
    yield "nul-byte", client.get(path + "?q=%00")
    yield "nul-byte", client.get(path + "\x00")
    yield (
        "unsupported-charset",
        client.post(path, "a=b", content_type="application/x-www-form-urlencoded; charset=utf-16"),
    )
    yield "json-too-deep", client.post(path, "[" * 500 + "]" * 500, "application/json")
    yield (
        "body-too-large",
        client.post(path, "a=" + "b" * 2048, "application/x-www-form-urlencoded"),
    )


@pytest.mark.parametrize(
    ("urlconf", "host"),
    [("config.urls_public", "platform.test"), ("config.urls_tenant", "alpha.platform.test")],
)
def test_every_route_refuses_every_malformed_request(store_a, settings, urlconf, host):
    settings.REQUEST_BODY_MAX_BYTES = 1024
    client = Client(HTTP_HOST=host)
    routes = patterns(urlconf)
    # The walk reaches the app's routes and the admin's, not just the top level.
    assert {"", "admin/login/", "admin/auth/user/"} <= {route for route, _ in routes}

    failures = []
    for route, _pattern in routes:
        path = sample_path(route, urlconf)
        for code, response in malformed_requests(client, path):
            body = response.json() if response["Content-Type"] == "application/json" else {}
            if (
                response.status_code != 400
                or body.get("errors", {}).get("error") != code
                or not all(header in response for header in SECURITY_HEADERS)
            ):
                failures.append((path, code, response.status_code))
    assert failures == []


def test_the_limits_are_settings():
    assert settings.REQUEST_BODY_MAX_BYTES > 0 and settings.REQUEST_JSON_MAX_DEPTH >= 16
