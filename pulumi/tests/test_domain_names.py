"""validate_domain: host names only; IP literals and labels of digits only are refused."""

import pytest
from infra_components.names import validate_domain


@pytest.mark.parametrize("host", ["shop.example.com", "www.shop-1.example", "a1.b2.example"])
def test_host_names_are_accepted(host):
    assert validate_domain(host, field="custom domain") == host


@pytest.mark.parametrize("host", ["1.5", "10.0.0.1", "123.example.com", "shop.example.123"])
def test_numeric_hosts_are_refused(host):
    with pytest.raises(ValueError, match="not an IP address or a label of digits only"):
        validate_domain(host, field="custom domain")


@pytest.mark.parametrize("host", ["[::1]", "::1", "localhost", "Shop.example.com", "*.example.com"])
def test_other_non_host_names_are_refused(host):
    with pytest.raises(ValueError, match=r"invalid custom domain .*: expected a lowercase host"):
        validate_domain(host, field="custom domain")
