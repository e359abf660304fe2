"""The ALB serves CloudFront only: its security group admits CloudFront's origin-facing prefix
list on 443 and nothing else, and its listener forwards only requests carrying the secret
origin header CloudFront adds (anything else: a fixed 403)."""

from infra_components.names import ORIGIN_VERIFY_HEADER
from infra_components.testing import CLOUDFRONT_PREFIX_LIST_ID, RANDOM_PASSWORD, is_secret, reveal

SG = "aws:ec2/securityGroup:SecurityGroup"
RULE = "aws:lb/listenerRule:ListenerRule"
DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
SECRET_TYPE = "aws:secretsmanager/secret:Secret"  # noqa: S105 - a resource type
SECRET_VERSION_TYPE = "aws:secretsmanager/secretVersion:SecretVersion"  # noqa: S105


def _stored_origin_value(run):
    version = run.named(SECRET_VERSION_TYPE, "storefleet-prod-origin-verify")
    return reveal(version.state["secretString"])


def test_the_alb_admits_https_from_the_cloudfront_prefix_list_only(platform_run):
    group = platform_run.named(SG, "storefleet-prod-alb-sg")

    assert group.inputs["ingress"] == [
        {
            "description": "CloudFront origin-facing",
            "protocol": "tcp",
            "fromPort": 443,
            "toPort": 443,
            "prefixListIds": [CLOUDFRONT_PREFIX_LIST_ID],
        }
    ]
    assert (
        "aws:ec2/getManagedPrefixList:getManagedPrefixList",
        {"name": "com.amazonaws.global.cloudfront.origin-facing"},
    ) in platform_run.calls


def test_no_rule_of_the_alb_security_group_opens_it_to_the_internet(platform_run):
    group = platform_run.named(SG, "storefleet-prod-alb-sg")
    rules = [*group.inputs["ingress"], *group.inputs["egress"]]

    for rule in rules:
        assert "0.0.0.0/0" not in rule.get("cidrBlocks", [])
        assert "::/0" not in rule.get("ipv6CidrBlocks", [])
    assert group.inputs["egress"] == [
        {
            "description": "web tasks",
            "protocol": "tcp",
            "fromPort": 8000,
            "toPort": 8000,
            "cidrBlocks": ["10.20.0.0/16"],
        }
    ]


def test_cloudfront_sends_the_stored_random_value_as_a_secret_origin_header(platform_run):
    distribution = platform_run.named(DISTRIBUTION, "storefleet-prod-cdn")
    secret = platform_run.named(SECRET_TYPE, "storefleet-prod-origin-verify")

    assert is_secret(distribution.inputs["origins"])
    (origin,) = reveal(distribution.inputs["origins"])
    assert origin["customHeaders"] == [
        {"name": ORIGIN_VERIFY_HEADER, "value": _stored_origin_value(platform_run)}
    ]
    # Drawn by Secrets Manager (not a constant of the program), kept under a known name.
    assert _stored_origin_value(platform_run) == RANDOM_PASSWORD
    assert secret.inputs["name"] == "storefleet/prod/edge/origin-verify"
    assert platform_run.outputs["originVerifySecretArn"] == secret.state["arn"]


def test_the_platform_rule_forwards_its_hosts_only_with_the_header(platform_run):
    rule = platform_run.named(RULE, "storefleet-prod-alb-platform-hosts")
    listener = platform_run.named("aws:lb/listener:Listener", "storefleet-prod-alb-https")
    target_group = platform_run.named("aws:lb/targetGroup:TargetGroup", "storefleet-prod-alb-web")

    assert is_secret(rule.inputs["conditions"])
    assert reveal(rule.inputs["conditions"]) == [
        {"hostHeader": {"values": ["storefleet.example", "*.storefleet.example"]}},
        {
            "httpHeader": {
                "httpHeaderName": ORIGIN_VERIFY_HEADER,
                "values": [_stored_origin_value(platform_run)],
            }
        },
    ]
    assert rule.inputs["listenerArn"] == listener.state["arn"]
    assert rule.inputs["priority"] == 1000
    assert rule.inputs["actions"] == [
        {"type": "forward", "targetGroupArn": target_group.state["arn"]}
    ]
    # The rule is the only way in: the listener's own answer is a 403.
    assert listener.inputs["defaultActions"][0]["fixedResponse"]["statusCode"] == "403"
