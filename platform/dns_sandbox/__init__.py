"""A local authoritative DNS server for TXT records (tests and development); see server.py."""
