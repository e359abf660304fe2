"""Cloud resources per store: which provisioner the provisioning pipeline calls.

- `local` (the default): nothing in the cloud. `<slug>.localhost` and `<slug>.<PLATFORM_DOMAIN>`
  reach the store through the app's own Host routing; no certificate is made.
- `pulumi`: one Pulumi stack per store (`pulumi/tenant`, run through the Automation API); needs
  the Pulumi CLI and the platform stack's outputs below.
"""

from django.core.exceptions import ImproperlyConfigured

from config import env

INFRA_PROVISIONER = env.get_str("INFRA_PROVISIONER", "local").strip().lower()
if INFRA_PROVISIONER not in {"local", "pulumi"}:
    raise ImproperlyConfigured(
        f"INFRA_PROVISIONER must be 'local' or 'pulumi', got {INFRA_PROVISIONER!r}"
    )

# Where the tenant stacks keep their state (s3://bucket/prefix, file://..., or empty for the
# CLI's own login) and how their secrets are encrypted (e.g. awskms://alias/storefleet-pulumi).
INFRA_PULUMI_BACKEND_URL = env.get_str("INFRA_PULUMI_BACKEND_URL")
INFRA_PULUMI_SECRETS_PROVIDER = env.get_str("INFRA_PULUMI_SECRETS_PROVIDER")
# One work dir per tenant under here (parallel stacks must not share workspace files).
# Empty: <DATA_DIR>/pulumi.
INFRA_PULUMI_WORK_DIR = env.get_str("INFRA_PULUMI_WORK_DIR")
# The Pulumi CLI: a command on PATH or a path to the binary.
INFRA_PULUMI_COMMAND = env.get_str("INFRA_PULUMI_COMMAND", "pulumi")
INFRA_AWS_REGION = env.get_str("INFRA_AWS_REGION") or env.get_str("AWS_REGION", "us-east-1")

# The platform stack's outputs every tenant stack is configured with (`pulumi stack output`).
INFRA_HOSTED_ZONE_ID = env.get_str("INFRA_HOSTED_ZONE_ID")
INFRA_ALB_LISTENER_ARN = env.get_str("INFRA_ALB_LISTENER_ARN")
INFRA_ALB_DNS_NAME = env.get_str("INFRA_ALB_DNS_NAME")
INFRA_ALB_ZONE_ID = env.get_str("INFRA_ALB_ZONE_ID")
INFRA_TARGET_GROUP_ARN = env.get_str("INFRA_TARGET_GROUP_ARN")
# CloudFront in front of the ALB (outputs edgeDnsName / edgeZoneId): the ALB only answers
# CloudFront (its origin-verify header), so store hosts must point here.
INFRA_EDGE_DNS_NAME = env.get_str("INFRA_EDGE_DNS_NAME")
INFRA_EDGE_ZONE_ID = env.get_str("INFRA_EDGE_ZONE_ID")

if INFRA_PROVISIONER == "pulumi":
    _missing = [
        name
        for name in (
            "INFRA_HOSTED_ZONE_ID",
            "INFRA_ALB_LISTENER_ARN",
            "INFRA_ALB_DNS_NAME",
            "INFRA_ALB_ZONE_ID",
            "INFRA_TARGET_GROUP_ARN",
            "INFRA_EDGE_DNS_NAME",
            "INFRA_EDGE_ZONE_ID",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(
            "INFRA_PROVISIONER=pulumi needs the platform stack outputs: " + ", ".join(_missing)
        )
