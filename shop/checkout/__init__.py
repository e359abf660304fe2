"""Checkout: Stripe Checkout Sessions for a store's cart, and Stripe's webhooks."""
