"""Every storefront page (every route of shop.pages, found from the URL configuration, so a
new page is covered the day it is added), opened with odd, huge and hostile query strings,
signed out and signed in, answers below 500: a page, a redirect or a 4xx page."""

from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from shop.accounts.models import Member
from tenants.context import tenant_context
from tests.fixtures.accounts import make_account

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

# Every parameter any page reads, and then some.
PARAMETERS = [
    "identifier", "session_id", "pr_cd", "em_cd", "mb_cd", "next", "token", "pr_token",
    "email_verification_code", "password_reset_code", "order_identifier", "v", "page", "q",
]  # fmt: skip
VALUES = [
    "", " ", "\x00", "x" * 5000, "%00", "😀", "../../etc/passwd", "//evil.example",
    "javascript:alert(1)", "<script>alert(1)</script>", "' OR 1=1 --", "-1", "9" * 40,
    "cs_test_" + "a" * 300,
]  # fmt: skip
HOSTILE = ["\x00", "x" * 5000, "//evil.example", "😀"]


def _page_paths() -> list[str]:
    """The storefront's page paths (not the JSON APIs, static files or the admin)."""
    from shop.pages import urls

    paths = []
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern | URLResolver)
        route = str(pattern.pattern)
        if "(?P<" in route:  # product/<identifier>, img/product/<name>: a sample and a bad one
            paths += ["/product/bSusp6dBHm", "/product/" + "A" * 100, "/img/product/x.svg"]
            continue
        paths.append("/" + route.lstrip("^").rstrip("$"))
    return sorted(set(paths))


PATHS = _page_paths()


def test_the_page_list_is_the_url_configuration():
    assert get_resolver("config.urls_tenant")  # the store's URLconf loads
    assert {"/", "/cart", "/checkout/confirm", "/checkout/success", "/account/order",
            "/login", "/account/email-unsubscribe", "/set-new-password"} <= set(PATHS)  # fmt: skip


def _query(parameter: str, value: str) -> str:
    return f"{parameter}={quote(value, safe='')}"


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_no_page_answers_500_to_any_query(store_a, client_for, store_stripe, signed_in):
    store_stripe(store_a)  # (without keys the success page says 503: payments not set up)
    client = client_for(store_a)
    if signed_in:
        with tenant_context(store_a):
            member = make_account("fuzz_member", email="fuzz@example.com")
            client.force_login(Member.objects.get(pk=member.pk).user)
    failures = []
    for path in PATHS:
        # each value in every parameter at once, and (a page checks one parameter first and
        # may stop there) each parameter alone with the most hostile values
        queries = [""] + ["&".join(_query(p, v) for p in PARAMETERS) for v in VALUES]
        queries += [_query(p, v) for p in PARAMETERS for v in HOSTILE]
        queries.append("identifier=a&identifier=b&session_id=1&session_id=2")  # repeated
        for query in queries:
            url = f"{path}?{query}" if query else path
            response = client.get(url)
            if response.status_code >= 500:
                failures.append((url[:120], response.status_code))
    assert failures == []
