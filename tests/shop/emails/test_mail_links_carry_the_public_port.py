"""Links in a store's mail reach the store where browsers do: with PUBLIC_PORT when the
platform is served on a port of its own (scripts/run: http://demo.localhost:8000)."""

import pytest

from shop.emails import codes
from shop.emails.services import send_email

pytestmark = pytest.mark.django_db(databases=["default", "second"])

RESET_CONTEXT = {
    "recipient_first_name": "Ada",
    "username": "ada_lovelace",
    "password_reset_code": "the-code",
}


def test_a_development_server_port_is_in_the_links(in_store_a, smtp_server, settings):
    settings.DEBUG = True
    settings.PUBLIC_PORT = 8000

    send_email(em_cd=codes.PASSWORD_RESET, to=["ada@example.com"], context=RESET_CONTEXT)

    [message] = smtp_server.wait_for(1)
    assert "http://alpha.platform.test:8000/set-new-password?password_reset_code=" in message.text


def test_without_a_public_port_links_have_none(in_store_a, smtp_server, settings):
    settings.PUBLIC_PORT = None

    send_email(em_cd=codes.PASSWORD_RESET, to=["ada@example.com"], context=RESET_CONTEXT)

    [message] = smtp_server.wait_for(1)
    assert "https://alpha.platform.test/set-new-password?password_reset_code=" in message.text
