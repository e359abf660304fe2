"""Limits on what a request may carry (core.middleware.request_guard)."""

from config import env

# A declared body over this is refused before any view (uploads included: product images).
REQUEST_BODY_MAX_BYTES = env.get_int("REQUEST_BODY_MAX_BYTES", 20 * 1024 * 1024)
# Non-upload bodies are read into memory: Django's own cap on that.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.get_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# Stripe's events nest about ten levels; nothing we accept needs more than this.
REQUEST_JSON_MAX_DEPTH = env.get_int("REQUEST_JSON_MAX_DEPTH", 64)
