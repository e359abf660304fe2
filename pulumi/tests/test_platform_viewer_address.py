"""The app counts rate limits per viewer: CloudFront's requests to the ALB carry
CloudFront-Viewer-Address (added by the origin request policy of every behaviour), and the
app's containers read the client address from it."""

import json

import pytest
from infra_components.edge import ORIGIN_ID

DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
POLICY = "aws:cloudfront/originRequestPolicy:OriginRequestPolicy"
TASK = "aws:ecs/taskDefinition:TaskDefinition"


def _behaviours(distribution):
    return [
        distribution.inputs["defaultCacheBehavior"],
        *distribution.inputs.get("orderedCacheBehaviors", []),
    ]


def test_the_policy_adds_the_viewer_address_to_every_viewer_header(platform_run):
    policy = platform_run.named(POLICY, "storefleet-prod-viewer-address")

    assert policy.inputs["name"] == "storefleet-prod-viewer-address"
    assert policy.inputs["headersConfig"] == {
        "headerBehavior": "allViewerAndWhitelistCloudFront",
        "headers": {"items": ["CloudFront-Viewer-Address"]},
    }
    assert policy.inputs["cookiesConfig"] == {"cookieBehavior": "all"}
    assert policy.inputs["queryStringsConfig"] == {"queryStringBehavior": "all"}


def test_every_behaviour_to_the_alb_goes_through_the_policy(platform_run):
    policy = platform_run.named(POLICY, "storefleet-prod-viewer-address")
    distribution = platform_run.named(DISTRIBUTION, "storefleet-prod-cdn")

    behaviours = _behaviours(distribution)

    assert [b.get("pathPattern", "default") for b in behaviours] == ["default", "/static/*"]
    for behaviour in behaviours:
        assert behaviour["targetOriginId"] == ORIGIN_ID
        # the mock engine's id of the policy resource
        assert behaviour["originRequestPolicyId"] == f"{policy.name}-id"


@pytest.mark.parametrize("role", ["web", "worker", "beat", "migrate"])
def test_the_app_reads_the_client_address_from_cloudfront(platform_run, role):
    (container,) = json.loads(
        platform_run.named(TASK, f"storefleet-prod-{role}").inputs["containerDefinitions"]
    )
    environment = {e["name"]: e["value"] for e in container["environment"]}

    assert environment["CLIENT_ADDRESS_SOURCE"] == "cloudfront-viewer-address"
    assert "RATELIMIT_TRUSTED_PROXIES" not in environment
    assert "CLIENT_ADDRESS_PROXY_HOPS" not in environment
