"""The DNS sandbox answers real DNS queries (UDP and TCP, dnspython as the client): a name's
published TXT records, no answer for its other types, NXDOMAIN for any other name; records
published or removed show at the next query."""

import dns.message
import dns.query
import dns.rcode
import pytest
from dns_sandbox.server import DnsSandbox

NAME = "_storefleet-challenge.shop.example.com"


@pytest.fixture
def sandbox():
    with DnsSandbox() as server:
        yield server


def ask(sandbox: DnsSandbox, name: str, rdtype: str = "TXT", *, tcp: bool = False):
    query = dns.message.make_query(name, rdtype)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(query, "127.0.0.1", port=sandbox.port, timeout=2)


def txt_values(response) -> list[str]:
    return [b"".join(r.strings).decode() for rrset in response.answer for r in rrset]


@pytest.mark.parametrize("tcp", [False, True], ids=["udp", "tcp"])
def test_a_published_record_is_answered_authoritatively(sandbox, tcp):
    sandbox.publish(NAME.upper() + ".", "storefleet-verification=abc")
    sandbox.publish(NAME, "v=spf1 -all")

    response = ask(sandbox, NAME, tcp=tcp)

    assert response.rcode() == dns.rcode.NOERROR
    assert response.flags & dns.flags.AA
    assert txt_values(response) == ["storefleet-verification=abc", "v=spf1 -all"]


def test_other_names_do_not_exist_and_other_types_have_no_answer(sandbox):
    sandbox.publish(NAME, "storefleet-verification=abc")

    assert ask(sandbox, "nothing.example.com").rcode() == dns.rcode.NXDOMAIN
    other_type = ask(sandbox, NAME, "A")
    assert (other_type.rcode(), other_type.answer) == (dns.rcode.NOERROR, [])


def test_removing_a_value_or_a_name(sandbox):
    sandbox.publish(NAME, "one")
    sandbox.publish(NAME, "two")

    sandbox.remove(NAME, "one")
    assert txt_values(ask(sandbox, NAME)) == ["two"]
    sandbox.remove(NAME)
    assert ask(sandbox, NAME).rcode() == dns.rcode.NXDOMAIN


def test_a_state_file_shares_records_with_another_writer(tmp_path):
    state = tmp_path / "dns.json"
    with DnsSandbox(state_file=state) as server, DnsSandbox(state_file=state, tcp=False) as other:
        other.publish(NAME, "from-the-other-writer")

        assert txt_values(ask(server, NAME)) == ["from-the-other-writer"]
        assert server.address == f"127.0.0.1:{server.port}"
