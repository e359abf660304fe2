"""Local stand-ins that speak real protocols, for tests (Stripe: platform/stripe_sandbox)."""
