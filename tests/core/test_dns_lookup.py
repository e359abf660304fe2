"""core.dns: the resolver setting's `host:port` list, and TXT lookups over real DNS."""

import pytest
from core.dns import DnsLookupFailed, lookup_txt, parse_nameservers


@pytest.mark.parametrize(
    ("text", "servers"),
    [
        ("", []),
        ("127.0.0.1:5353", [("127.0.0.1", 5353)]),
        ("10.0.0.2, 10.0.0.3:54", [("10.0.0.2", 53), ("10.0.0.3", 54)]),
        ("[::1]:5353,::1", [("::1", 5353), ("::1", 53)]),
    ],
)
def test_nameservers_are_parsed(text, servers):
    assert parse_nameservers(text) == servers


@pytest.mark.parametrize("text", ["dns.example.com:53", "127.0.0.1:x", "127.0.0.1:70000"])
def test_bad_nameservers_are_refused(text):
    with pytest.raises(ValueError, match=text.split(",")[0].replace(".", r"\.")):
        parse_nameservers(text)


def test_a_txt_lookup_joins_each_records_strings(dns_server):
    dns_server.clear()
    dns_server.publish("_x.example.com", "a" * 300)  # more than one 255-byte string

    values = lookup_txt(
        "_x.example.com", nameservers=parse_nameservers(dns_server.address), timeout=2
    )

    assert values == ["a" * 300]
    dns_server.clear()


def test_a_missing_name_is_a_readable_failure(dns_server):
    with pytest.raises(DnsLookupFailed, match=r"no DNS record named _y\.example\.com"):
        lookup_txt("_y.example.com", nameservers=parse_nameservers(dns_server.address), timeout=2)
