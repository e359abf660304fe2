"""DNS lookups (dnspython): the one module that asks DNS anything.

    values = lookup_txt("_storefleet-challenge.shop.example.com",
                        nameservers=parse_nameservers("127.0.0.1:5353"), timeout=3.0)

`nameservers` empty: the system's resolver (/etc/resolv.conf). Every failure (no such name,
no TXT record, a timeout, no answering server) is a `DnsLookupFailed` whose message a person
can read.
"""

from __future__ import annotations

import ipaddress

import dns.exception
import dns.nameserver
import dns.resolver

DEFAULT_PORT = 53


class DnsLookupFailed(Exception):
    """The lookup gave no records; the message says why, for people."""


def parse_nameservers(text: str) -> list[tuple[str, int]]:
    """`"127.0.0.1:5353, 10.0.0.2, [::1]:53"` -> [(address, port), ...]. Addresses must be IP
    literals (a resolver's address cannot itself need resolving); raises ValueError."""
    servers = []
    for item in (part.strip() for part in (text or "").split(",")):
        if not item:
            continue
        address, port = item, str(DEFAULT_PORT)
        if item.startswith("["):
            address, _, rest = item[1:].partition("]")
            port = rest.removeprefix(":") or port
        elif item.count(":") == 1:
            address, port = item.split(":")
        try:
            ipaddress.ip_address(address)
            number = int(port)
        except ValueError:
            raise ValueError(f"{item!r} is not host:port with an IP address as host") from None
        if not 0 < number < 65536:
            raise ValueError(f"{item!r}: the port must be between 1 and 65535")
        servers.append((address, number))
    return servers


def _resolver(nameservers: list[tuple[str, int]], timeout: float) -> dns.resolver.Resolver:
    if nameservers:
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [
            dns.nameserver.Do53Nameserver(address, port) for address, port in nameservers
        ]
    else:
        resolver = dns.resolver.Resolver()
    resolver.timeout = timeout
    resolver.lifetime = timeout
    resolver.cache = None  # a record just published must be seen at the next check
    return resolver


def lookup_txt(name: str, *, nameservers: list[tuple[str, int]], timeout: float) -> list[str]:
    """The TXT values of `name` (each record's strings joined), or DnsLookupFailed."""
    try:
        answer = _resolver(nameservers, timeout).resolve(name, "TXT", search=False)
    except dns.resolver.NXDOMAIN:
        raise DnsLookupFailed(f"no DNS record named {name} was found (NXDOMAIN)") from None
    except dns.resolver.NoAnswer:
        raise DnsLookupFailed(f"{name} has no TXT record") from None
    except dns.exception.Timeout:
        raise DnsLookupFailed(f"DNS did not answer for {name} within {timeout:g} s") from None
    except dns.resolver.NoNameservers:
        raise DnsLookupFailed(f"no DNS server could answer for {name}") from None
    except dns.exception.DNSException as exc:
        raise DnsLookupFailed(f"the DNS lookup of {name} failed: {exc}") from None
    return [b"".join(rdata.strings).decode("utf-8", errors="replace") for rdata in answer]
