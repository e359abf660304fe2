"""How long creating a store takes: the fast path, django-tenants' clone, migrating; and how
long a no-op migrate of the fleet takes per store (issue 2, "Benchmark").

    scripts/bench/provisioning [--runs N] [--fleet N] [--warmups N] [--no-django-tenants]

Runs in a database of its own (throwaway_db), created on the server DATABASE_URL names.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import secrets
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench_main import database_name, heading, main_in_throwaway_database, progress

TARGET_FAST_P50_MS = 300.0
TARGET_SPEEDUP = 5.0
TARGET_FLEET_PER_STORE_MS = 20.0
BASE_SCHEMA = "_bench_base"


@dataclass(frozen=True)
class Timing:
    samples_ms: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.samples_ms, n=100, method="inclusive")[94]


@dataclass
class Results:
    runs: int
    warmups: int
    capture_ms: float
    statements: int
    tables: int
    creation: dict[str, Timing] = field(default_factory=dict)
    fleet_size: int = 0
    fleet_create_ms: float = 0.0
    fleet_noop_ms: float = 0.0
    django_tenants_ms: float | None = None
    django_tenants_error: str | None = None
    load_at_start: float = 0.0


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def create_store_by_clone(slug: str, parts: dict[str, list[float]]) -> None:
    """What django-tenants does with TENANT_BASE_SCHEMA + TENANT_CREATION_FAKES_MIGRATIONS
    (TenantMixin.create_schema): clone the migrated base schema, then `migrate_schemas --fake`
    for it, wrapped in the same row bookkeeping as create_tenant so all three paths do the
    same work apart from building the schema."""
    from django.core.management import call_command
    from django.core.management.commands import migrate as django_migrate
    from django.db import DEFAULT_DB_ALIAS, transaction
    from django_tenants.clone import CloneSchema

    from tenants.context import schema_context
    from tenants.models import Domain, Tenant
    from tenants.services import primary_host_for, schema_name_for, set_state

    tenant = Tenant(slug=slug, name=slug, schema_name=schema_name_for(slug))
    tenant.full_clean()
    tenant.save()
    started = time.perf_counter()
    CloneSchema().clone_schema(BASE_SCHEMA, tenant.schema_name, "NODATA")
    parts["clone"].append(_ms(started))
    started = time.perf_counter()
    with schema_context(tenant.schema_name, DEFAULT_DB_ALIAS):
        call_command(
            django_migrate.Command(),
            database=DEFAULT_DB_ALIAS,
            fake=True,
            interactive=False,
            verbosity=0,
            skip_checks=True,
        )
    parts["fake"].append(_ms(started))
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        Domain.objects.create(tenant=tenant, domain=primary_host_for(slug), is_primary=True)
        set_state(tenant, Tenant.State.ACTIVE)


def measure_creation(*, runs: int, warmups: int) -> dict[str, Timing]:
    """Interleaved runs (fast, clone, migrate, fast, ...) so drift hits every path alike."""
    from throwaway_db import check_interrupted

    from tenants import pool
    from tenants.services import SchemaMethod, create_tenant

    parts: dict[str, list[float]] = {"clone": [], "fake": []}
    makers: dict[str, Callable[[str], object]] = {
        "fast": lambda slug: create_tenant(slug=slug, name=slug, method=SchemaMethod.POOL),
        "replay": lambda slug: create_tenant(slug=slug, name=slug, method=SchemaMethod.TEMPLATE),
        "clone": lambda slug: create_store_by_clone(slug, parts),
        "migrate": lambda slug: create_tenant(slug=slug, name=slug, method=SchemaMethod.MIGRATE),
    }
    samples: dict[str, list[float]] = {name: [] for name in makers}
    for run in range(warmups + runs):
        for name, make in makers.items():
            check_interrupted()
            if name == "fast":  # a worker keeps the pool topped up between signups
                pool.top_up_pool("default", size=1, catalogs=[])  # unseeded, as create_tenant takes
            started = time.perf_counter()
            make(f"bench-{name}-{run:03d}")
            elapsed = _ms(started)
            if run >= warmups:
                samples[name].append(elapsed)
    timings = {name: Timing(values) for name, values in samples.items()}
    timings["clone_only"] = Timing(parts["clone"][warmups:])
    timings["fake_only"] = Timing(parts["fake"][warmups:])
    return timings


def migrate_with_django_tenants() -> float:
    """`manage.py migrate_schemas --tenant`, django-tenants' own fleet migrate."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    return _ms(started)


def run_benchmark(
    *, runs: int, fleet: int, warmups: int = 1, django_tenants: bool = True
) -> Results:
    """The whole benchmark, in the database Django is configured for (public schema migrated)."""
    from django.db import connection
    from throwaway_db import check_interrupted

    from tenants import fleet as tenant_fleet
    from tenants import schema_template
    from tenants.models import Tenant
    from tenants.services import create_tenant, delete_tenant

    load_at_start = os.getloadavg()[0]
    progress("capturing the template")
    started = time.perf_counter()
    template = schema_template.capture_template(schema_template.migration_fingerprint())
    capture_ms = _ms(started)
    schema_template.create_schema_by_migrating(BASE_SCHEMA)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s", [BASE_SCHEMA])
        (tables,) = cursor.fetchone()
    results = Results(
        runs=runs,
        warmups=warmups,
        capture_ms=capture_ms,
        statements=template.statement_count,
        tables=tables,
        load_at_start=load_at_start,
    )
    progress(f"creating stores: {warmups} warm-up and {runs} timed runs of each path")
    results.creation = measure_creation(runs=runs, warmups=warmups)

    for tenant in Tenant.objects.all():  # the fleet below is exactly `fleet` stores
        delete_tenant(tenant)
    schema_template.drop_schema(BASE_SCHEMA)
    progress(f"creating a fleet of {fleet} stores by the fast path")
    started = time.perf_counter()
    for number in range(fleet):
        check_interrupted()
        if number and number % 50 == 0:
            progress(f"  {number} of {fleet} stores")
        create_tenant(slug=f"fleet-{number:04d}", name=f"Fleet {number}")
    results.fleet_create_ms = _ms(started)
    results.fleet_size = fleet

    progress("no-op fleet migrate")
    started = time.perf_counter()
    report = tenant_fleet.migrate_fleet()
    results.fleet_noop_ms = _ms(started)
    if report.migrated or report.failed or len(report.current) != fleet:
        raise RuntimeError(f"fleet migrate was not a no-op over {fleet} stores: {report}")

    if django_tenants:
        progress("no-op migrate_schemas --tenant (django-tenants)")
        try:
            results.django_tenants_ms = migrate_with_django_tenants()
        except Exception as exc:  # reported in the table, never replaced by a made-up number
            results.django_tenants_error = f"{exc.__class__.__name__}: {exc}"[:200]
    return results


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def render(results: Results, *, database: str) -> str:
    """The report. Ratios and per-store times are quotients of the printed (rounded) numbers."""
    c = results.creation
    p50 = {name: round(timing.p50, 1) for name, timing in c.items()}
    migrate_ratio = round(p50["migrate"] / p50["fast"], 2)
    clone_ratio = round(p50["clone"] / p50["fast"], 2)
    replay_ratio = round(p50["replay"] / p50["fast"], 2)
    fleet_ms = round(results.fleet_noop_ms, 1)
    per_store = round(fleet_ms / results.fleet_size, 2)
    fleet_each = results.fleet_create_ms / results.fleet_size
    cores = os.cpu_count() or 0
    w = 52
    lines = [
        *heading(
            "Storefleet provisioning benchmark",
            database=database,
            load_at_start=results.load_at_start,
        ),
        f"store      {results.tables} tables; template of {results.statements} statements",
        "",
        f"{'template capture (once per migration state)':<{w}}{results.capture_ms:>10.1f} ms",
        "",
        f"{f'creating a store ({results.runs} runs each, interleaved)':<{w}}"
        f"{'p50 ms':>10}{'p95 ms':>10}",
    ]
    rows = [
        ("fast", "  fast path (create_tenant, POOL: rename a spare)"),
        ("replay", "  replay captured DDL (create_tenant, TEMPLATE)"),
        ("clone", "  django-tenants clone (NODATA) + fake migrate"),
        ("clone_only", "    of which clone_schema"),
        ("fake_only", "    of which migrate --fake"),
        ("migrate", "  migrating (create_tenant, MIGRATE)"),
    ]
    for name, label in rows:
        lines.append(f"{label:<{w}}{p50[name]:>10.1f}{c[name].p95:>10.1f}")
    lines += [
        f"  ({results.warmups} untimed warm-up run(s) of each path first)",
        "",
        "ratios (p50)",
        f"{'  migrate / fast':<{w}}{migrate_ratio:>9.2f}x",
        f"{'  clone / fast':<{w}}{clone_ratio:>9.2f}x",
        f"{'  replay / fast':<{w}}{replay_ratio:>9.2f}x",
        "",
        f"{f'no-op fleet migrate over {results.fleet_size} stores':<{w}}"
        f"{'total ms':>10}{'per store':>12}",
        f"{'  tenants.fleet.migrate_fleet':<{w}}{fleet_ms:>10.1f}{per_store:>9.2f} ms",
    ]
    label = "  django-tenants migrate_schemas --tenant"
    if results.django_tenants_ms is not None:
        dt_ms = round(results.django_tenants_ms, 1)
        lines.append(f"{label:<{w}}{dt_ms:>10.1f}{dt_ms / results.fleet_size:>9.2f} ms")
    elif results.django_tenants_error:
        lines.append(f"{label:<{w}}refused: {results.django_tenants_error}")
    else:
        lines.append(f"{label:<{w}}not run (--no-django-tenants)")
    lines += [
        f"  (the {results.fleet_size} stores were created by replaying the template in "
        f"{results.fleet_create_ms / 1000:.1f} s, {fleet_each:.0f} ms each)",
        "",
        f"{'targets':<{w}}{'measured':>12}{'target':>12}",
    ]
    targets = [
        ("fast path p50 (2-core machine)", f"{p50['fast']:.1f} ms",
         f"<= {TARGET_FAST_P50_MS:.0f} ms", p50["fast"] <= TARGET_FAST_P50_MS),
        ("fast path vs migrating (p50)", f"{migrate_ratio:.2f}x",
         f">= {TARGET_SPEEDUP:.0f}x", migrate_ratio >= TARGET_SPEEDUP),
        ("no-op fleet migrate per store", f"{per_store:.2f} ms",
         f"<= {TARGET_FLEET_PER_STORE_MS:.0f} ms", per_store <= TARGET_FLEET_PER_STORE_MS),
    ]  # fmt: skip
    for label, measured, target, ok in targets:
        lines.append(f"{'  ' + label:<{w}}{measured:>12}{target:>12}  {_verdict(ok)}")
    if cores != 2:
        lines.append(f"  (the fast-path target is for 2 cores; this machine has {cores})")
    return "\n".join(lines)


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    # As in production, a store's creation only enqueues the pool top-up for a worker.
    os.environ.pop("REDIS_URL", None)
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
    os.environ["TENANT_SPARE_SCHEMAS"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    for name in ("DATABASE_URLS", "REDIS_URL"):  # one database, no shared cache
        os.environ.pop(name, None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", shared_only=True, interactive=False, verbosity=0)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per path (>= 2)")
    parser.add_argument("--fleet", type=int, default=200, help="stores in the no-op migrate")
    parser.add_argument("--warmups", type=int, default=1, help="untimed runs per path first")
    parser.add_argument("--no-django-tenants", dest="django_tenants", action="store_false")
    args = parser.parse_args(argv)
    if args.runs < 2 or args.fleet < 1 or args.warmups < 0:
        parser.error("--runs must be >= 2, --fleet >= 1, --warmups >= 0")
    return args


def main(argv: list[str]) -> int:
    faulthandler.register(signal.SIGUSR1)  # `kill -USR1` prints where a stuck run is
    args = parse_args(argv)

    def run(url: str) -> str:
        _setup_django(url)
        results = run_benchmark(
            runs=args.runs,
            fleet=args.fleet,
            warmups=args.warmups,
            django_tenants=args.django_tenants,
        )
        return render(results, database=database_name(url))

    return main_in_throwaway_database(run, errors_when_interrupted=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
