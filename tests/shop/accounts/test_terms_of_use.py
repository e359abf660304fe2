"""The terms-of-use agreement: check against the latest version, agree to it."""

import datetime as dt

import pytest

from shop.accounts.models import Membertermsofuseversionagreed, Termsofuse
from tests.fixtures.accounts import make_account, user_get, user_post

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _publish(version: int, note: str = "New terms") -> Termsofuse:
    return Termsofuse.objects.create(
        version=version, version_note=note, publication_date_time=dt.datetime.now(tz=dt.UTC)
    )


def test_a_member_who_has_not_agreed_gets_the_latest_version_then_agrees(alpha, member_client):
    client = member_client(alpha, make_account())

    check = user_get(client, "terms-of-use-agree-check")
    agree = user_post(client, "terms-of-use-agree", version="1")

    assert check["terms_of_use_agree_check"] is False
    assert check["version"] == 1
    assert check["version_note"].startswith("<p>We updated our terms")
    assert agree == {"terms_of_use_agree": "success", "version": 1, "user-api-version": "0.0.1"}
    assert user_get(client, "terms-of-use-agree-check") == {
        "terms_of_use_agree_check": True,
        "user-api-version": "0.0.1",
    }


def test_agreement_is_by_the_version_row_even_when_ids_and_versions_differ(alpha, member_client):
    member = make_account()
    Termsofuse.objects.all().delete()
    old = _publish(7)
    latest = _publish(9)
    Membertermsofuseversionagreed.objects.create(member=member, termsofuseversion=old)
    client = member_client(alpha, member)

    check = user_get(client, "terms-of-use-agree-check")

    assert latest.pk != latest.version
    assert (check["terms_of_use_agree_check"], check["version"]) == (False, 9)


@pytest.mark.parametrize(
    ("version", "error"),
    [(None, "version-required"), ("x", "version-not-found"), ("99", "version-not-found"),
     ("1", "version-provided-not-most-recent")],
)  # fmt: skip
def test_bad_versions_have_their_error(alpha, member_client, version, error):
    _publish(2)
    client = member_client(alpha, make_account())

    body = user_post(client, "terms-of-use-agree", **({"version": version} if version else {}))

    assert body == {
        "terms_of_use_agree": "error",
        "errors": {"error": error},
        "user-api-version": "0.0.1",
    }


def test_agreeing_twice_is_version_already_agreed(alpha, member_client):
    client = member_client(alpha, make_account())
    user_post(client, "terms-of-use-agree", version="1")

    assert user_post(client, "terms-of-use-agree", version="1")["errors"] == {
        "error": "version-already-agreed"
    }


def test_signed_out_callers_get_json_not_a_redirect(alpha, client_a):
    assert user_get(client_a, "terms-of-use-agree-check") == {
        "terms_of_use_agree_check": "user_not_authenticated",
        "user-api-version": "0.0.1",
    }
