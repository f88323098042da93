"""Cartable as a CAS server (issue 18): tickets outside the ZODB, registered services, the /cas/ endpoints."""
