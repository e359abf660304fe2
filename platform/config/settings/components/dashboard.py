"""The operator dashboard's fleet overview (control_plane.dashboard.fleet_overview)."""

from config import env

# How long the overview's order figures (one query per placement over every store's schema)
# are kept in the "platform" cache: operators reloading the page never re-read the fleet.
# 0 reads the fleet on every request.
FLEET_OVERVIEW_CACHE_SECONDS = env.get_int("FLEET_OVERVIEW_CACHE_SECONDS", 60)
