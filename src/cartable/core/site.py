"""Where the region site lives: its id in the Zope root and the instance's folders.

Pure module (no Zope import): the runtime (the directory's import folders, the
demo files) and the operations tooling (cartable.ops) read the same places.
Creating the site is the policy add-on's job (cartable.policy.site).
"""

import os
from pathlib import Path

SITE_ID = "cartable"
REPO = Path(__file__).resolve().parents[3]


def dossier_var() -> Path:
    """The instance's data folder: $CARTABLE_VAR, or var/ in the checkout."""
    return Path(os.environ.get("CARTABLE_VAR") or REPO / "var")
