"""The sandbox reads Stripe's nested form encoding the way the SDK writes it."""

import pytest
from stripe_sandbox.forms import FormError, decode_form


def test_nested_lists_and_dicts_are_rebuilt():
    raw = (
        "mode=payment"
        "&line_items[0][price_data][currency]=usd"
        "&line_items[0][price_data][product_data][images][0]=http://x/a.png"
        "&line_items[0][quantity]=2"
        "&line_items[1][quantity]=1"
        "&metadata[cart_id]=7"
        "&expand[]=line_items&expand[]=line_items.data.price.product"
    )

    assert decode_form(raw) == {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "product_data": {"images": ["http://x/a.png"]},
                },
                "quantity": "2",
            },
            {"quantity": "1"},
        ],
        "metadata": {"cart_id": "7"},
        "expand": ["line_items", "line_items.data.price.product"],
    }


def test_indexes_with_a_gap_stay_a_dict():
    assert decode_form("a[0]=x&a[2]=y") == {"a": {"0": "x", "2": "y"}}


def test_a_duplicate_parameter_is_refused():
    with pytest.raises(FormError) as caught:
        decode_form("mode=payment&mode=setup")
    assert caught.value.param == "mode"


def test_a_malformed_parameter_name_is_refused():
    with pytest.raises(FormError):
        decode_form("a[b=1")
