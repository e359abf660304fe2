"""Requests are counted and timed by URL pattern name and status only: never the path, the
store or an id, so a store's traffic adds no series of its own."""

import pytest
from prometheus_client import REGISTRY

pytestmark = pytest.mark.django_db


def _count(route: str, status: str) -> float:
    value = REGISTRY.get_sample_value(
        "storefleet_http_requests_total", {"route": route, "status": status}
    )
    return value or 0.0


def _timed(route: str) -> float:
    value = REGISTRY.get_sample_value(
        "storefleet_http_request_duration_seconds_count", {"route": route}
    )
    return value or 0.0


def _request_label_sets() -> list[dict[str, str]]:
    return [
        sample.labels
        for family in REGISTRY.collect()
        if family.name.startswith("storefleet_http_")
        for sample in family.samples
    ]


def test_a_store_request_is_counted_by_route_name_and_status(store_a, client_for):
    before = (_count("order-products", "200"), _timed("order-products"))

    response = client_for(store_a).get("/order/products")

    assert response.status_code == 200
    assert (_count("order-products", "200"), _timed("order-products")) == (
        before[0] + 1,
        before[1] + 1,
    )


def test_an_unknown_path_is_counted_as_unmatched_without_its_path(store_a, client_for):
    before = _count("unmatched", "404")

    response = client_for(store_a).get("/no-such-page/12345")

    assert response.status_code == 404
    assert _count("unmatched", "404") == before + 1


def test_an_unknown_host_is_counted_as_unmatched(client_for):
    before = _count("unmatched", "404")

    assert client_for("nobody-here.example.com").get("/").status_code == 404
    assert _count("unmatched", "404") == before + 1


def test_request_metrics_carry_route_and_status_labels_only(store_a, client_for):
    client_for(store_a).get("/order/product/99999999")
    client_for(store_a).get("/order/products?page=2")

    label_sets = _request_label_sets()

    assert label_sets
    assert {frozenset(labels) - {"le"} for labels in label_sets} <= {
        frozenset({"route", "status"}),
        frozenset({"route"}),
    }
    values = {value for labels in label_sets for value in labels.values()}
    assert not [value for value in values if "/" in value or store_a.slug in value]
    assert "99999999" not in values
