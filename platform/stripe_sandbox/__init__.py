"""The Stripe sandbox: a local server that speaks the parts of Stripe's API the store uses,
with a hosted checkout page in test mode. For development (DEBUG on) and tests only.

    python -m stripe_sandbox --port 12111 --state-file .data/stripe-sandbox.json

server.py     StripeSandbox, the server (in process for tests, or from __main__.py)
handler.py    its HTTP routes; page.py the hosted page; checkout.py, discounts.py, params.py,
              forms.py Stripe's parameters and arithmetic; events.py signed webhook events
keys.py       sandbox keys (sk_test_sandbox_...), which the store routes to STRIPE_SANDBOX_URL
client.py     register a store's account with a running sandbox over HTTP
"""

from stripe_sandbox.server import SandboxAccount, StripeSandbox

__all__ = ["SandboxAccount", "StripeSandbox"]
