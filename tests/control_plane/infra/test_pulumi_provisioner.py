"""The Pulumi provisioner, without the Pulumi CLI: what it would run, and its clear refusal.

The Automation API drives the CLI, which these machines do not have (reference 5.4), so the
stack's name, work dir, config and the reading of its outputs are tested as plain functions,
and `up` itself only as far as the typed error it raises when there is no CLI.
"""

from pathlib import Path

import pytest
from core.aws_secrets import AwsSecretStore
from infra_components.names import get_tenant_secret_name

from control_plane.infra import (
    InvalidInfraRequest,
    Provisioner,
    ProvisionerError,
    PulumiCliMissing,
    ValidationRecord,
)
from control_plane.infra.pulumi_provisioner import (
    PulumiProvisioner,
    PulumiSettings,
    build_tenant_args,
    get_stack_config,
    infra_result_from_outputs,
)


def make_settings(work_root: Path, **overrides) -> PulumiSettings:
    values = {
        "environment": "prod",
        "platform_domain": "storefleet.example",
        "aws_region": "eu-west-1",
        "hosted_zone_id": "ZPLATFORM",
        "alb_listener_arn": "arn:listener",
        "alb_dns_name": "sf-alb-123.eu-west-1.elb.amazonaws.com",
        "alb_zone_id": "Z32O12XQLNTSW2",
        "target_group_arn": "arn:targetgroup",
        "work_root": work_root,
        "edge_dns_name": "d111.cloudfront.net",
        "edge_zone_id": "Z2FDTNDATAQYW2",
        **overrides,
    }
    return PulumiSettings(**values)


def test_without_the_cli_up_is_refused_before_anything_is_made(tmp_path):
    provisioner = PulumiProvisioner(make_settings(tmp_path), which=lambda command: None)

    with pytest.raises(PulumiCliMissing) as raised:
        provisioner.ensure_store_infrastructure("acme", tenant_id=7)

    assert "the Pulumi CLI ('pulumi') was not found" in str(raised.value)
    assert "INFRA_PROVISIONER=local" in str(raised.value)
    assert list(tmp_path.iterdir()) == []


def test_with_an_empty_path_the_real_lookup_finds_no_cli(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    provisioner = PulumiProvisioner(make_settings(tmp_path / "work"))

    with pytest.raises(PulumiCliMissing):
        provisioner.destroy_store_infrastructure("acme", tenant_id=7)


def test_a_cli_path_that_cannot_run_is_the_same_typed_error(tmp_path):
    broken = "/nonexistent/pulumi-install/bin/pulumi"
    provisioner = PulumiProvisioner(
        make_settings(tmp_path, command=broken), which=lambda command: command
    )

    with pytest.raises(PulumiCliMissing, match="could not be run"):
        provisioner.ensure_store_infrastructure("acme", tenant_id=7)


def test_a_bad_slug_is_refused_before_the_cli_is_looked_for(tmp_path):
    provisioner = PulumiProvisioner(make_settings(tmp_path), which=lambda command: None)

    with pytest.raises(InvalidInfraRequest, match="invalid store slug"):
        provisioner.ensure_store_infrastructure("Bad Slug", tenant_id=7)


def test_each_store_has_its_own_stack_and_work_dir(tmp_path):
    provisioner = PulumiProvisioner(make_settings(tmp_path))

    assert provisioner.get_work_dir("acme") == tmp_path / "tenant-acme"
    assert provisioner.get_work_dir("globex") == tmp_path / "tenant-globex"
    assert isinstance(provisioner, Provisioner)


def test_the_store_args_come_from_the_platform_settings(tmp_path):
    args = build_tenant_args(
        make_settings(tmp_path),
        tenant_slug="acme",
        tenant_id=7,
        custom_domain="Shop.Acme.com",
        custom_domain_zone_id="ZACME",
    )

    assert (args.slug, args.tenant_id, args.environment) == ("acme", 7, "prod")
    assert args.hosts == ("acme.storefleet.example", "shop.acme.com")
    assert args.custom_domain_zone_id == "ZACME"
    assert args.await_custom_domain_validation is False
    assert (args.edge_dns_name, args.edge_zone_id) == ("d111.cloudfront.net", "Z2FDTNDATAQYW2")


def test_the_stack_config_holds_the_region_and_every_store_arg(tmp_path):
    args = build_tenant_args(
        make_settings(tmp_path), tenant_slug="acme", tenant_id=7, custom_domain="shop.acme.com"
    )

    config = get_stack_config(args, aws_region="eu-west-1")

    assert {key: (value.value, value.secret) for key, value in config.items()} == {
        "aws:region": ("eu-west-1", False),
        "slug": ("acme", False),
        "tenantId": ("7", False),
        "environment": ("prod", False),
        "platformDomain": ("storefleet.example", False),
        "hostedZoneId": ("ZPLATFORM", False),
        "albListenerArn": ("arn:listener", False),
        "albDnsName": ("sf-alb-123.eu-west-1.elb.amazonaws.com", False),
        "albZoneId": ("Z32O12XQLNTSW2", False),
        "targetGroupArn": ("arn:targetgroup", False),
        "customDomain": ("shop.acme.com", False),
        "edgeDnsName": ("d111.cloudfront.net", False),
        "edgeZoneId": ("Z2FDTNDATAQYW2", False),
    }


def test_stack_outputs_become_the_pipeline_result():
    outputs = {
        "hosts": ["acme.storefleet.example", "shop.acme.com"],
        "certificateStatus": "pending_validation",
        "validationRecords": [
            {
                "domain": "shop.acme.com",
                "name": "_a.shop.acme.com.",
                "type": "CNAME",
                "value": "_b.acm.",
            }
        ],
        "stripeSecretName": "storefleet/prod/tenants/7/stripe",
    }

    result = infra_result_from_outputs("acme", outputs)

    assert result.provisioner == "pulumi"
    assert result.hosts == ("acme.storefleet.example", "shop.acme.com")
    assert result.certificate_status == "pending_validation"
    assert result.validation_records == (
        ValidationRecord(
            domain="shop.acme.com", name="_a.shop.acme.com.", type="CNAME", value="_b.acm."
        ),
    )
    assert result.outputs["stripeSecretName"] == "storefleet/prod/tenants/7/stripe"


def test_a_custom_domain_in_its_owners_zone_lists_where_to_point_it():
    outputs = {
        "hosts": ["acme.storefleet.example", "shop.acme.com", "www.shop.acme.com"],
        "certificateStatus": "issued",
        "validationRecords": [],
        "customDomainTarget": "d2abc.cloudfront.net",
    }

    result = infra_result_from_outputs(
        "acme", outputs, owner_hosts=("shop.acme.com", "www.shop.acme.com")
    )
    ours = infra_result_from_outputs("acme", outputs)  # the zone is ours: records made for us

    assert result.validation_records == (
        ValidationRecord("shop.acme.com", "shop.acme.com.", "CNAME", "d2abc.cloudfront.net"),
        ValidationRecord(
            "www.shop.acme.com", "www.shop.acme.com.", "CNAME", "d2abc.cloudfront.net"
        ),
    )
    assert ours.validation_records == ()


def test_the_stack_names_the_stripe_secret_as_the_app_reads_it():
    store = AwsSecretStore(
        region="eu-west-1", endpoint_url=None, environment="prod", client=object()
    )

    assert get_tenant_secret_name(environment="prod", tenant_id=7) == store.secret_name(7)


@pytest.mark.django_db(databases=["default", "second"])
def test_without_a_tenant_id_the_store_is_looked_up_by_slug(tmp_path, store_a):
    provisioner = PulumiProvisioner(make_settings(tmp_path), which=lambda command: None)

    # Found (so it gets as far as the CLI check) ...
    with pytest.raises(PulumiCliMissing):
        provisioner.ensure_store_infrastructure(store_a.slug)
    # ... or not.
    with pytest.raises(ProvisionerError, match="no tenant with slug 'nosuchstore'"):
        provisioner.ensure_store_infrastructure("nosuchstore")
