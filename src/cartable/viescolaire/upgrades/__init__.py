"""Upgrade steps, one folder per destination version (v1001/, …)."""
