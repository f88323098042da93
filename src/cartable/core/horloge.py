"""The one clock of Cartable.

Always call it through the module (``horloge.maintenant()``), never import a
function by name: tests freeze it with ``horloge.figer`` and a copied name
would keep reading the real time.

- ``maintenant()``: local time of the region, naive (Europe/Paris), what the
  vie-scolaire rules read (a course at 08:00 is at 08:00 on the wall);
- ``instant()``: the same moment, aware UTC, what stored timestamps use
  (a Devoir's dates, hand-ins);
- ``aujourd_hui()``: the region's date;
- ``horodatage()``: seconds since the epoch, like ``time.time()``;
- ``horodatage_ns()``: nanoseconds since the epoch, strictly increasing in a
  process (ordering keys: two deposits never share one, even on a frozen clock).

``CARTABLE_HORLOGE`` (an ISO local time, e.g. ``2026-11-17T08:05``) starts the
clock of a whole process at that moment, ticking from there: the system and
robot suites give it to the instances they start, so that no test depends on
the day it runs.
"""

import os
import threading
import time
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

FUSEAU = ZoneInfo("Europe/Paris")

_fige = None  # an aware instant: the clock stands still there
_decalage = timedelta(0)  # added to the real time: the clock ticks from a chosen moment


def _reel() -> datetime:
    return datetime.now(timezone.utc)


def instant() -> datetime:
    """Now, aware UTC."""
    return _fige if _fige is not None else _reel() + _decalage


def maintenant() -> datetime:
    """Now, local time of the region (naive)."""
    return instant().astimezone(FUSEAU).replace(tzinfo=None)


def aujourd_hui() -> date:
    return maintenant().date()


def horodatage() -> float:
    return instant().timestamp()


_UNE_MICROSECONDE = timedelta(microseconds=1)
_EPOQUE = datetime(1970, 1, 1, tzinfo=timezone.utc)
_verrou = threading.Lock()
_dernier_ns = 0


def horodatage_ns() -> int:
    global _dernier_ns
    if _fige is not None:
        ns = (_fige - _EPOQUE) // _UNE_MICROSECONDE * 1000
    else:
        ns = time.time_ns() + _decalage // _UNE_MICROSECONDE * 1000
    with _verrou:
        _dernier_ns = max(ns, _dernier_ns + 1)
        return _dernier_ns


def en_utc(quand: datetime) -> datetime:
    """An aware instant from a local naive time of the region (or an aware one)."""
    return (quand if quand.tzinfo else quand.replace(tzinfo=FUSEAU)).astimezone(timezone.utc)


def figer(quand: datetime, avancer: bool = False) -> None:
    """Set the clock at ``quand`` (naive = the region's local time). ``avancer``: it ticks from there."""
    global _fige, _decalage
    if avancer:
        _fige, _decalage = None, en_utc(quand) - _reel()
    else:
        _fige, _decalage = en_utc(quand), timedelta(0)


def liberer() -> None:
    """Back to the real time (or to CARTABLE_HORLOGE's moment)."""
    global _fige, _decalage
    _fige, _decalage = None, timedelta(0)
    _depuis_environnement()


def _depuis_environnement() -> None:
    valeur = os.environ.get("CARTABLE_HORLOGE")
    if valeur:
        figer(datetime.fromisoformat(valeur), avancer=True)


_depuis_environnement()
