"""A member of store A with something of theirs in every place the store keeps personal data:
an order paid with their name and address, a prospect row with their address (a chat before
they signed up), a chat message, client events, a campaign delivery and its Emailsent, a
cart. Each test runs in store A's schema."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.test import Client
from stripe_sandbox.server import SandboxAccount, StripeSandbox

from shop.accounts.models import Chatmessage, Member, Prospect
from shop.campaigns.services import send_ready_email
from shop.clientevents.models import Buttonclick, Linkevent, Pageview
from shop.emails.models import Emailtype
from tenants.context import tenant_context
from tests.fixtures.accounts import make_account, make_prospect
from tests.fixtures.shop import add_to_cart
from tests.shop.campaigns.factories import make_marketing_email
from tests.shop.checkout.journey import fill_cart, pay, post_event, skus, start_checkout

FIRST, LAST = "Quintessa", "Brightwater"
EMAIL = "quintessa.brightwater@example.com"
STREET, CITY, ZIP = "77 Larkspur Lane", "Oxbridgeton", "99123"
PHONE = "+1 555 0199 777"
# What must be nowhere in the store's schema once the member is erased.
PERSONAL = [FIRST, LAST, EMAIL, STREET, CITY, ZIP, PHONE, "quintessa_b"]


@dataclass
class Subject:
    member: Member
    client: Client  # signed in as the member
    order_identifier: str
    prospect: Prospect


def place_paid_order(
    store,
    client: Client,
    *,
    account: SandboxAccount,
    stripe_server: StripeSandbox,
    client_for,
    capture,
    email: str = EMAIL,
    name: str = f"{FIRST} {LAST}",
) -> str:
    """`client` buys 2 clips and 1 rubber bands (31.55) and pays as `name` at STREET."""
    fill_cart(client, store)
    started = start_checkout(client)
    address = {"line1": STREET, "city": CITY, "postal_code": ZIP, "state": "TX", "country": "US"}
    event = pay(stripe_server, started["session_id"], email=email, name=name, address=address,
                phone=PHONE)  # fmt: skip
    with capture(execute=True):
        response = post_event(client_for(store), event, secret=account.webhook_secret)
    assert response.status_code == 200, response.content
    return response.json()["order_identifier"]


def give_everything(store, member: Member) -> Prospect:
    """Chat, prospect, client events, a campaign's delivery (current schema: `store`)."""
    prospect = make_prospect(EMAIL, first_name=FIRST, last_name=LAST, phone=PHONE)
    Chatmessage.objects.create(
        member=member, name=f"{FIRST} {LAST}", email_address=EMAIL, message=f"I live at {STREET}"
    )
    Chatmessage.objects.create(
        prospect=prospect, name=FIRST, email_address=EMAIL.upper(), message="hello"
    )
    Pageview.objects.create(user=member.user, url="/account", remote_addr="203.0.113.77",
                            http_user_agent="Quintessa's browser")  # fmt: skip
    Buttonclick.objects.create(user=member.user, url="/", button_id="buy")
    Linkevent.objects.create(prospect=prospect, url=f"/news?pr_cd={prospect.pr_cd}")
    with transaction.atomic():
        send_ready_email(email=make_marketing_email(Emailtype.MEMBER), created_by="tester")
    return prospect


@pytest.fixture
def in_store_a(seeded_stores, store_a):
    with tenant_context(store_a):
        yield store_a


@pytest.fixture
def subject(
    in_store_a, store_stripe, member_client, client_for, stripe_server,
    django_capture_on_commit_callbacks,
) -> Subject:  # fmt: skip
    store = in_store_a
    member = make_account("quintessa_b", email=EMAIL, first_name=FIRST, last_name=LAST,
                          newsletter=True)  # fmt: skip
    client = member_client(store, member)
    identifier = place_paid_order(
        store, client, account=store_stripe(store), stripe_server=stripe_server,
        client_for=client_for, capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        prospect = give_everything(store, member)
    clip, _ = skus(store)
    add_to_cart(client, clip, 1)  # a cart again after the order
    return Subject(member=member, client=client, order_identifier=identifier, prospect=prospect)


def columns_holding(schema: str, needles: list[str]) -> dict[str, list[str]]:
    """{needle: ["table.column", ...]} for every text or JSON column of `schema` that holds
    one of `needles` (any case)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND data_type IN "
            "('character varying', 'text', 'json', 'jsonb', 'character', 'inet') "
            "AND table_name IN (SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type = 'BASE TABLE')",
            [schema, schema],
        )
        columns = cursor.fetchall()
        found: dict[str, list[str]] = {}
        for needle in needles:
            for table, column in columns:
                cursor.execute(
                    f'SELECT 1 FROM "{schema}"."{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',
                    [f"%{needle}%"],
                )
                if cursor.fetchone():
                    found.setdefault(needle, []).append(f"{table}.{column}")
    return found
