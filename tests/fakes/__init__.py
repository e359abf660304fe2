"""Local stand-ins that speak real protocols (Stripe's HTTP API), for tests and browser runs."""
