"""Core: storage configuration, background tasks, status service.

Nothing in ``config`` or ``instance`` imports Zope: they are pure and tested fast.
"""
