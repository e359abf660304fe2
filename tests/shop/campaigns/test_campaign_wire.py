"""A campaign message written straight to bytes (shop.campaigns.wire) is the message Django
would build: parsed back, the same headers and the same parts; and what is not the plain
case is left to Django."""

import email
import email.policy

import pytest
from django.core.mail import EmailMultiAlternatives

from shop.campaigns.compose import build_campaign_message, build_campaign_wire
from shop.campaigns.models import Campaign
from shop.campaigns.transport import _serialize
from shop.campaigns.wire import WireMessage
from shop.emails.models import Emailtype
from tests.shop.campaigns.factories import make_marketing_email, make_member, make_prospect
from tests.shop.campaigns.helpers import sending_campaign, sending_context

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def parsed(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def headers(message) -> dict[str, str]:
    """Every header but Date, unfolded; the multipart boundary left out."""
    found = {}
    for name, value in message.items():
        value = " ".join(str(value).split())
        if name == "Content-Type" and "boundary" in value:
            value = value.split(";")[0]
        if name != "Date":
            found[name] = value
    return found


def parts(message) -> list[tuple[str, str, str, str]]:
    leaves = message.iter_parts() if message.is_multipart() else [message]
    return [
        (
            leaf.get_content_type(),
            leaf.get_content_charset(),
            leaf["Content-Transfer-Encoding"],
            leaf.get_content(),
        )
        for leaf in leaves
    ]


def both(campaign: Campaign, recipient, address: str):
    sending = sending_context(campaign)
    wire = build_campaign_wire(sending, recipient=recipient, address=address)
    django = build_campaign_message(sending, recipient=recipient, address=address)
    return wire, django


def assert_same_message(wire, django) -> None:
    assert isinstance(wire, WireMessage)
    ours, theirs = parsed(wire.data), parsed(_serialize(django))
    assert headers(ours) == headers(theirs)
    assert ours["Date"] is not None
    assert parts(ours) == parts(theirs)
    assert (wire.from_email, wire.recipients()) == (django.from_email, django.recipients())
    assert b"\n" not in wire.data.replace(b"\r\n", b"")  # CRLF line ends only


def test_a_member_message_written_directly_is_the_message_django_builds(in_store_a):
    member = make_member("ada", first_name="Ada")
    campaign = sending_campaign(make_marketing_email(Emailtype.MEMBER))

    wire, django = both(campaign, member, "ada@example.com")

    assert_same_message(wire, django)
    assert parsed(wire.data)["List-Unsubscribe"].startswith("<https://alpha.platform.test/")


def test_a_prospect_message_without_html_is_one_text_part(in_store_a):
    prospect = make_prospect("pat@example.com", first_name="Pat")
    campaign = sending_campaign(make_marketing_email(Emailtype.PROSPECT))

    wire, django = both(campaign, prospect, "pat@example.com")

    assert_same_message(wire, django)
    assert not parsed(wire.data).is_multipart()


def test_non_ascii_names_subject_and_bodies_are_encoded_as_django_encodes_them(in_store_a):
    member = make_member("zoe", first_name="Zoë")
    email_ = make_marketing_email(
        Emailtype.MEMBER,
        subject="Frühlingsgrüße von {store_name} — a subject long enough to be folded",
        body_text="Hallo {recipient_first_name},\r\nso schön.\rEnde\n\n.dot line\n",
        body_html="<p>Grüße, {recipient_first_name} &amp; co</p>",
    )
    email_.from_address = "Bäckerei Ölmann <news@alpha.platform.test>"
    email_.save()
    campaign = sending_campaign(email_)

    wire, django = both(campaign, member, "zoe@example.com")

    assert_same_message(wire, django)
    assert parsed(wire.data)["Subject"] == (
        "Frühlingsgrüße von Alpha Store — a subject long enough to be folded"
    )


def test_what_is_not_the_plain_case_is_left_to_django(in_store_a):
    member = make_member("ada", first_name="Ada")
    long_line = "x" * 999
    campaign = sending_campaign(
        make_marketing_email(Emailtype.MEMBER, body_text="Hello\n" + long_line + "\n")
    )
    sending = sending_context(campaign)

    long_body = build_campaign_wire(sending, recipient=member, address="ada@example.com")
    odd_address = build_campaign_wire(
        sending, recipient=member, address="ada@example.com\nBcc: eve@example.com"
    )
    international = build_campaign_wire(sending, recipient=member, address="ada@exämple.com")

    for message in (long_body, odd_address, international):
        assert isinstance(message, EmailMultiAlternatives)
