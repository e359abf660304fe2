"""Cloud resources per store through Pulumi's Automation API: the `pulumi/tenant` program,
run inline (`build_tenant_stack`), one stack `tenant-<slug>` and one work dir per store.

Facts this is built around (reference/tenancy-and-anchors.md 5.1):
- the Automation API drives the Pulumi CLI: no CLI, no run (`PulumiCliMissing`, raised before
  anything is attempted);
- `up()` blocks for minutes: run it in a Celery worker;
- one update per stack at a time: a second one fails (`StackBusy`, retry with backoff);
- parallel `create_or_select_stack` calls clash on a shared workspace: a work dir per tenant.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra_components.names import TENANT_PROJECT, get_tenant_stack_name
from infra_components.tenant_args import TenantStackArgs, get_tenant_stack_config

from control_plane.infra.provisioner import (
    InfraResult,
    InvalidInfraRequest,
    OnOutput,
    ProvisionerError,
    PulumiCliMissing,
    StackBusy,
    StackUpdateFailed,
    ValidationRecord,
    clean_custom_domain,
    clean_slug,
    parse_validation_records,
)
from pulumi import automation as auto

logger = logging.getLogger("storefleet.infra")

INSTALL_HINT = (
    "install it (https://www.pulumi.com/docs/install/) and log in to the state backend, "
    "or set INFRA_PROVISIONER=local"
)


@dataclass(frozen=True)
class PulumiSettings:
    environment: str
    platform_domain: str
    aws_region: str
    hosted_zone_id: str
    alb_listener_arn: str
    alb_dns_name: str
    alb_zone_id: str
    target_group_arn: str
    work_root: Path
    edge_dns_name: str | None = None
    edge_zone_id: str | None = None
    backend_url: str | None = None
    secrets_provider: str | None = None
    command: str = "pulumi"

    @classmethod
    def from_django_settings(cls, settings: Any) -> PulumiSettings:
        work_root = settings.INFRA_PULUMI_WORK_DIR or Path(settings.DATA_DIR) / "pulumi"
        return cls(
            environment=settings.STOREFLEET_ENV,
            platform_domain=settings.PLATFORM_DOMAIN,
            aws_region=settings.INFRA_AWS_REGION,
            hosted_zone_id=settings.INFRA_HOSTED_ZONE_ID,
            alb_listener_arn=settings.INFRA_ALB_LISTENER_ARN,
            alb_dns_name=settings.INFRA_ALB_DNS_NAME,
            alb_zone_id=settings.INFRA_ALB_ZONE_ID,
            target_group_arn=settings.INFRA_TARGET_GROUP_ARN,
            edge_dns_name=settings.INFRA_EDGE_DNS_NAME or None,
            edge_zone_id=settings.INFRA_EDGE_ZONE_ID or None,
            work_root=Path(work_root),
            backend_url=settings.INFRA_PULUMI_BACKEND_URL or None,
            secrets_provider=settings.INFRA_PULUMI_SECRETS_PROVIDER or None,
            command=settings.INFRA_PULUMI_COMMAND or "pulumi",
        )


def build_tenant_args(
    config: PulumiSettings,
    *,
    tenant_slug: str,
    tenant_id: int,
    custom_domain: str | None = None,
    custom_domain_zone_id: str | None = None,
    custom_domain_validated: bool = False,
) -> TenantStackArgs:
    """The tenant program's args for one store, from the platform's settings."""
    try:
        return TenantStackArgs(
            slug=clean_slug(tenant_slug),
            tenant_id=tenant_id,
            environment=config.environment,
            platform_domain=config.platform_domain,
            hosted_zone_id=config.hosted_zone_id,
            alb_listener_arn=config.alb_listener_arn,
            alb_dns_name=config.alb_dns_name,
            alb_zone_id=config.alb_zone_id,
            target_group_arn=config.target_group_arn,
            custom_domain=clean_custom_domain(custom_domain),
            custom_domain_zone_id=custom_domain_zone_id if custom_domain else None,
            await_custom_domain_validation=bool(custom_domain and custom_domain_validated),
            edge_dns_name=config.edge_dns_name,
            edge_zone_id=config.edge_zone_id,
        )
    except ValueError as exc:
        raise InvalidInfraRequest(str(exc)) from exc


def get_stack_config(args: TenantStackArgs, *, aws_region: str) -> dict[str, auto.ConfigValue]:
    """What `stack.set_all_config` records on the store's stack: the provider's region and
    every tenant arg, under the keys `pulumi/tenant` reads (so the stack can also be run by
    hand with `pulumi up` in that folder)."""
    config = {"aws:region": auto.ConfigValue(value=aws_region)}
    for key, value in get_tenant_stack_config(args).items():
        config[key] = auto.ConfigValue(value=value)
    return config


def infra_result_from_outputs(
    tenant_slug: str, outputs: Mapping[str, Any], *, owner_hosts: Sequence[str] = ()
) -> InfraResult:
    """The stack outputs of `build_tenant_stack` as the pipeline's result. `owner_hosts`: the
    custom hosts whose DNS zone is their owner's, not ours: besides the certificate's
    validation records, the owner must point each at the store's CloudFront distribution
    (`customDomainTarget`), and those records are listed too."""
    records = parse_validation_records(outputs.get("validationRecords"))
    target = outputs.get("customDomainTarget")
    if target:
        records += tuple(
            ValidationRecord(domain=host, name=f"{host}.", type="CNAME", value=target)
            for host in owner_hosts
        )
    return InfraResult(
        provisioner="pulumi",
        tenant_slug=tenant_slug,
        hosts=tuple(outputs["hosts"]),
        certificate_status=outputs["certificateStatus"],
        validation_records=records,
        outputs=dict(outputs),
    )


def find_pulumi_cli(command: str, *, which: Callable[[str], str | None] = shutil.which) -> str:
    path = which(command)
    if path is None:
        raise PulumiCliMissing(f"the Pulumi CLI ({command!r}) was not found; {INSTALL_HINT}")
    return path


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join((text or "").strip().splitlines()[-lines:])


class PulumiProvisioner:
    name = "pulumi"

    def __init__(
        self, config: PulumiSettings, *, which: Callable[[str], str | None] = shutil.which
    ) -> None:
        self.config = config
        self._which = which

    def get_work_dir(self, tenant_slug: str) -> Path:
        return self.config.work_root / get_tenant_stack_name(clean_slug(tenant_slug))

    def ensure_store_infrastructure(
        self,
        tenant_slug: str,
        *,
        tenant_id: int | None = None,
        custom_domain: str | None = None,
        custom_domain_zone_id: str | None = None,
        custom_domain_validated: bool = False,
        on_output: OnOutput | None = None,
    ) -> InfraResult:
        args = build_tenant_args(
            self.config,
            tenant_slug=tenant_slug,
            tenant_id=tenant_id if tenant_id is not None else _get_tenant_id(tenant_slug),
            custom_domain=custom_domain,
            custom_domain_zone_id=custom_domain_zone_id,
            custom_domain_validated=custom_domain_validated,
        )

        def program() -> None:
            from infra_components.tenant_stack import build_tenant_stack

            build_tenant_stack(args)

        stack = self._select_stack(tenant_slug, program)
        stack.set_all_config(get_stack_config(args, aws_region=self.config.aws_region))
        result = self._run(
            tenant_slug,
            "up",
            lambda: stack.up(on_output=self._output(tenant_slug, on_output), color="never"),
        )
        outputs = {key: output.value for key, output in result.outputs.items()}
        owner_hosts = args.custom_hosts if args.custom_domain_zone_id is None else ()
        return infra_result_from_outputs(tenant_slug, outputs, owner_hosts=owner_hosts)

    def destroy_store_infrastructure(
        self,
        tenant_slug: str,
        *,
        tenant_id: int | None = None,
        on_output: OnOutput | None = None,
    ) -> None:
        stack = self._select_stack(tenant_slug, lambda: None)
        self._run(
            tenant_slug,
            "destroy",
            lambda: stack.destroy(on_output=self._output(tenant_slug, on_output), color="never"),
        )
        stack.workspace.remove_stack(stack.name)

    # -- internals ---------------------------------------------------------------------------

    def _select_stack(self, tenant_slug: str, program: Callable[[], None]) -> auto.Stack:
        cli = find_pulumi_cli(self.config.command, which=self._which)
        work_dir = self.get_work_dir(tenant_slug)
        work_dir.mkdir(parents=True, exist_ok=True)
        backend_url = self.config.backend_url
        backend = auto.ProjectBackend(url=backend_url) if backend_url else None
        options = auto.LocalWorkspaceOptions(
            work_dir=str(work_dir),
            project_settings=auto.ProjectSettings(
                name=TENANT_PROJECT, runtime="python", backend=backend
            ),
            secrets_provider=self.config.secrets_provider,
            env_vars={"PULUMI_SKIP_UPDATE_CHECK": "true"},
        )
        try:
            if os.sep in self.config.command:
                # An explicit binary: the SDK wants its install root (<root>/bin/pulumi).
                options.pulumi_command = auto.PulumiCommand(root=str(Path(cli).parents[1]))
            return auto.create_or_select_stack(
                stack_name=get_tenant_stack_name(tenant_slug),
                project_name=TENANT_PROJECT,
                program=program,
                opts=options,
            )
        except FileNotFoundError as exc:
            message = f"the Pulumi CLI could not be run ({exc}); {INSTALL_HINT}"
            raise PulumiCliMissing(message) from exc
        except auto.CommandError as exc:
            stack_name = get_tenant_stack_name(tenant_slug)
            message = f"could not create or select stack {stack_name}"
            raise StackUpdateFailed(message, output=_tail(str(exc))) from exc

    def _run(self, tenant_slug: str, action: str, call: Callable[[], Any]) -> Any:
        stack_name = get_tenant_stack_name(tenant_slug)
        logger.info("[%s] pulumi %s of stack %s", tenant_slug, action, stack_name)
        try:
            return call()
        except auto.ConcurrentUpdateError as exc:
            raise StackBusy(f"stack {stack_name} is being updated by someone else") from exc
        except auto.CommandError as exc:
            raise StackUpdateFailed(
                f"pulumi {action} of stack {stack_name} failed", output=_tail(str(exc))
            ) from exc

    @staticmethod
    def _output(tenant_slug: str, on_output: OnOutput | None) -> OnOutput:
        def emit(line: str) -> None:
            logger.info("[%s] %s", tenant_slug, line.rstrip())
            if on_output is not None:
                on_output(line)

        return emit


def _get_tenant_id(tenant_slug: str) -> int:
    from tenants.models import Tenant

    tenant_id = Tenant.objects.filter(slug=tenant_slug).values_list("pk", flat=True).first()
    if tenant_id is None:
        raise ProvisionerError(f"no tenant with slug {tenant_slug!r}")
    return tenant_id
