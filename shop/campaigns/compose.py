"""The message one recipient of a campaign gets: the campaign's copy of the template rendered
with the reference's placeholders, links carrying the codes, a Message-ID that is the same
every time this recipient's message is built, and the List-Unsubscribe headers.

Placeholders (the reference's namespace): `recipient_first_name`, `em_cd`, `mb_cd`, `pr_cd`,
`token` (member unsubscribe token), `pr_token` (prospect's), `msg_subject`, `draft_text`,
`draft_html`, plus shop.emails' `ENVIRONMENT_DOMAIN`, `store_name`, `store_owner_address`,
`line_break`, `short_line_break`. The codes of the other kind of recipient are empty.

`msg_subject` is the campaign's subject itself (rendered with `msg_subject` empty, so the
seeded "{msg_subject}" subject falls back to "News from <store>").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote, urlencode, urlsplit

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils.safestring import SafeString

from shop.accounts.models import Member, Prospect
from shop.campaigns.links import add_tracking_codes
from shop.campaigns.models import Campaign
from shop.campaigns.rendering import CompiledParts
from shop.campaigns.wire import WireLayout, WireMessage, get_wire_layout, write_message
from shop.emails.models import StoreSettings
from shop.emails.rendering import EmailMessageParts, format_template, render_parts
from shop.emails.selectors import get_site_url, get_store_host, get_store_settings
from shop.emails.services import base_context, build_message
from tenants.context import current

ONE_CLICK_BODY = "List-Unsubscribe=One-Click"
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9-]")


@dataclass(frozen=True)
class SendingContext:
    """What every message of one campaign shares: read once per batch, not per message."""

    campaign: Campaign
    store: StoreSettings
    host: str  # the store's own host (one-click URL, Message-ID)
    link_hosts: frozenset[str]  # links to these get the codes
    context: Mapping[str, object]  # the placeholders every recipient shares
    one_click_base: str  # https://<host>/campaigns/unsubscribe-one-click
    wire: WireLayout | None = None  # the shared headers, encoded (shop.campaigns.wire)

    @cached_property
    def templates(self) -> CompiledParts:
        """The campaign's subject and bodies, parsed once (shop.campaigns.rendering)."""
        campaign = self.campaign
        return CompiledParts(
            subject=campaign.subject, body_text=campaign.body_text, body_html=campaign.body_html
        )


def get_sending_context(*, campaign: Campaign) -> SendingContext:
    store = get_store_settings()
    host = get_store_host()
    site_url = get_site_url(store)
    context = {
        **base_context(store),
        "em_cd": campaign.email.em_cd,
        "draft_text": "",
        "draft_html": "",
    }
    context["msg_subject"] = _msg_subject(campaign.subject, context)
    site_host = (urlsplit(site_url).hostname or host).lower()
    return SendingContext(
        campaign=campaign,
        store=store,
        host=host,
        link_hosts=frozenset({host.lower(), site_host}),
        context=context,
        one_click_base=f"https://{host}{reverse('campaigns:unsubscribe-one-click')}",
        wire=get_wire_layout(
            from_email=campaign.from_address or store.sender_address,
            store=current().schema_name,
        ),
    )


def _msg_subject(subject: str, context: Mapping[str, object]) -> str:
    rendered = " ".join(format_template(subject, {**context, "msg_subject": ""}).split())
    return rendered or f"News from {context['store_name']}"


def recipient_codes(*, recipient: Member | Prospect, em_cd: str) -> dict[str, str]:
    if isinstance(recipient, Member):
        return {"em_cd": em_cd, "mb_cd": recipient.mb_cd}
    return {"em_cd": em_cd, "pr_cd": recipient.pr_cd}


def recipient_context(*, recipient: Member | Prospect) -> dict[str, str]:
    token = recipient.email_unsubscribe_string_signed or ""
    if isinstance(recipient, Member):
        return {
            "recipient_first_name": recipient.user.first_name,
            "mb_cd": recipient.mb_cd,
            "pr_cd": "",
            "token": token,
            "pr_token": "",
        }
    return {
        "recipient_first_name": recipient.first_name,
        "mb_cd": "",
        "pr_cd": recipient.pr_cd,
        "token": "",
        "pr_token": token,
    }


def render_for(
    sending: SendingContext,
    *,
    recipient: Member | Prospect,
    extra: Mapping[str, object] | None = None,
) -> EmailMessageParts:
    """The campaign's subject and bodies for `recipient`, links carrying the codes."""
    campaign = sending.campaign
    context = {**sending.context, **recipient_context(recipient=recipient), **(extra or {})}
    parts = sending.templates.render(context)
    codes = recipient_codes(recipient=recipient, em_cd=campaign.email.em_cd)
    return EmailMessageParts(
        subject=parts.subject,
        body_text=add_tracking_codes(
            parts.body_text, hosts=sending.link_hosts, codes=codes, is_html=False
        ),
        body_html=None
        if parts.body_html is None
        else add_tracking_codes(
            parts.body_html, hosts=sending.link_hosts, codes=codes, is_html=True
        ),
    )


def message_id_for(sending: SendingContext, *, recipient: Member | Prospect) -> str:
    """The same Message-ID every time this recipient's message of this campaign is built, so
    a message sent again after a crash is recognisably the same message."""
    kind = "m" if isinstance(recipient, Member) else "p"
    em_cd = _ID_UNSAFE.sub("", sending.campaign.email.em_cd)
    return f"<campaign-{sending.campaign.pk}.{kind}{recipient.pk}.{em_cd}@{sending.host}>"


def one_click_url(sending: SendingContext, *, recipient: Member | Prospect) -> str:
    codes = recipient_codes(recipient=recipient, em_cd=sending.campaign.email.em_cd)
    token_key = "token" if isinstance(recipient, Member) else "pr_token"
    query = urlencode({**codes, token_key: recipient.email_unsubscribe_string_signed or ""})
    return f"{sending.one_click_base}?{query}"


def unsubscribe_headers(sending: SendingContext, *, recipient: Member | Prospect) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe (the one-click URL first, then mail to the store's owner,
    who handles those by hand) and RFC 8058 List-Unsubscribe-Post."""
    token = recipient.email_unsubscribe_string_signed or ""
    mailto = f"mailto:{sending.store.owner_address}?subject={quote('unsubscribe ' + token)}"
    return {
        "List-Unsubscribe": f"<{one_click_url(sending, recipient=recipient)}>, <{mailto}>",
        "List-Unsubscribe-Post": ONE_CLICK_BODY,
    }


def build_campaign_message(
    sending: SendingContext,
    *,
    recipient: Member | Prospect,
    address: str,
    connection: BaseEmailBackend | None = None,
) -> EmailMultiAlternatives:
    """The message for one recipient: To the snapshotted address only (no BCC: a copy of
    every message of a campaign to one inbox is what "Send draft" is for)."""
    parts = render_for(sending, recipient=recipient)
    headers = {
        "Message-ID": message_id_for(sending, recipient=recipient),
        **unsubscribe_headers(sending, recipient=recipient),
    }
    return _build(sending, parts=parts, to=address, headers=headers, connection=connection)


def build_campaign_wire(
    sending: SendingContext,
    *,
    recipient: Member | Prospect,
    address: str,
    connection: BaseEmailBackend | None = None,
) -> WireMessage | EmailMultiAlternatives:
    """build_campaign_message's message, written straight to its bytes when it can be
    (shop.campaigns.wire): what the batches send."""
    parts = render_for(sending, recipient=recipient)
    headers = {
        "Message-ID": message_id_for(sending, recipient=recipient),
        **unsubscribe_headers(sending, recipient=recipient),
    }

    def build() -> EmailMultiAlternatives:
        return _build(sending, parts=parts, to=address, headers=headers, connection=connection)

    if sending.wire is not None:
        wire = write_message(sending.wire, parts=parts, to=address, headers=headers, build=build)
        if wire is not None:
            return wire
    return build()


def build_draft_message(
    sending: SendingContext,
    *,
    recipient: Member | Prospect | None,
    to: str,
    banner: str,
) -> EmailMultiAlternatives:
    """The draft preview: rendered for `recipient` (links work), marked *** DRAFT ***, without
    List-Unsubscribe (one click in the owner's mail program must not unsubscribe anyone)."""
    extra = {"draft_text": banner + "\n\n", "draft_html": SafeString(_banner_html(banner))}
    if recipient is None:
        parts = render_parts(
            subject=sending.campaign.subject,
            body_text=sending.campaign.body_text,
            body_html=sending.campaign.body_html,
            context={**sending.context, **_sample_recipient(), **extra},
        )
    else:
        parts = render_for(sending, recipient=recipient, extra=extra)
    parts = EmailMessageParts(
        subject=f"*** DRAFT *** {parts.subject}",
        body_text=parts.body_text,
        body_html=parts.body_html,
    )
    return _build(sending, parts=parts, to=to, headers={}, connection=None)


def _banner_html(banner: str) -> str:
    from django.utils.html import escape, linebreaks

    return f'<div style="border:2px dashed #c00;padding:8px">{linebreaks(escape(banner))}</div>'


def _sample_recipient() -> dict[str, str]:
    keys = ("recipient_first_name", "mb_cd", "pr_cd", "token", "pr_token")
    return {key: f"[{key}]" for key in keys}


def _build(
    sending: SendingContext,
    *,
    parts: EmailMessageParts,
    to: str,
    headers: dict[str, str],
    connection: BaseEmailBackend | None,
) -> EmailMultiAlternatives:
    campaign = sending.campaign
    message = build_message(
        email=campaign.email,
        parts=parts,
        to=[to],
        store=sending.store,
        headers=headers,
        connection=connection,
    )
    message.from_email = campaign.from_address or sending.store.sender_address
    message.bcc = []
    return message
