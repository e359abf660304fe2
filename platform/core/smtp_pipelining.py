"""PIPELINING (RFC 2920) for the aiosmtpd servers of the tests and benchmarks.

aiosmtpd reads commands one line at a time from its stream, so a pipelined envelope (MAIL,
RCPT and DATA written at once) is answered in order, as by Postfix or Amazon SES; it only
does not say so in its EHLO answer. A handler that mixes this in says so, the way production
mail servers do, so clients that pipeline when told they may (shop.campaigns.transport) are
exercised as they run in production.
"""

from __future__ import annotations


class AdvertisePipelining:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        session.host_name = hostname  # what aiosmtpd does when no handler takes EHLO
        # The last line ("250 HELP") ends the answer: PIPELINING goes before it.
        return [*responses[:-1], "250-PIPELINING", responses[-1]]
