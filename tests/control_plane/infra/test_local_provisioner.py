"""The default provisioner: no cloud at all, and it says so."""

import pytest

from control_plane.infra import (
    CertificateStatus,
    InfraResult,
    InvalidInfraRequest,
    LocalProvisioner,
    Provisioner,
)


def test_a_store_is_served_on_its_platform_host_and_on_localhost():
    provisioner = LocalProvisioner(platform_domain="platform.test")

    result = provisioner.ensure_store_infrastructure("acme", tenant_id=7)

    assert result == InfraResult(
        provisioner="local",
        tenant_slug="acme",
        hosts=("acme.platform.test", "acme.localhost"),
        certificate_status="not_needed",
        validation_records=(),
        outputs={},
    )


def test_no_certificate_is_claimed_for_a_custom_domain_either():
    provisioner = LocalProvisioner(platform_domain="platform.test")

    result = provisioner.ensure_store_infrastructure("acme", custom_domain="Shop.Acme.COM.")

    assert result.hosts == ("acme.platform.test", "acme.localhost", "shop.acme.com")
    assert result.certificate_status == CertificateStatus.NOT_NEEDED
    assert result.validation_records == ()


def test_on_localhost_the_store_has_one_host():
    provisioner = LocalProvisioner(platform_domain="localhost")

    result = provisioner.ensure_store_infrastructure("acme")

    assert result.hosts == ("acme.localhost",)


def test_the_step_log_gets_one_line_naming_the_store():
    lines = []

    LocalProvisioner(platform_domain="platform.test").ensure_store_infrastructure(
        "acme", on_output=lines.append
    )

    assert lines == [
        "[acme] local provisioner: nothing to create in the cloud; served by the app's host "
        "routing at acme.platform.test, acme.localhost; no TLS certificate"
    ]


def test_destroying_has_nothing_to_do():
    lines = []

    result = LocalProvisioner(platform_domain="platform.test").destroy_store_infrastructure(
        "acme", on_output=lines.append
    )

    assert result is None
    assert lines == ["[acme] local provisioner: nothing to destroy"]


@pytest.mark.parametrize(
    ("slug", "custom_domain"), [("Not A Slug", None), ("acme", "not a domain"), ("", None)]
)
def test_a_bad_slug_or_domain_is_a_typed_error(slug, custom_domain):
    with pytest.raises(InvalidInfraRequest):
        LocalProvisioner(platform_domain="platform.test").ensure_store_infrastructure(
            slug, custom_domain=custom_domain
        )


def test_it_satisfies_the_provisioner_protocol():
    assert isinstance(LocalProvisioner(platform_domain="platform.test"), Provisioner)
