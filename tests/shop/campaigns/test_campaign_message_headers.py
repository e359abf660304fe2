"""A campaign message carries the one-click List-Unsubscribe headers, a Message-ID of its
campaign and recipient, and every link to the store carries em_cd and mb_cd / pr_cd."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from shop.emails.models import Emailtype
from tests.shop.campaigns.factories import make_marketing_email, make_member, make_prospect

pytestmark = pytest.mark.django_db(databases=["default", "second"])

STORE = "https://alpha.platform.test"


def header(message, name: str) -> str:
    """The header unfolded (a long List-Unsubscribe is folded after its commas)."""
    return " ".join(str(message[name]).split())


def links(body: str) -> list[str]:
    return re.findall(r"https?://[^\s<>\"']+", body)


def test_a_member_message_has_list_unsubscribe_one_click_and_a_campaign_message_id(
    in_store_a, smtp_server, run_campaign
):
    member = make_member("ada", first_name="Ada")
    email = make_marketing_email(Emailtype.MEMBER)

    campaign = run_campaign(email)

    [message] = smtp_server.wait_for(1)
    token = member.email_unsubscribe_string_signed
    one_click = (
        f"{STORE}/campaigns/unsubscribe-one-click"
        f"?em_cd={email.em_cd}&mb_cd={member.mb_cd}&token={token}"
    )
    assert header(message, "List-Unsubscribe") == (
        f"<{one_click}>, <mailto:owner@alpha.platform.test?subject=unsubscribe%20{token}>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == (
        f"<campaign-{campaign.pk}.m{member.pk}.{email.em_cd}@alpha.platform.test>"
    )
    assert message.rcpt_tos == ["ada@example.com"]
    assert message["To"] == "ada@example.com"
    assert message["Bcc"] is None
    assert message["From"] == "Alpha Store <no-reply@alpha.platform.test>"
    assert message.subject == "Spring news from Alpha Store"
    assert message.text.startswith("Hello Ada,\n")


def test_every_link_to_the_store_carries_the_email_and_member_codes(
    in_store_a, smtp_server, run_campaign
):
    member = make_member("ada")
    email = make_marketing_email(Emailtype.MEMBER)

    run_campaign(email)

    [message] = smtp_server.wait_for(1)
    codes = {"em_cd": [email.em_cd], "mb_cd": [member.mb_cd]}
    for body in (message.text, message.html):
        store_links = [url for url in links(body) if url.startswith(STORE)]
        assert len(store_links) >= 2
        for url in store_links:
            query = parse_qs(urlsplit(url.replace("&amp;", "&")).query)
            assert {key: query.get(key) for key in codes} == codes, url
        assert "https://example.org/shop?x=1" in body  # other sites' links are left alone
    assert f"{STORE}/products?em_cd={email.em_cd}&mb_cd={member.mb_cd}\n" in message.text
    assert (
        f'href="{STORE}/products?em_cd={email.em_cd}&amp;mb_cd={member.mb_cd}#top"' in message.html
    )


def test_a_prospect_message_carries_pr_cd_and_the_prospect_token(
    in_store_a, smtp_server, run_campaign
):
    prospect = make_prospect("pat@example.com", first_name="Pat")
    email = make_marketing_email(Emailtype.PROSPECT)

    campaign = run_campaign(email)

    [message] = smtp_server.wait_for(1)
    token = prospect.email_unsubscribe_string_signed
    assert header(message, "List-Unsubscribe").startswith(
        f"<{STORE}/campaigns/unsubscribe-one-click"
        f"?em_cd={email.em_cd}&pr_cd={prospect.pr_cd}&pr_token={token}>, <mailto:"
    )
    assert message["Message-ID"] == (
        f"<campaign-{campaign.pk}.p{prospect.pk}.{email.em_cd}@alpha.platform.test>"
    )
    assert links(message.text) == [
        f"{STORE}/news?em_cd={email.em_cd}&pr_cd={prospect.pr_cd}",
        f"{STORE}/account/email-unsubscribe?pr_token={token}"
        f"&em_cd={email.em_cd}&pr_cd={prospect.pr_cd}",
    ]
