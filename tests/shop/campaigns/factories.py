"""Recipients and marketing emails for campaign tests (current store schema: call them inside
`tenant_context(store)`)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils import timezone

from shop.accounts.models import Member, Prospect
from shop.accounts.tokens import new_unsubscribe_token
from shop.codes import new_code
from shop.emails.models import Email, Emailstatus, Emailtype

MEMBER_TEXT = """Hello {recipient_first_name},

Our news: {ENVIRONMENT_DOMAIN}/news?em_cd={em_cd}&mb_cd={mb_cd}
All products: {ENVIRONMENT_DOMAIN}/products
A friend's shop: https://example.org/shop?x=1
Unsubscribe: {ENVIRONMENT_DOMAIN}/account/email-unsubscribe?token={token}
"""
MEMBER_HTML = """<p>Hello {recipient_first_name},</p>
<p><a href="{ENVIRONMENT_DOMAIN}/news?em_cd={em_cd}&amp;mb_cd={mb_cd}">Our news</a>
<a href="{ENVIRONMENT_DOMAIN}/products#top">All products</a>
<a href="https://example.org/shop?x=1">A friend's shop</a></p>
"""
PROSPECT_TEXT = """Hello {recipient_first_name},

Our news: {ENVIRONMENT_DOMAIN}/news
Unsubscribe: {ENVIRONMENT_DOMAIN}/account/email-unsubscribe?pr_token={pr_token}
"""


def make_member(
    username: str,
    *,
    email: str | None = None,
    first_name: str = "",
    subscribed: bool = True,
    unsubscribed: bool = False,
    token: bool = True,
) -> Member:
    user = User.objects.create_user(
        username, email=f"{username}@example.com" if email is None else email, first_name=first_name
    )
    issued = new_unsubscribe_token() if token else None
    return Member.objects.create(
        user=user,
        newsletter_subscriber=subscribed,
        email_unsubscribed=unsubscribed,
        email_unsubscribe_string=issued.value if issued else None,
        email_unsubscribe_string_signed=issued.token if issued else None,
    )


def make_prospect(
    email: str, *, first_name: str = "", unsubscribed: bool = False, token: bool = True
) -> Prospect:
    issued = new_unsubscribe_token() if token else None
    return Prospect.objects.create(
        email=email,
        first_name=first_name,
        email_unsubscribed=unsubscribed,
        email_unsubscribe_string=issued.value if issued else None,
        email_unsubscribe_string_signed=issued.token if issued else None,
    )


def make_members_in_bulk(count: int, *, prefix: str = "reader") -> list[Member]:
    """`count` subscribed members with tokens, in two INSERTs."""
    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            username=f"{prefix}{number:05d}",
            email=f"{prefix}{number:05d}@example.com",
            first_name=f"Reader{number}",
            password="!",  # noqa: S106 (unusable)
            date_joined=now,
        )
        for number in range(count)
    )
    members = []
    for user in users:
        issued = new_unsubscribe_token()
        members.append(
            Member(
                user=user,
                newsletter_subscriber=True,
                email_unsubscribe_string=issued.value,
                email_unsubscribe_string_signed=issued.token,
            )
        )
    return Member.objects.bulk_create(members)


def make_marketing_email(
    kind: str = Emailtype.MEMBER,
    *,
    status: str = Emailstatus.READY,
    subject: str = "Spring news from {store_name}",
    body_text: str | None = None,
    body_html: str | None = None,
    bcc_address: str = "",
) -> Email:
    if body_text is None:
        body_text = PROSPECT_TEXT if kind == Emailtype.PROSPECT else MEMBER_TEXT
    if body_html is None:
        body_html = "" if kind == Emailtype.PROSPECT else MEMBER_HTML
    return Email.objects.create(
        subject=subject,
        email_type=Emailtype.objects.get(title=kind),
        email_status=Emailstatus.objects.get(title=status),
        body_text=body_text,
        body_html=body_html,
        bcc_address=bcc_address,
        em_cd=new_code(),
    )
