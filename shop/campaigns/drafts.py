"""The admin's two other email actions.

send_draft(email=...)
    ONE preview to the email's BCC address (the store owner's when it has none), subject
    "*** DRAFT *** ...", rendered for the first recipient of the audience so that every link
    works, with a banner naming how many recipients the email would reach and the first of
    them. The reference sent one draft per recipient to the owner; for a list of thousands
    that is thousands of identical drafts in one inbox, so we send one. The draft carries no
    List-Unsubscribe header (one click in the owner's mail program must not unsubscribe the
    recipient it was rendered for), and it is not recorded as sent.
populate_email_codes(emails=...)
    a new `em_cd`, unique among the store's emails (the reference checked the Ad table,
    defect 15), for each marketing email that was never sent. Transactional templates keep
    theirs (the store's code finds them by it) and so does any email already sent (links in
    mail out there carry it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shop.campaigns.audience import list_audience
from shop.campaigns.compose import build_draft_message, get_sending_context
from shop.campaigns.errors import EmailNotSendable
from shop.campaigns.models import Campaign
from shop.campaigns.services import unsaved_campaign
from shop.codes import new_code
from shop.emails.models import Email, Emailsent, Emailtype
from shop.emails.services import deliver

DRAFT_LISTS_ADDRESSES = 20


@dataclass(frozen=True)
class DraftSent:
    to: str
    recipient_count: int


def send_draft(*, email: Email) -> DraftSent:
    kind = email.email_type.title
    if kind not in (Emailtype.MEMBER, Emailtype.PROSPECT):
        raise EmailNotSendable(
            f"{email.em_cd} is a {kind} email: drafts are for Member and Prospect emails.",
            code="email-is-transactional",
        )
    sending = get_sending_context(campaign=unsaved_campaign(email=email))
    to = email.bcc_address or sending.store.owner_address
    audience = list_audience(email=email)
    if kind == Emailtype.MEMBER:
        audience = audience.select_related("user")
        addresses = list(audience.values_list("user__email", flat=True)[:DRAFT_LISTS_ADDRESSES])
    else:
        addresses = list(audience.values_list("email", flat=True)[:DRAFT_LISTS_ADDRESSES])
    count = audience.count()
    first = audience.first()
    message = build_draft_message(
        sending, recipient=first, to=to, banner=_banner(email, count, addresses)
    )
    deliver(message, em_cd=email.em_cd)
    return DraftSent(to=to, recipient_count=count)


def _banner(email: Email, count: int, addresses: list[str]) -> str:
    listed = ", ".join(addresses) + (
        f" and {count - len(addresses)} more" if count > len(addresses) else ""
    )
    rendered_for = (
        f"It is shown as {addresses[0]} would get it." if addresses else "Nobody would get it now."
    )
    return (
        f"*** DRAFT *** of {email.em_cd}, for {count} {email.email_type.title.lower()} "
        f"recipient(s){': ' + listed if listed else ''}. {rendered_for}"
    )


def populate_email_codes(*, emails: Iterable[Email]) -> tuple[list[Email], list[Email]]:
    """Returns (emails given a new code, emails that keep theirs)."""
    changed, kept = [], []
    for email in emails:
        sent = (
            Emailsent.objects.filter(email=email).exists()
            or Campaign.objects.filter(email=email).exists()
        )
        if email.email_type.title == Emailtype.TRANSACTIONAL or sent:
            kept.append(email)
            continue
        email.em_cd = _unused_email_code()
        email.save(update_fields=["em_cd"])
        changed.append(email)
    return changed, kept


def _unused_email_code() -> str:
    while True:
        code = new_code()
        if not Email.objects.filter(em_cd=code).exists():
            return code
