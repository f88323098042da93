"""The one clock of the pedagogy add-on (aware UTC); tests replace ``maintenant``."""

from datetime import datetime, timezone


def maintenant() -> datetime:
    return datetime.now(timezone.utc)
