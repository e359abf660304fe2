"""The email reference rows and templates every store starts with (called by shop.seed).

Each template lists the placeholders its sender must supply in TEMPLATES[...]["placeholders"];
send_email adds `ENVIRONMENT_DOMAIN`, `store_name`, `store_owner_address` and `em_cd` itself
(see shop.emails.services.base_context). Texts are our own. The order confirmations carry no
payment-card line: Stripe Checkout gives us no card data (defect 9). A prospect's confirmation
says the address is not on the marketing list (defect 10).

Seeding is idempotent and never overwrites a template the store has edited.
"""

from __future__ import annotations

from shop.emails import codes
from shop.emails.models import Email, Emailstatus, Emailtype, StoreSettings
from shop.emails.selectors import default_store_settings

EMAIL_TYPES = [Emailtype.MEMBER, Emailtype.PROSPECT, Emailtype.TRANSACTIONAL]
EMAIL_STATUSES = [Emailstatus.DRAFT, Emailstatus.READY, Emailstatus.SENT]

_ORDER_BODY = """Hello {recipient_first_name},

Thank you for your order from {store_name}. We have received it and will let you know when it
ships.

Order {identifier}, placed {order_date_time}
See it any time: {ENVIRONMENT_DOMAIN}/account/order?identifier={identifier}&em_cd={em_cd}&%s

ITEMS
{product_information}

SHIPPING
{shipping_information}

TOTALS
{order_total_information}

SHIP TO
{shipping_address_information}

BILL TO
{billing_address_information}

Questions about your order? Write to {store_owner_address} and mention {identifier}.
%s
-- {store_name}
"""

_ORDER_MEMBER = _ORDER_BODY % ("mb_cd={mb_cd}", "")
_ORDER_PROSPECT = _ORDER_BODY % (
    "pr_cd={pr_cd}",
    "\nWe send you this message because you placed an order. You are not on our marketing\n"
    "list and will not get newsletters or offers from us unless you sign up for them.\n",
)

_WELCOME = """Hello {recipient_first_name},

Welcome to {store_name}! Your account {username} is ready.

Please confirm that this address is yours by opening this link within 24 hours:
{ENVIRONMENT_DOMAIN}/account/?email_verification_code={email_verification_code}

If you did not create this account, you can ignore this message.

-- {store_name}
"""

_VERIFICATION = """Hello {recipient_first_name},

You asked us to confirm the email address of your {store_name} account {username}.
Open this link within 24 hours to confirm it:
{ENVIRONMENT_DOMAIN}/account/?email_verification_code={email_verification_code}

If you did not ask for this, you can ignore this message.

-- {store_name}
"""

_RESET_BODY = """Hello {recipient_first_name},

Someone asked to reset the password of your {store_name} account {username}.
To choose a new password, open this link within 1 hour:
{ENVIRONMENT_DOMAIN}/set-new-password?password_reset_code={password_reset_code}

If it was not you, ignore this message: your password stays as it is.

-- {store_name}
"""

_CHANGED_BODY = """Hello {recipient_first_name},

The password of your {store_name} account {username} was just changed.

If you did not change it, reset it now at {ENVIRONMENT_DOMAIN}/forgot-password and tell us at
{store_owner_address}.

-- {store_name}
"""

_FORGOT_USERNAME = """Hello {recipient_first_name},

You asked for the username of your {store_name} account with this email address.
Your username is: {username}

Sign in at {ENVIRONMENT_DOMAIN}/login

If you did not ask for this, you can ignore this message.

-- {store_name}
"""

_EMAIL_CHANGED_OLD = """Hello {recipient_first_name},

The email address of your {store_name} account {username} was changed from this address to
{new_email_address}. We will send account mail there from now on.

If you did not make this change, tell us at {store_owner_address}.

-- {store_name}
"""

_EMAIL_CHANGED_NEW = """Hello {recipient_first_name},

Your {store_name} account {username} now uses this email address (it used
{old_email_address} before). Please confirm it by opening this link within 24 hours:
{ENVIRONMENT_DOMAIN}/account/?email_verification_code={email_verification_code}

-- {store_name}
"""

_NEW_CHAT_MESSAGE = """A visitor of {store_name} sent a chat message.

From: {name} <{email_address}>
Known as: {sender_kind}

{message}
"""

_ORDER_REFUND = """Hello {recipient_first_name},

We have refunded {refund_amount} of your payment for order {identifier} from {store_name}.
In all, {amount_refunded} of the {amount_charged} you paid has been refunded.

Your bank may take 5 to 10 days to show the refund on your statement.

Questions? Write to {store_owner_address} and mention {identifier}.

-- {store_name}
"""

_EXAMPLE_PROSPECT_TEXT = """{draft_text}Hello {recipient_first_name},

This is an example of a message for the people who asked {store_name} to keep them posted.
Edit it, send it as a draft to check it, then mark it Ready and send it.

See what is new: {ENVIRONMENT_DOMAIN}/?em_cd={em_cd}&pr_cd={pr_cd}

Do not want these messages? Unsubscribe:
{ENVIRONMENT_DOMAIN}/account/email-unsubscribe?em_cd={em_cd}&pr_cd={pr_cd}&pr_token={pr_token}
"""

_EXAMPLE_PROSPECT_HTML = """{draft_html}<p>Hello {recipient_first_name},</p>
<p>This is an example of a message for the people who asked {store_name} to keep them posted.
Edit it, send it as a draft to check it, then mark it Ready and send it.</p>
<p><a href="{ENVIRONMENT_DOMAIN}/?em_cd={em_cd}&amp;pr_cd={pr_cd}">See what is new</a></p>
<p><a href="{ENVIRONMENT_DOMAIN}/account/email-unsubscribe?em_cd={em_cd}&amp;pr_cd={pr_cd}&amp;pr_token={pr_token}">Unsubscribe</a></p>
"""  # noqa: E501

_EXAMPLE_MEMBER_TEXT = """{draft_text}Hello {recipient_first_name},

This is an example of a newsletter for the members of {store_name}.
Edit it, send it as a draft to check it, then mark it Ready and send it.

See what is new: {ENVIRONMENT_DOMAIN}/?em_cd={em_cd}&mb_cd={mb_cd}

Choose which messages you get:
{ENVIRONMENT_DOMAIN}/account/edit-communication-preferences?em_cd={em_cd}&mb_cd={mb_cd}
Unsubscribe:
{ENVIRONMENT_DOMAIN}/account/email-unsubscribe?em_cd={em_cd}&mb_cd={mb_cd}&token={token}
"""

_EXAMPLE_MEMBER_HTML = """{draft_html}<p>Hello {recipient_first_name},</p>
<p>This is an example of a newsletter for the members of {store_name}.
Edit it, send it as a draft to check it, then mark it Ready and send it.</p>
<p><a href="{ENVIRONMENT_DOMAIN}/?em_cd={em_cd}&amp;mb_cd={mb_cd}">See what is new</a></p>
<p><a href="{ENVIRONMENT_DOMAIN}/account/edit-communication-preferences?em_cd={em_cd}&amp;mb_cd={mb_cd}">Choose which messages you get</a>
or <a href="{ENVIRONMENT_DOMAIN}/account/email-unsubscribe?em_cd={em_cd}&amp;mb_cd={mb_cd}&amp;token={token}">unsubscribe</a>.</p>
"""  # noqa: E501

_ORDER_PLACEHOLDERS = (
    "recipient_first_name",
    "identifier",
    "order_date_time",
    "product_information",
    "shipping_information",
    "order_total_information",
    "shipping_address_information",
    "billing_address_information",
)

# em_cd: (subject, type, status, body_text, body_html, placeholders the sender supplies)
TEMPLATES: dict[str, tuple[str, str, str, str, str, tuple[str, ...]]] = {
    codes.ORDER_CONFIRMATION_MEMBER: (
        "{store_name} order confirmation {identifier}",
        Emailtype.TRANSACTIONAL, Emailstatus.READY, _ORDER_MEMBER, "",
        (*_ORDER_PLACEHOLDERS, "mb_cd"),
    ),
    codes.ORDER_CONFIRMATION_PROSPECT: (
        "{store_name} order confirmation {identifier}",
        Emailtype.TRANSACTIONAL, Emailstatus.READY, _ORDER_PROSPECT, "",
        (*_ORDER_PLACEHOLDERS, "pr_cd"),
    ),
    codes.WELCOME: (
        "Welcome to {store_name}: please confirm your email address",
        Emailtype.TRANSACTIONAL, Emailstatus.READY, _WELCOME, "",
        ("recipient_first_name", "username", "email_verification_code"),
    ),
    codes.EMAIL_VERIFICATION: (
        "Confirm your email address for {store_name}",
        Emailtype.TRANSACTIONAL, Emailstatus.READY, _VERIFICATION, "",
        ("recipient_first_name", "username", "email_verification_code"),
    ),
    codes.PASSWORD_RESET: (
        "Reset your {store_name} password",
        Emailtype.TRANSACTIONAL, Emailstatus.READY, _RESET_BODY, "",
        ("recipient_first_name", "username", "password_reset_code"),
    ),
    codes.PASSWORD_CHANGED: (
        "Your {store_name} password was changed",
        Emailtype.TRANSACTIONAL, Emailstatus.READY, _CHANGED_BODY, "",
        ("recipient_first_name", "username"),
    ),
    codes.FORGOT_USERNAME: (
        "Your {store_name} username",
        Emailtype.TRANSACTIONAL, Emailstatus.READY, _FORGOT_USERNAME, "",
        ("recipient_first_name", "username"),
    ),
    codes.EMAIL_CHANGED_OLD_ADDRESS: (
        "The email address of your {store_name} account was changed",
        Emailtype.TRANSACTIONAL, Emailstatus.READY, _EMAIL_CHANGED_OLD, "",
        ("recipient_first_name", "username", "new_email_address"),
    ),
    codes.EMAIL_CHANGED_NEW_ADDRESS: (
        "Confirm the new email address of your {store_name} account",
        Emailtype.TRANSACTIONAL, Emailstatus.READY, _EMAIL_CHANGED_NEW, "",
        ("recipient_first_name", "username", "old_email_address", "email_verification_code"),
    ),
    codes.NEW_CHAT_MESSAGE: (
        "New chat message on {store_name} from {name}",
        Emailtype.TRANSACTIONAL, Emailstatus.READY, _NEW_CHAT_MESSAGE, "",
        ("name", "email_address", "sender_kind", "message"),
    ),
    codes.ORDER_REFUND: (
        "{store_name} refund for order {identifier}",
        Emailtype.TRANSACTIONAL, Emailstatus.READY, _ORDER_REFUND, "",
        ("recipient_first_name", "identifier", "refund_amount", "amount_refunded",
         "amount_charged"),
    ),
    codes.EXAMPLE_PROSPECT_EMAIL: (
        "{msg_subject}",
        Emailtype.PROSPECT, Emailstatus.DRAFT, _EXAMPLE_PROSPECT_TEXT, _EXAMPLE_PROSPECT_HTML,
        ("draft_text", "draft_html", "msg_subject", "recipient_first_name", "pr_cd", "pr_token"),
    ),
    codes.EXAMPLE_MEMBER_EMAIL: (
        "{msg_subject}",
        Emailtype.MEMBER, Emailstatus.DRAFT, _EXAMPLE_MEMBER_TEXT, _EXAMPLE_MEMBER_HTML,
        ("draft_text", "draft_html", "msg_subject", "recipient_first_name", "mb_cd", "token"),
    ),
}  # fmt: skip


def seed_emails() -> None:
    """Email types and statuses, the store's settings row and the templates (current schema)."""
    types = {title: Emailtype.objects.get_or_create(title=title)[0] for title in EMAIL_TYPES}
    statuses = {
        title: Emailstatus.objects.get_or_create(title=title)[0] for title in EMAIL_STATUSES
    }
    if not StoreSettings.objects.filter(pk=StoreSettings.SINGLETON_ID).exists():
        default_store_settings().save(force_insert=True)
    for em_cd, (subject, kind, status, text, html, _placeholders) in TEMPLATES.items():
        Email.objects.get_or_create(
            em_cd=em_cd,
            defaults={
                "subject": subject,
                "email_type": types[kind],
                "email_status": statuses[status],
                "body_text": text,
                "body_html": html,
            },
        )
