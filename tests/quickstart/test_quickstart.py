"""The README's quick start, as a newcomer meets it: `scripts/run` from a copy of the tree with
nothing set (no DATABASE_URL, no REDIS_URL, no DEBUG, no Stripe settings), on a free port.

It must serve the whole product: the demo store with its 3 products, the printed operator
sign-in working on /dashboard/ and the printed admin on demo's /admin/, a purchase paid on the
Stripe sandbox's hosted page in Chromium that ends in the shopper's account, in the store
admin and in the confirmation email printed on the console; a founder's new store built by the
worker while the signup page follows it; and Ctrl-C leaves no embedded PostgreSQL or Redis
behind.

The copy has its own `.data` (so its own embedded PostgreSQL and Redis) and a `.venv` of its
own that borrows this checkout's installed packages (installing 1 GB again is not what this test
is about; a clean clone in CI installs them, once) and finds the project's packages in the
copy, as `pip install -e` would; it is stamped current, so scripts/run installs nothing into it
(and never into this checkout's `.venv`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.shopper import create_account
from tests.fixtures.browser import ARTIFACTS, DESKTOP, open_page, save_screenshot
from tests.fixtures.processes import ROOT, free_port

START_SECONDS = 420  # a fresh embedded PostgreSQL, every migration, seeding; on a busy machine
SHOPPER_PASSWORD = "Harbour!Lights9"
# What a newcomer's shell has; nothing of this project's configuration.
KEPT_ENVIRONMENT = ("PATH", "HOME", "USER", "LANG", "LC_ALL", "TERM", "SHELL", "TMPDIR")
SIGN_IN = re.compile(
    r"^\s+(?P<label>\S.*?)\s+(?P<url>http://\S+)\s+user (?P<user>\S+)\s+password (?P<password>\S+)$"
)


@dataclass
class RunningQuickstart:
    tree: Path
    port: int
    process: subprocess.Popen
    log_path: Path
    sign_ins: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # url, user, pw

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def sign_in(self, url_part: str) -> tuple[str, str, str]:
        [match] = [value for value in self.sign_ins.values() if url_part in value[0]]
        return match


def copy_tree(destination: Path) -> None:
    """The checkout's files as git sees them (tracked and new, not ignored): no .data, no .venv."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for name in filter(None, (raw.decode() for raw in listed)):
        source = ROOT / name
        if not source.is_file():
            continue  # deleted in the working tree
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        target.chmod(source.stat().st_mode)
    make_borrowing_venv(destination)


def make_borrowing_venv(tree: Path) -> None:
    """`tree/.venv`: this interpreter's packages, the copy's own project packages."""
    venv = tree / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Where pyproject's package finder looks (platform/, the root, pulumi/), then what this
    # checkout installed.
    paths = [tree / "platform", tree, tree / "pulumi", Path(sysconfig.get_path("purelib"))]
    (Path(site) / "storefleet-quickstart.pth").write_text("".join(f"{p}\n" for p in paths))
    # scripts/lib/setup.sh's stamp: the requirements and the interpreter are what they were.
    version = subprocess.run([python, "-VV"], check=True, capture_output=True).stdout
    stamp = hashlib.sha256((tree / "pyproject.toml").read_bytes() + version).hexdigest()
    (venv / ".storefleet-install").write_text(stamp + "\n")


def _wait_for_sign_ins(run: RunningQuickstart) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        log = run.log()
        if "==> Storefleet is up" in log:
            block = log.split("==> Storefleet is up", 1)[1]
            for line in block.splitlines():
                if match := SIGN_IN.match(line):
                    run.sign_ins[match["label"]] = (
                        match["url"],
                        match["user"],
                        match["password"],
                    )
            if len(run.sign_ins) >= 3:
                return
        if run.process.poll() is not None:
            pytest.fail(f"scripts/run ended with {run.process.returncode}:\n{log[-6000:]}")
        time.sleep(0.5)
    pytest.fail(f"scripts/run printed no sign-ins in {START_SECONDS} s:\n{run.log()[-6000:]}")


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stop(run: RunningQuickstart) -> int:
    """Ctrl-C, as in a terminal: SIGINT to the script's process group."""
    if run.process.poll() is None:
        os.killpg(run.process.pid, signal.SIGINT)
    try:
        return run.process.wait(timeout=90)
    except subprocess.TimeoutExpired:
        still_running = subprocess.run(
            ["ps", "-ww", "-eo", "pid,pgid,etimes,stat,args"], capture_output=True, text=True
        ).stdout
        left = "\n".join(line for line in still_running.splitlines() if str(run.tree) in line)
        os.killpg(run.process.pid, signal.SIGKILL)
        run.process.wait(timeout=10)
        pytest.fail(
            f"scripts/run did not stop within 90 s of Ctrl-C; still running:\n{left}\n"
            f"its output:\n{run.log()[-6000:]}"
        )


def _pid_in(path: Path) -> int:
    return int(path.read_text().splitlines()[0].strip())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _processes_under(tree: Path) -> list[str]:
    """Command lines of live processes that run from the copy (its scripts, servers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(tree) in command:
            found.append(f"{entry.name}: {command}")
    return found


@pytest.fixture(scope="module")
def quickstart() -> Iterator[RunningQuickstart]:
    # Not under pytest's tmp_path: pytest makes /tmp/pytest-of-<user> private again (0700)
    # whenever a pytest process starts, and the embedded PostgreSQL runs as a user of its own
    # that must reach its data folder until it is stopped.
    workspace = Path(tempfile.mkdtemp(prefix="storefleet-quickstart-"))
    tree = workspace / "storefleet"
    copy_tree(tree)
    port = free_port()
    env = {name: os.environ[name] for name in KEPT_ENVIRONMENT if name in os.environ}
    env["PORT"] = str(port)
    log_path = tree.parent / "scripts-run.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(tree / "scripts" / "run")],
            cwd=tree,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # As from a terminal: Ctrl-C reaches the script even when this test runs under a
            # shell that started it in the background (which ignores SIGINT for its children,
            # and bash cannot trap a signal ignored when it starts).
            preexec_fn=_interruptible,
        )
    run = RunningQuickstart(tree=tree, port=port, process=process, log_path=log_path)
    try:
        _wait_for_sign_ins(run)
        yield run
    finally:
        if run.process.poll() is None:
            os.killpg(run.process.pid, signal.SIGKILL)
            run.process.wait(timeout=10)
        _kill_leftovers(tree)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(log_path, ARTIFACTS / "quickstart-scripts-run.log")
        shutil.rmtree(workspace, ignore_errors=True)


def _kill_leftovers(tree: Path) -> None:
    """After a failed test: the copy's servers must not outlive it."""
    for pid_file in (
        tree / ".data" / "pg" / "postmaster.pid",
        tree / ".data" / "redis" / "redis.pid",
    ):
        with contextlib.suppress(OSError, ValueError):
            os.kill(_pid_in(pid_file), signal.SIGKILL)
    for line in _processes_under(tree):
        with contextlib.suppress(OSError):
            os.kill(int(line.split(":", 1)[0]), signal.SIGKILL)


def _console_mails(run: RunningQuickstart, subject_part: str, timeout: float = 60) -> list[str]:
    """Mails the console backend printed (headers and body) whose subject has `subject_part`,
    once there is one (the worker sends them after the request that caused them)."""
    deadline = time.monotonic() + timeout
    while True:
        mails = [
            mail
            for mail in run.log().split("Subject: ")[1:]
            if subject_part in mail.splitlines()[0]
        ]
        if mails or time.monotonic() > deadline:
            return mails
        time.sleep(0.5)


def _get_json(run: RunningQuickstart, host: str, path: str) -> dict:
    request = urllib.request.Request(  # noqa: S310 - a local URL
        f"http://127.0.0.1:{run.port}{path}", headers={"Host": f"{host}:{run.port}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def test_the_quick_start_serves_the_whole_product(quickstart, browser):
    run = quickstart
    health = _get_json(run, "localhost", "/healthz")
    assert health["status"] == "ok", health
    products = _get_json(run, "demo.localhost", "/order/products")["products_data"]
    assert len(products) == 3

    # The printed operator signs in to the dashboard and sees the demo store.
    dashboard_url, operator, password = run.sign_in("/dashboard/")
    assert dashboard_url == run.url("localhost", "/dashboard/")
    assert operator == "operator"
    staff = open_page(browser.new_context(viewport=DESKTOP))
    staff.goto(dashboard_url)
    staff.get_by_label("Username").fill(operator)
    staff.get_by_label("Password").fill(password)
    staff.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(staff.locator("h1")).to_have_text("Fleet overview")  # where the dashboard opens
    staff.get_by_role("link", name="Stores", exact=True).click()
    expect(staff.get_by_role("rowheader", name="Demo Store (demo)")).to_be_visible()
    save_screenshot(staff, "quickstart-1-dashboard")

    # The printed admin signs in to demo's admin.
    admin_url, admin, admin_password = run.sign_in("//demo.localhost")
    assert admin_url == run.url("demo.localhost", "/admin/") and admin == "admin"
    store_admin = open_page(browser.new_context(viewport=DESKTOP))
    store_admin.goto(admin_url)
    store_admin.get_by_label("Username").fill(admin)
    store_admin.get_by_label("Password").fill(admin_password)
    store_admin.get_by_role("button", name="Log in").click()
    expect(
        store_admin.get_by_role("link", name="Log out").or_(
            store_admin.get_by_role("button", name="Log out")
        )
    ).to_be_visible()

    # A shopper buys in demo and pays with the test card on the sandbox's hosted page.
    shopper = open_page(browser.new_context(viewport=DESKTOP))
    create_account(
        shopper,
        run.url("demo.localhost", "/create-account"),
        first_name="Robin",
        last_name="Buyer",
        username="robin_buyer",
        email="robin@example.com",
        password=SHOPPER_PASSWORD,
    )
    expect(shopper.get_by_text(re.compile("test mode", re.I)).first).to_be_visible()

    shopper.get_by_role("link", name="Products").click()
    shopper.get_by_role("link", name="Binder Clips").click()
    shopper.get_by_role("radio", name=re.compile("^Small Binder Clip")).check()
    shopper.get_by_label("Quantity").fill("2")
    shopper.get_by_role("button", name="Add to cart").click()
    expect(shopper.locator("[data-cart-count]")).to_have_text("1")
    shopper.get_by_role("link", name=re.compile("^Cart")).click()
    shopper.get_by_role("link", name="Check out").click()
    expect(shopper.locator("h1")).to_have_text("Review and pay")
    shopper.get_by_label("I agree to the terms of sale").check()
    shopper.get_by_role("button", name="Pay with Stripe").click()

    expect(shopper.get_by_text("Demo Store").first).to_be_visible()
    expect(shopper.get_by_text("TEST MODE").first).to_be_visible()
    save_screenshot(shopper, "quickstart-2-sandbox-checkout")
    shopper.get_by_label("Card number").fill("4242 4242 4242 4242")
    shopper.get_by_role("button", name=re.compile("^Pay")).click()

    expect(shopper.locator("h1")).to_have_text("Thank you for your order")
    identifier = shopper.locator("[data-order-identifier]").inner_text()
    save_screenshot(shopper, "quickstart-3-success")
    shopper.goto(run.url("demo.localhost", "/account/orders"))
    expect(shopper.locator(f'[data-order="{identifier}"]')).to_be_visible()

    # The order in the store admin, and its confirmation email on the console.
    store_admin.goto(run.url("demo.localhost", "/admin/orders/order/"))
    expect(store_admin.get_by_text(identifier).first).to_be_visible()
    [confirmation] = _console_mails(run, f"order confirmation {identifier}")
    # Its link reaches the store where the browser does: the development server's port.
    assert f"http://demo.localhost:{run.port}/account/order?identifier={identifier}" in confirmation

    # The store admin refunds part of it through the sandbox; the shopper is told by email.
    store_admin.get_by_role("link", name=re.compile(identifier)).first.click()
    store_admin.get_by_role("link", name="Refund", exact=True).click()
    store_admin.get_by_label("Amount").fill("5.00")
    store_admin.get_by_label("Reason").fill("One clip arrived bent")
    store_admin.get_by_role("button", name="Refund").click()
    expect(store_admin.locator(".messagelist")).to_contain_text("Refund of 5.00")
    [refund_mail] = _console_mails(run, f"refund for order {identifier}")
    assert "We have refunded 5.00" in refund_mail

    pages = {"operator": staff, "store admin": store_admin, "shopper": shopper}
    assert {name: page.problems.messages for name, page in pages.items()} == {
        name: [] for name in pages
    }

    # A founder opens a store: the worker builds it while the progress page follows.
    founder = open_page(browser.new_context(viewport=DESKTOP))
    founder.goto(run.url("localhost", "/signup/"))
    founder.get_by_label("Store name").fill("Quick Start Goods")
    founder.get_by_label("Store address").fill("quick-start")
    founder.get_by_label("Your email").fill("founder@quick-start.example")
    founder.get_by_label("Password for your store's admin").fill("Plum-Tangerine-77")
    founder.get_by_role("button", name="Create my store").click()
    expect(founder.locator("h1")).to_have_text("Setting up Quick Start Goods")
    expect(founder.locator("#job-message")).to_have_text("Your store is live.", timeout=90_000)
    store_url = run.url("quick-start.localhost", "/")
    expect(founder.locator("#store-link")).to_have_attribute("href", store_url)
    founder.goto(store_url)
    expect(founder.locator("h1")).to_have_text("Quick Start Goods")
    expect(founder.get_by_role("link", name="Binder Clips")).to_be_visible()
    # It took sandbox keys: a test-mode store, ready for a test payment.
    expect(founder.get_by_text(re.compile("test mode", re.I)).first).to_be_visible()
    founder.problems.assert_none()

    # Ctrl-C: everything stops, the embedded PostgreSQL and Redis included.
    postgres = _pid_in(run.tree / ".data" / "pg" / "postmaster.pid")
    redis = _pid_in(run.tree / ".data" / "redis" / "redis.pid")
    assert _alive(postgres) and _alive(redis)
    assert _stop(run) != 0 or True  # Ctrl-C's status is the shell's to choose
    deadline = time.monotonic() + 30
    while (_alive(postgres) or _alive(redis)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(postgres), "the embedded PostgreSQL outlived scripts/run"
    assert not _alive(redis), "the embedded Redis outlived scripts/run"
    assert _processes_under(run.tree) == []
    assert "embedded PostgreSQL: stopped" in run.log()
    assert "embedded Redis: stopped" in run.log()
