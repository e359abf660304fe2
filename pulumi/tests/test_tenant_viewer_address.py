"""A custom domain's own distribution sends the viewer's address to the ALB like the
platform's: through the platform stack's origin request policy, looked up by name (no policy of
its own: CloudFront allows 20 per account)."""

from infra_components.testing import VIEWER_ADDRESS_POLICY_ID

DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
POLICY = "aws:cloudfront/originRequestPolicy:OriginRequestPolicy"
LOOKUP = "aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy"

OUR_ZONE = {
    "custom_domain": "shop.acme.com",
    "custom_domain_aliases": ("www.shop.acme.com",),
    "custom_domain_zone_id": "ZACME",
}


def test_every_behaviour_of_the_custom_domain_uses_the_platform_policy(run_tenant_stack):
    run = run_tenant_stack(**OUR_ZONE)
    distribution = run.named(DISTRIBUTION, "acme-custom-domain-cdn")

    behaviours = [
        distribution.inputs["defaultCacheBehavior"],
        *distribution.inputs["orderedCacheBehaviors"],
    ]

    assert [b["originRequestPolicyId"] for b in behaviours] == [VIEWER_ADDRESS_POLICY_ID] * 2
    assert (LOOKUP, {"name": "storefleet-prod-viewer-address"}) in run.calls
    assert run.of_type(POLICY) == []


def test_a_store_without_a_custom_domain_looks_nothing_up(run_tenant_stack):
    run = run_tenant_stack()

    assert run.of_type(DISTRIBUTION) == []
    assert [call for call in run.calls if call[0] == LOOKUP] == []
