"""The campaign benchmark's report (campaign_bench.py): the timings, CPU time per message,
what the SMTP server received, and a verdict per target."""

from __future__ import annotations

import os
from dataclasses import dataclass

TARGET_RATE = 300.0


@dataclass
class Results:
    recipients: int
    workers: int
    batch_size: int
    audience_s: float  # creating the members (not part of the campaign)
    start_s: float  # send_ready_email: checks, snapshot of the audience, first batch queued
    total_s: float  # send_ready_email called -> campaign SENT
    sending_s: float  # campaign started_at -> finished_at (database clock)
    smtp_span_s: float  # first -> last message accepted by the SMTP server
    received: int
    raw_duplicates: int
    distinct_duplicates: int
    missing: int
    strangers: int
    delivery_counts: dict[str, int]
    emailsent: int
    load_at_start: float
    cpu: dict[str, float | None]  # CPU seconds while the campaign went out, per process group

    def cpu_ms_per_message(self, group: str) -> float | None:
        seconds = self.cpu.get(group)
        return None if seconds is None or not self.received else seconds * 1000 / self.received

    @property
    def rate(self) -> float:
        return self.received / self.total_s if self.total_s else 0.0


CPU_GROUPS = (
    ("workers", "worker processes"),
    ("database", "their PostgreSQL sessions*"),
    ("smtp", "the SMTP server process"),
)


def _cpu_lines(r: Results, w: int) -> list[str]:
    """CPU time per message (user + system, while the campaign went out): unlike the rate,
    hardly changed by other work on the machine."""
    lines = []
    for group, label in CPU_GROUPS:
        ms = r.cpu_ms_per_message(group)
        shown = "n/a" if ms is None else f"{ms:.2f}"
        lines.append(f"{'CPU per message: ' + label:<{w}}{shown:>10} ms")
    lines.append("  * sampled every 20 ms; n/a when PostgreSQL runs on another machine")
    return lines


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def render(results: Results, *, database: str) -> str:
    r = results
    cores = os.cpu_count() or 0
    w = 46
    counts = ", ".join(f"{status} {n}" for status, n in sorted(r.delivery_counts.items()))
    lines = [
        "Storefleet campaign benchmark",
        f"database   {database} (created for this run, dropped at exit)",
        f"machine    {cores} cores, load average {r.load_at_start:.1f} at start, "
        f"{os.getloadavg()[0]:.1f} at end (other work on the machine slows the rate)",
        f"campaign   {r.recipients} members, {r.workers} worker processes (solo pool), "
        f"batches of {r.batch_size}, one local SMTP server process",
        "",
        f"{'creating the members (not timed below)':<{w}}{r.audience_s:>10.2f} s",
        f"{'send_ready_email (checks, snapshot, queue)':<{w}}{r.start_s:>10.2f} s",
        f"{'total: call -> campaign SENT':<{w}}{r.total_s:>10.2f} s",
        f"{'sending: started_at -> finished_at':<{w}}{r.sending_s:>10.2f} s",
        f"{'SMTP server: first -> last message':<{w}}{r.smtp_span_s:>10.2f} s",
        f"{'messages received by the SMTP server':<{w}}{r.received:>10d}",
        f"{'messages per second (received / total)':<{w}}{r.rate:>10.1f}",
        f"{'  (received / sending time)':<{w}}{r.received / r.sending_s if r.sending_s else 0:>10.1f}",  # noqa: E501
        "",
        *_cpu_lines(r, w),
        "",
        f"{'deliveries':<{w}}{counts}",
        f"{'Emailsent rows':<{w}}{r.emailsent:>10d}",
        f"{'raw duplicates (copies beyond one)':<{w}}{r.raw_duplicates:>10d}",
        f"{'distinct-Message-ID duplicates':<{w}}{r.distinct_duplicates:>10d}",
        f"{'missing recipients':<{w}}{r.missing:>10d}",
        f"{'messages to someone outside the audience':<{w}}{r.strangers:>10d}",
        "",
        f"{'targets':<{w}}{'measured':>12}{'target':>12}",
    ]
    targets = [
        ("messages per second", f"{r.rate:.1f}", f">= {TARGET_RATE:.0f}", r.rate >= TARGET_RATE),
        ("raw duplicates", str(r.raw_duplicates), "0", r.raw_duplicates == 0),
        ("distinct-Message-ID duplicates", str(r.distinct_duplicates), "0",
         r.distinct_duplicates == 0),
        ("missing", str(r.missing), "0", r.missing == 0),
    ]  # fmt: skip
    for label, measured, target, ok in targets:
        lines.append(f"{'  ' + label:<{w}}{measured:>12}{target:>12}  {_verdict(ok)}")
    return "\n".join(lines)
