"""The store urlconf tries the /order API's routes before the pages': safe only while no page
route can match a path under /order/, which this checks for every page route."""

from django.urls import URLPattern, URLResolver, resolve

from shop.pages import urls as page_urls


def _page_routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _page_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield pattern, prefix + str(pattern.pattern)


def test_no_page_route_matches_a_path_under_order():
    for pattern, route in _page_routes(page_urls.urlpatterns):
        # a route that could match "order/..." either starts so, or is a regex that matches it
        assert not route.lstrip("^").startswith("order"), route
        for sample in ("order/products", "order/product/ABC123", "order/cart-totals", "order/x"):
            assert pattern.pattern.match(sample) is None, (route, sample)


def test_the_api_and_the_pages_resolve_to_their_own_views():
    assert resolve("/order/products", urlconf="config.urls_tenant").url_name == "order-products"
    assert resolve("/order/product/ABC", urlconf="config.urls_tenant").url_name == "order-product"
    assert resolve("/order/X1", urlconf="config.urls_tenant").url_name == "order-detail"
    assert resolve("/product/ABC", urlconf="config.urls_tenant").url_name == "store-product"
    assert resolve("/", urlconf="config.urls_tenant").url_name == "store-home"
