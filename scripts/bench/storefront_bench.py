"""What tenant routing costs a store's `/order` API: req/s, p50 and p99 of four endpoints on
gunicorn with the tenant middleware on and off in the same run, and the `SET search_path`
statements per request (issue 3, "Benchmark"); each endpoint against a floor, a constant JSON
view behind the same server and middleware (issue 13.5); with --stores N, the same endpoints
with 2 stores present and with N, and a no-op fleet migrate over them (issue 13.6).

    scripts/bench/storefront [--seconds N] [--warmup N] [--client auto|wrk|python]
                             [--workers N] [--concurrency N] [--ports 9000-9049] [--samples N]
                             [--stores N] [--store-processes N]

Runs in a database of its own (throwaway_db) on the server DATABASE_URL names: one store with
the office-supplies seed and an anonymous cart, served by two gunicorn servers (settings:
storefront_settings) that differ only in CachedTenantMiddleware vs PinnedStoreMiddleware.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from storefront_cpu import CpuMeter
from storefront_load import Target, describe_client, run_load, wrk_path
from storefront_middleware import HEADER
from storefront_report import FLOOR_LABEL, Endpoint, Measured, RunInfo, StoreInfo, render

CONFIGS = ("on", "off")


def progress(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Store:
    info: StoreInfo
    cookie: str  # the signed an_ct value


def setup_django(url: str, secret_key: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["SECRET_KEY"] = secret_key  # the servers get the same key: the cookie verifies
    os.environ["DEBUG"] = "0"  # as in production (and DEBUG would keep every query in memory)
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["TENANT_SPARE_SCHEMAS"] = "0"  # one store: no warm pool to build
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
    os.environ.setdefault("PLATFORM_DOMAIN", "localhost")
    os.environ.pop("DATABASE_URLS", None)  # one database
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", shared_only=True, interactive=False, verbosity=0)


def _fill_cart() -> tuple[str, int, str | None, str | None]:
    """An anonymous cart holding every SKU that can be bought (2 of each), the default
    shipping method and the first discount code that applies; returns the signed cookie
    value made by the app's own helper, the line count, the method and the code."""
    from django.http import HttpRequest, HttpResponse

    from shop.cart import services
    from shop.cart.cookies import COOKIE_NAME, apply_cart_cookie, remember_cart_cookie
    from shop.cart.shopper import Shopper
    from shop.catalog.models import Sku
    from shop.discounts.models import Discountcode
    from shop.errors import ApplicationError

    cart = None
    lines = 0
    for sku in Sku.objects.filter(productskus__isnull=False).order_by("pk"):
        shopper = Shopper(
            member=None, username=None, anonymous_cart_id=cart and cart.anonymous_cart_id
        )
        try:
            line = services.add_sku_to_shoppers_cart(shopper=shopper, sku_id=sku.pk, quantity=2)
        except ApplicationError:
            continue  # back-ordered or out of stock
        cart = line.cart
        lines += 1
    if cart is None:
        raise RuntimeError("the seeded store has no SKU that can be bought")
    method = services.assign_default_shipping_method(cart=cart)
    applied = None
    for code in Discountcode.objects.order_by("pk"):
        try:
            services.apply_discount_code(cart=cart, code=code.code)
        except ApplicationError:
            continue
        applied = code.code
        break
    request = HttpRequest()
    remember_cart_cookie(request, cart.anonymous_cart_id)
    cookie = apply_cart_cookie(request, HttpResponse()).cookies[COOKIE_NAME].value
    return cookie, lines, method.identifier if method else None, applied


def create_store() -> Store:
    from django.db import connections

    from shop.catalog.models import Product
    from shop.seed import seed_store
    from tenants.context import tenant_context
    from tenants.services import create_tenant, primary_host_for

    slug = f"sfbench-{secrets.token_hex(4)}"
    tenant = create_tenant(slug=slug, name="Storefront Benchmark")
    with tenant_context(tenant):
        seed_store(catalog="office-supplies")
        products = list(Product.objects.order_by("pk").values_list("identifier", flat=True))
        cookie, lines, method, code = _fill_cart()
    connections.close_all()
    info = StoreInfo(
        slug=slug,
        host=primary_host_for(slug),
        schema=tenant.schema_name,
        products=len(products),
        product_identifier=products[0],
        cart_lines=lines,
        shipping_method=method,
        discount_code=code,
    )
    return Store(info=info, cookie=cookie)


def request_headers(store: Store) -> dict[str, str]:
    """What a browser behind the load balancer sends: the store's Host, HTTPS as forwarded by
    the load balancer (DEBUG off redirects plain HTTP), and the cart cookie."""
    return {
        "Host": store.info.host,
        "X-Forwarded-Proto": "https",
        "Cookie": f"an_ct={store.cookie}",
    }


FLOOR = Endpoint(FLOOR_LABEL, "/bench/floor")  # storefront_urls.FLOOR_PATH


def endpoints(store: Store) -> list[Endpoint]:
    return [
        Endpoint("/order/products", "/order/products"),
        Endpoint("/order/product/<id>", f"/order/product/{store.info.product_identifier}"),
        Endpoint("/order/cart-items", "/order/cart-items"),
        Endpoint("/order/cart-totals", "/order/cart-totals"),
    ]


def fetch(port: int, path: str, headers: dict) -> tuple[int, bytes, str | None]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), response.getheader(HEADER)
    finally:
        connection.close()


def _expected(label: str, body: dict) -> bool:
    """The response shows the store's data (a wrong schema or an unverified cookie would not)."""
    if label == FLOOR_LABEL:
        return body.get("floor") == "success"
    if label == "/order/products":
        return bool(body.get("products_data"))
    if label == "/order/product/<id>":
        return body.get("product") == "success"
    if label == "/order/cart-items":
        return body.get("cart_found") is True and bool(body.get("item_data"))
    return body.get("cart_found") is True


def check_same_answers(ports: dict[str, int], points: list[Endpoint], headers: dict) -> None:
    """Both configurations answer every endpoint with 200 and the same JSON, from the store."""
    for endpoint in points:
        bodies = {}
        for config in CONFIGS:
            status, raw, _ = fetch(ports[config], endpoint.path, headers)
            body = json.loads(raw) if status == 200 else None
            if body is None or not _expected(endpoint.label, body):
                raise RuntimeError(f"{endpoint.path} ({config}): HTTP {status} {raw[:300]!r}")
            bodies[config] = body
        if bodies["on"] != bodies["off"]:
            raise RuntimeError(f"{endpoint.path}: on and off answer differently: {bodies}")


def measure(
    ports: dict[str, int],
    points: list[Endpoint],
    headers: dict,
    *,
    floor: Endpoint,
    meter: CpuMeter,
    client: str,
    seconds: int,
    warmup: int,
    concurrency: int,
) -> tuple[dict[tuple[str, str], Measured], dict[str, Measured]]:
    """Per endpoint: a warm-up of each configuration, then `seconds` rounds of 1 s slices,
    the endpoint's and the floor's interleaved on, off, off, on, on, off, ... so drift hits
    both configurations alike, and each endpoint has a floor measured alongside it (tenancy on:
    the second dict, by endpoint label); the servers' CPU time is read around every slice.
    The first dict also holds the floor's slices of the whole run, under its own label."""
    measured: dict[tuple[str, str], Measured] = {}
    alongside: dict[str, Measured] = {}
    everything = {config: Measured() for config in CONFIGS}  # the floor's, over the run

    def load(target: Target, config: str, into: Measured) -> None:
        before = meter.snapshot(config)
        result = run_load(client, target, seconds=1, concurrency=concurrency)
        time.sleep(0.05)  # requests the client cut off at the end finish here
        into.add(result, cpu_ns=meter.used_ns(before, meter.snapshot(config)))

    floors = {c: Target(port=ports[c], path=floor.path, headers=headers) for c in CONFIGS}
    for number, endpoint in enumerate(points):
        targets = {c: Target(port=ports[c], path=endpoint.path, headers=headers) for c in CONFIGS}
        progress(f"{endpoint.path}: {warmup} s warm-up, {seconds} x 1 s per configuration, "
                 f"each with 1 s of {floor.path}")  # fmt: skip
        if warmup:
            for config in CONFIGS:
                if number == 0:
                    run_load(client, floors[config], seconds=warmup, concurrency=concurrency)
                run_load(client, targets[config], seconds=warmup, concurrency=concurrency)
        results = {config: Measured() for config in CONFIGS}
        with_floor = {config: Measured() for config in CONFIGS}
        for index in range(seconds):
            for config in CONFIGS if index % 2 == 0 else CONFIGS[::-1]:
                load(targets[config], config, results[config])
                load(floors[config], config, with_floor[config])
        for config in CONFIGS:
            measured[(endpoint.label, config)] = results[config]
            everything[config].merge(with_floor[config])
        alongside[endpoint.label] = with_floor["on"]
    for config in CONFIGS:
        measured[(floor.label, config)] = everything[config]
    return measured, alongside


def measure_one(
    port: int, points: list[Endpoint], headers: dict, *, client: str, seconds: int,
    warmup: int, concurrency: int,
) -> dict[str, Measured]:  # fmt: skip
    """Per endpoint on one server: a warm-up, then `seconds` slices of 1 s (no CPU read)."""
    measured: dict[str, Measured] = {}
    for endpoint in points:
        target = Target(port=port, path=endpoint.path, headers=headers)
        if warmup:
            run_load(client, target, seconds=warmup, concurrency=concurrency)
        measured[endpoint.label] = Measured()
        for _ in range(seconds):
            measured[endpoint.label].add(
                run_load(client, target, seconds=1, concurrency=concurrency), cpu_ns=0
            )
    return measured


def count_search_path_sets(
    ports: dict[str, int], points: list[Endpoint], headers: dict, *, samples: int
) -> dict[tuple[str, str], list[int]]:
    """The X-Bench-Search-Path-Sets header of `samples` sequential requests per endpoint and
    configuration (every worker has served requests by then: no first-request effects)."""
    counts: dict[tuple[str, str], list[int]] = {}
    for endpoint in points:
        for config in CONFIGS:
            found = []
            for _ in range(samples):
                status, _, header = fetch(ports[config], endpoint.path, headers)
                if status != 200 or header is None:
                    raise RuntimeError(f"{endpoint.path} ({config}): HTTP {status}, {HEADER}")
                found.append(int(header))
            counts[(endpoint.label, config)] = found
    return counts


def routing_cache() -> str:
    from django.conf import settings

    if "redis" in settings.CACHES["routing"]["BACKEND"].lower():
        return "Redis (REDIS_URL): one GET per request"
    return "per-process memory (REDIS_URL unset)"


def forget_store_host(store: Store) -> None:
    from tenants.routing import forget_hosts

    try:
        forget_hosts([store.info.host])
    except Exception as exc:  # a cache that is gone is no reason to fail the run
        progress(f"could not clear the routing cache entry: {exc}")


def run(args: argparse.Namespace, url: str, log_dir: Path) -> str:
    from storefront_servers import gunicorn_version, pick_ports, running_servers

    load_at_start = os.getloadavg()[0]
    setup_django(url, secrets.token_urlsafe(50))
    progress("creating and seeding the store")
    store = create_store()
    headers = request_headers(store)
    points = endpoints(store)
    ports = pick_ports(2, args.ports)
    progress(f"starting gunicorn: on at :{ports[0]}, off at :{ports[1]}, {args.workers} workers")
    try:
        with running_servers(
            store_slug=store.info.slug,
            database_url=url,
            workers=args.workers,
            ports=ports,
            log_dir=log_dir,
            ready_path=points[0].path,
            headers=headers,
        ) as servers:
            by_config = {config: servers[config].port for config in CONFIGS}
            check_same_answers(by_config, [FLOOR, *points], headers)
            meter = CpuMeter({config: servers[config].process.pid for config in CONFIGS})
            measured, floors = measure(
                by_config, points, headers, floor=FLOOR, meter=meter, client=args.client,
                seconds=args.seconds, warmup=args.warmup, concurrency=args.concurrency,
            )  # fmt: skip
            progress(f"counting SET search_path over {args.samples} requests per endpoint")
            sets = count_search_path_sets(by_config, points, headers, samples=args.samples)
            stores = None
            if args.stores:
                stores = many_stores(args, by_config["on"], points, headers)
    finally:
        forget_store_host(store)
    info = RunInfo(
        database=urlsplit(url).path.lstrip("/"),
        load_at_start=load_at_start,
        workers=args.workers,
        ports=dict(zip(CONFIGS, ports, strict=True)),
        gunicorn=gunicorn_version(),
        client=describe_client(args.client, args.concurrency),
        seconds=args.seconds,
        warmup=args.warmup,
        samples=args.samples,
        routing_cache=routing_cache(),
        cpu_scope=meter.describe(),
        store=store.info,
    )
    return render(info, points, measured, sets, floor=FLOOR, floors=floors, stores=stores)


def many_stores(args: argparse.Namespace, port: int, points: list[Endpoint], headers: dict):
    from storefront_stores import render_many_stores, run_many_stores

    def measure_on(chosen: list[Endpoint]) -> dict[str, Measured]:
        return measure_one(port, chosen, headers, client=args.client, seconds=args.seconds,
                           warmup=args.warmup, concurrency=args.concurrency)  # fmt: skip

    result = run_many_stores(count=args.stores, processes=args.store_processes, points=points,
                             measure=measure_on, progress=progress)  # fmt: skip
    return render_many_stores(result, points)


def parse_args(argv: list[str]) -> argparse.Namespace:
    from storefront_servers import parse_port_range

    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per endpoint and config")
    parser.add_argument("--warmup", type=int, help="seconds per endpoint and config [min(2, N)]")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--workers", type=int, default=cores, help="gunicorn sync workers")
    parser.add_argument("--concurrency", type=int, help="connections [2 per worker]")
    parser.add_argument("--ports", type=parse_port_range, help="e.g. 9000-9049 [any free]")
    parser.add_argument("--samples", type=int, default=20, help="requests for the SET count")
    parser.add_argument("--stores", type=int, default=0, help="also measure with N stores")
    parser.add_argument("--store-processes", type=int, default=cores,
                        help="processes creating the --stores stores")  # fmt: skip
    args = parser.parse_args(argv)
    args.warmup = min(2, args.seconds) if args.warmup is None else args.warmup
    args.concurrency = args.concurrency or 2 * args.workers
    if args.seconds < 1 or args.warmup < 0 or args.workers < 1 or args.samples < 1:
        parser.error("--seconds, --workers, --samples must be >= 1 and --warmup >= 0")
    if args.stores and (args.stores < 3 or args.store_processes < 1):
        parser.error("--stores must be >= 3 and --store-processes >= 1")
    if args.client == "auto":
        args.client = "wrk" if wrk_path() else "python"
    elif args.client == "wrk" and not wrk_path():
        parser.error("wrk is not installed (apt-get install wrk), use --client python")
    return args


def main(argv: list[str]) -> int:
    from throwaway_db import throwaway_database

    args = parse_args(argv)
    server = os.environ.get("DATABASE_URL")
    if not server:
        print("DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/postgres)")
        return 2
    try:
        with (
            throwaway_database(server) as url,
            tempfile.TemporaryDirectory(prefix="storefront-bench-") as logs,
        ):
            progress(f"database {urlsplit(url).path.lstrip('/')} created (dropped at exit)")
            print(run(args, url, Path(logs)))
    except KeyboardInterrupt:
        print("interrupted; the servers were stopped and the database dropped", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
