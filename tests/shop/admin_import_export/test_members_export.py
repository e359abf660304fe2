"""Members and prospects export as CSV with their names, addresses and subscription flags,
never a password hash, a verification, reset or unsubscribe string, or a tracking code; and
text a spreadsheet would run as a formula is defused."""

import pytest
from django.utils import timezone

from shop.accounts.models import Prospect
from tenants.context import tenant_context
from tests.fixtures.shop import make_member
from tests.shop.admin_import_export.conftest import export_csv

pytestmark = pytest.mark.django_db

SECRET_FIELDS = (
    "email_verification_string",
    "email_verification_string_signed",
    "reset_password_string",
    "reset_password_string_signed",
    "email_unsubscribe_string",
    "email_unsubscribe_string_signed",
)


def _with_secrets(row, prefix):
    for name in SECRET_FIELDS:
        setattr(row, name, f"{prefix}-{name}-value")
    row.save()
    return row


def test_the_members_csv_has_no_password_hash_tokens_or_codes(seeded_stores, store_a, staff_client):
    with tenant_context(store_a):
        member = _with_secrets(make_member("ada", email="ada@example.com"), "member")
        member.user.first_name = "Ada"
        member.user.save()
        member.reset_password_requested_date_time = timezone.now()
        member.save()
        secrets = [
            member.user.password,
            member.mb_cd,
            *(getattr(member, name) for name in SECRET_FIELDS),
        ]

    rows = export_csv(staff_client(store_a), "/admin/accounts/member/")

    (row,) = [row for row in rows if row["username"] == "ada"]
    assert (row["email"], row["first_name"]) == ("ada@example.com", "Ada")
    assert list(row) == [
        "username",
        "email",
        "first_name",
        "last_name",
        "date_joined",
        "is_active",
        "newsletter_subscriber",
        "email_verified",
        "email_unsubscribed",
    ]
    text = repr(rows)
    for secret in secrets:
        assert secret not in text
    assert "md5$" not in text and "pbkdf2" not in text


def test_the_prospects_csv_has_no_tokens_or_codes(seeded_stores, store_a, staff_client):
    with tenant_context(store_a):
        prospect = Prospect.objects.create(email="pat@example.com", first_name="Pat")
        prospect.email_unsubscribe_string = "prospect-unsubscribe-string"
        prospect.email_unsubscribe_string_signed = "prospect-unsubscribe-signature"
        prospect.save()

    rows = export_csv(staff_client(store_a), "/admin/accounts/prospect/")

    (row,) = [row for row in rows if row["email"] == "pat@example.com"]
    assert row["first_name"] == "Pat"
    text = repr(rows)
    for secret in (prospect.pr_cd, "prospect-unsubscribe-string", "prospect-unsubscribe-signature"):
        assert secret not in text


def test_a_formula_in_a_name_is_exported_as_text(seeded_stores, store_a, staff_client):
    with tenant_context(store_a):
        Prospect.objects.create(email="eve@example.com", first_name='=HYPERLINK("http://x")')

    rows = export_csv(staff_client(store_a), "/admin/accounts/prospect/")

    (row,) = [row for row in rows if row["email"] == "eve@example.com"]
    assert row["first_name"] == '\'=HYPERLINK("http://x")'


def test_members_and_prospects_are_export_only(seeded_stores, store_a, staff_client):
    client = staff_client(store_a)
    for changelist in ("/admin/accounts/member/", "/admin/accounts/prospect/"):
        page = client.get(changelist).content.decode()
        assert f'href="{changelist}export/' in page
        assert f"{changelist}import/" not in page
