"""INFRA_PROVISIONER picks the provisioner; a bad or incomplete configuration fails at start-up."""

import importlib.util
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from control_plane.infra import LocalProvisioner, get_provisioner
from control_plane.infra.pulumi_provisioner import PulumiProvisioner

PLATFORM_OUTPUTS = {
    "INFRA_HOSTED_ZONE_ID": "ZPLATFORM",
    "INFRA_ALB_LISTENER_ARN": "arn:listener",
    "INFRA_ALB_DNS_NAME": "sf-alb.elb.amazonaws.com",
    "INFRA_ALB_ZONE_ID": "Z32O12XQLNTSW2",
    "INFRA_TARGET_GROUP_ARN": "arn:targetgroup",
    "INFRA_EDGE_DNS_NAME": "d111111abcdef8.cloudfront.net",
    "INFRA_EDGE_ZONE_ID": "Z2FDTNDATAQYW2",
}


def _load_infra_settings():
    """Execute the settings component afresh (outside sys.modules) with the current env."""
    spec = importlib.util.find_spec("config.settings.components.infra")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_default_is_the_local_provisioner_on_the_platform_domain(settings):
    provisioner = get_provisioner()

    assert settings.INFRA_PROVISIONER == "local"
    assert isinstance(provisioner, LocalProvisioner)
    assert provisioner.platform_domain == "platform.test"


def test_pulumi_is_configured_from_the_settings(settings):
    settings.INFRA_PROVISIONER = "pulumi"
    for name, value in PLATFORM_OUTPUTS.items():
        setattr(settings, name, value)
    settings.INFRA_AWS_REGION = "eu-west-1"
    settings.STOREFLEET_ENV = "staging"

    provisioner = get_provisioner()

    assert isinstance(provisioner, PulumiProvisioner)
    config = provisioner.config
    assert (config.environment, config.platform_domain, config.aws_region) == (
        "staging",
        "platform.test",
        "eu-west-1",
    )
    assert (config.hosted_zone_id, config.alb_listener_arn, config.target_group_arn) == (
        "ZPLATFORM",
        "arn:listener",
        "arn:targetgroup",
    )
    assert (config.edge_dns_name, config.backend_url) == ("d111111abcdef8.cloudfront.net", None)
    assert config.work_root == Path(settings.DATA_DIR) / "pulumi"


def test_an_unknown_provisioner_fails_at_start_up(monkeypatch):
    monkeypatch.setenv("INFRA_PROVISIONER", "terraform")

    with pytest.raises(ImproperlyConfigured, match="INFRA_PROVISIONER must be 'local' or 'pulumi'"):
        _load_infra_settings()


def test_pulumi_without_the_platform_outputs_names_what_is_missing(monkeypatch):
    monkeypatch.setenv("INFRA_PROVISIONER", "pulumi")
    for name, value in PLATFORM_OUTPUTS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("INFRA_ALB_ZONE_ID")
    monkeypatch.setenv("INFRA_TARGET_GROUP_ARN", "")
    monkeypatch.delenv("INFRA_EDGE_DNS_NAME")  # the ALB answers CloudFront only: required

    with pytest.raises(ImproperlyConfigured) as raised:
        _load_infra_settings()

    assert str(raised.value) == (
        "INFRA_PROVISIONER=pulumi needs the platform stack outputs: "
        "INFRA_ALB_ZONE_ID, INFRA_TARGET_GROUP_ARN, INFRA_EDGE_DNS_NAME"
    )


def test_pulumi_with_the_platform_outputs_loads(monkeypatch):
    monkeypatch.setenv("INFRA_PROVISIONER", "pulumi")
    for name, value in PLATFORM_OUTPUTS.items():
        monkeypatch.setenv(name, value)

    module = _load_infra_settings()

    assert module.INFRA_PROVISIONER == "pulumi"
    assert module.INFRA_ALB_DNS_NAME == "sf-alb.elb.amazonaws.com"
