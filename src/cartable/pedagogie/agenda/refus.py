"""The agenda's refusals: who may not see, as the core's Refus (401 anonymous, 403 otherwise)."""

from cartable.core.refus import Refus, interdit  # noqa: F401  (the agenda's modules import them from here)
