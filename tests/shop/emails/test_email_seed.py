"""Every store starts with the email reference rows, its settings and working templates."""

import pytest

from shop.emails import codes
from shop.emails.models import Email, Emailstatus, Emailtype, StoreSettings
from shop.emails.seed import TEMPLATES
from shop.emails.services import base_context, render_email
from shop.seed import seed_store
from tenants.context import tenant_context

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_types_statuses_and_settings_are_seeded(in_store_a):
    assert list(Emailtype.objects.values_list("title", flat=True)) == [
        "Member",
        "Prospect",
        "Transactional",
    ]
    assert list(Emailstatus.objects.values_list("title", flat=True)) == ["Draft", "Ready", "Sent"]
    settings = StoreSettings.objects.get()
    assert (settings.sender_address, settings.owner_address, settings.site_url) == (
        "Alpha Store <no-reply@alpha.platform.test>",
        "owner@alpha.platform.test",
        "",
    )


def test_each_store_gets_its_own_sender_address(seeded_stores, store_far):
    with tenant_context(store_far):
        sender = StoreSettings.objects.get().sender_address

    assert sender == "Far Away Store <no-reply@faraway.platform.test>"


@pytest.mark.parametrize("em_cd", sorted(TEMPLATES))
def test_each_template_renders_with_exactly_its_declared_placeholders(in_store_a, em_cd):
    email = Email.objects.get(em_cd=em_cd)
    declared = TEMPLATES[em_cd][5]
    context = {**base_context(), "em_cd": em_cd, **{name: f"<{name}>" for name in declared}}

    parts = render_email(email=email, context=context)

    assert parts.subject
    for name in declared:
        if name not in ("draft_html", "msg_subject"):
            assert f"<{name}>" in parts.body_text
    for name in declared:
        incomplete = {key: value for key, value in context.items() if key != name}
        with pytest.raises(Exception, match=name):
            render_email(email=email, context=incomplete)


def test_order_confirmations_have_no_payment_card_line(in_store_a):
    for em_cd in (codes.ORDER_CONFIRMATION_MEMBER, codes.ORDER_CONFIRMATION_PROSPECT):
        body = Email.objects.get(em_cd=em_cd).body_text.lower()
        assert "payment" not in body
        assert "card" not in body


def test_the_prospect_confirmation_says_it_is_not_on_the_marketing_list(in_store_a):
    body = Email.objects.get(em_cd=codes.ORDER_CONFIRMATION_PROSPECT).body_text

    assert "You are not on our marketing\nlist" in body
    assert (
        "not on our marketing"
        not in Email.objects.get(em_cd=codes.ORDER_CONFIRMATION_MEMBER).body_text
    )


def test_seeding_again_keeps_the_stores_own_edits(in_store_a):
    Email.objects.filter(em_cd=codes.WELCOME).update(subject="Our own welcome")
    StoreSettings.objects.update(owner_address="boss@alpha.example")

    seed_store(catalog="empty")

    assert Email.objects.get(em_cd=codes.WELCOME).subject == "Our own welcome"
    assert StoreSettings.objects.get().owner_address == "boss@alpha.example"
    assert Email.objects.count() == len(TEMPLATES)
