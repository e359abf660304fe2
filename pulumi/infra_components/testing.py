"""Run a Pulumi program under `pulumi.runtime.set_mocks`: no CLI, no plugin, no credentials.

`set_mocks` configures process-wide state (the runtime settings are context variables, the
asyncio loop is per thread), so `run_program` runs each program in a fresh thread: its own
context and its own event loop. Nothing leaks into the caller's thread or into other tests,
and programs may run one after another in one process (pytest, pytest-xdist workers).
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pulumi

ACCOUNT = "123456789012"
REGION = "us-east-1"
AVAILABILITY_ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"]
CLOUDFRONT_PREFIX_LIST_ID = "pl-3b927c52"
# What the mock Secrets Manager draws, and what it holds for the origin header secret.
RANDOM_PASSWORD = "drawnByTheMockSecretsManager0123456789abcdefABCD"  # noqa: S105
ORIGIN_VERIFY_VALUE = "storedOriginVerifyValue0123456789abcdefABCDEFGH"
# The platform's origin request policy as the tenant stack's lookup finds it.
VIEWER_ADDRESS_POLICY_ID = "b1f2c3d4-viewer-address-policy"


_INVOKE_RESULTS: dict[str, dict[str, Any]] = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": {
        "names": AVAILABILITY_ZONES,
        "zoneIds": ["use1-az1", "use1-az2", "use1-az3"],
    },
    "aws:ec2/getManagedPrefixList:getManagedPrefixList": {
        "id": CLOUDFRONT_PREFIX_LIST_ID,
        "name": "com.amazonaws.global.cloudfront.origin-facing",
        "addressFamily": "IPv4",
        "maxEntries": 55,
        "entries": [{"cidr": "120.52.22.96/27", "description": ""}],
    },
    "aws:secretsmanager/getRandomPassword:getRandomPassword": {"randomPassword": RANDOM_PASSWORD},
    "aws:secretsmanager/getSecretVersion:getSecretVersion": {
        "secretString": ORIGIN_VERIFY_VALUE,
        "versionId": "v1",
        "versionStages": ["AWSCURRENT"],
    },
    "aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy": {
        "id": VIEWER_ADDRESS_POLICY_ID,
        "name": "storefleet-prod-viewer-address",
        "etag": "E1",
    },
    "aws:index/getCallerIdentity:getCallerIdentity": {
        "accountId": ACCOUNT,
        "arn": f"arn:aws:iam::{ACCOUNT}:root",
        "userId": "AIDTEST",
    },
}


# How a secret input reaches the engine: pulumi/runtime/rpc.py _special_sig_key and
# _special_secret_sig (type markers, not secrets).
_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"  # noqa: S105


def is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(_SIG_KEY) == _SECRET_SIG


def reveal(value: Any) -> Any:
    """The plain value of a secret input (or the value itself when it is not secret)."""
    return value["value"] if is_secret(value) else value


def _token(*parts: str) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:12]


def fake_validation_option(domain_name: str) -> dict[str, str]:
    """What ACM answers for one name: a CNAME under the name (shared by `*.x` and `x`)."""
    base = domain_name.removeprefix("*.")
    return {
        "domainName": domain_name,
        "resourceRecordName": f"_{_token('name', base)}.{base}.",
        "resourceRecordType": "CNAME",
        "resourceRecordValue": f"_{_token('value', base)}.acm-validations.aws.",
    }


@dataclass(frozen=True)
class Registered:
    typ: str
    name: str
    inputs: dict[str, Any]
    custom: bool
    state: dict[str, Any]  # what the mock "cloud" answered: inputs plus computed outputs


@dataclass
class RecordingMocks(pulumi.runtime.Mocks):
    """Answers like AWS would (ARNs, DNS names, validation options) and records every resource."""

    resources: list[Registered] = field(default_factory=list)
    calls: list[tuple[str, dict]] = field(default_factory=list)

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict]:
        state: dict[str, Any] = {}
        if args.custom:
            state = {**args.inputs, **self._computed(args.typ, args.name, args.inputs)}
        self.resources.append(
            Registered(args.typ, args.name, dict(args.inputs), args.custom, dict(state))
        )
        return (f"{args.name}-id" if args.custom else None), state

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list]:
        self.calls.append((args.token, dict(args.args)))
        return dict(_INVOKE_RESULTS.get(args.token, {})), []

    def _computed(self, typ: str, name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
        service = typ.split(":")[1].split("/")[0]
        computed: dict[str, Any] = {
            "arn": f"arn:aws:{service}:{REGION}:{ACCOUNT}:{name}",
            "name": inputs.get("name", name),  # what auto-naming would give, minus the suffix
        }
        if typ == "aws:acm/certificate:Certificate":
            names = [inputs["domainName"], *inputs.get("subjectAlternativeNames", [])]
            computed["domainValidationOptions"] = [fake_validation_option(n) for n in names]
            computed["status"] = "PENDING_VALIDATION"
        elif typ == "aws:acm/certificateValidation:CertificateValidation":
            computed["arn"] = inputs["certificateArn"]
        elif typ == "aws:route53/record:Record":
            computed["fqdn"] = str(inputs["name"]).rstrip(".")
        elif typ == "aws:route53/zone:Zone":
            computed["zoneId"] = f"Z{_token('zone', name).upper()}"
            computed["nameServers"] = ["ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk"]
        elif typ == "aws:lb/loadBalancer:LoadBalancer":
            computed["dnsName"] = f"{name}-123.{REGION}.elb.amazonaws.com"
            computed["zoneId"] = "Z35SXDOTRQ7X7K"
            computed["arnSuffix"] = f"app/{name}/abc"
        elif typ == "aws:cloudfront/distribution:Distribution":
            computed["domainName"] = f"d{_token('cf', name)}.cloudfront.net"
            computed["hostedZoneId"] = "Z2FDTNDATAQYW2"
        elif typ == "aws:rds/instance:Instance":
            computed["address"] = f"{name}.abc.{REGION}.rds.amazonaws.com"
            computed["port"] = inputs.get("port", 5432)
        elif typ == "aws:elasticache/replicationGroup:ReplicationGroup":
            computed["primaryEndpointAddress"] = f"master.{name}.abc.cache.amazonaws.com"
        elif typ == "aws:ses/domainIdentity:DomainIdentity":
            computed["verificationToken"] = f"token-{_token('ses', name)}"
        elif typ == "aws:ses/domainDkim:DomainDkim":
            computed["dkimTokens"] = [f"dkim{i}{_token('dkim', name, str(i))}" for i in range(3)]
        elif typ == "aws:secretsmanager/secret:Secret":
            computed["arn"] = (
                f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{computed['name']}-Ab12"
            )
        return computed


@dataclass(frozen=True)
class ProgramRun:
    resources: list[Registered]
    outputs: dict[str, Any]
    calls: list[tuple[str, dict]]

    def of_type(self, typ: str) -> list[Registered]:
        return [r for r in self.resources if r.typ == typ]

    def named(self, typ: str, name: str) -> Registered:
        matches = [r for r in self.resources if r.typ == typ and r.name == name]
        if len(matches) != 1:
            found = sorted(r.name for r in self.of_type(typ))
            raise LookupError(f"expected one {typ} named {name!r}, found {found}")
        return matches[0]


def run_program(
    build: Callable[[], Mapping[str, Any] | None],
    *,
    project: str = "project",
    stack: str = "test",
    timeout: float = 60.0,
) -> ProgramRun:
    """Run `build` (which creates resources and returns the values to capture) under mocks."""
    mocks = RecordingMocks()
    captured: dict[str, Any] = {}
    failure: list[BaseException] = []

    def body() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        # The mock monitor answers RPCs in the loop's executor threads, and each of those opens
        # an event loop of its own: open them here, so that they can be closed at the end.
        helper_loops: list[asyncio.AbstractEventLoop] = []

        def open_helper_loop() -> None:
            helper_loops.append(asyncio.new_event_loop())
            asyncio.set_event_loop(helper_loops[-1])

        loop.set_default_executor(ThreadPoolExecutor(initializer=open_helper_loop))
        try:
            pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=False)

            @pulumi.runtime.test
            def program():
                values = build() or {}
                return pulumi.Output.all(**dict(values)).apply(captured.update)

            program()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            failure.append(exc)
        finally:
            loop.run_until_complete(loop.shutdown_default_executor())
            for helper_loop in helper_loops:
                helper_loop.close()
            asyncio.set_event_loop(None)
            loop.close()

    thread = threading.Thread(target=body, name=f"pulumi-mocks-{project}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"the Pulumi program {project!r} did not finish in {timeout} s")
    if failure:
        raise failure[0]
    return ProgramRun(resources=list(mocks.resources), outputs=captured, calls=list(mocks.calls))
