"""Where ../shared is (formats, contracts): beside the repository, or $CARTABLE_SHARED."""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CARTABLE_SHARED") or REPO.parent / "shared")
SAMPLE_2013 = SHARED / "formats" / "aaf" / "sample-2013"

assert SAMPLE_2013.is_dir(), f"{SAMPLE_2013} is missing: the tests need ../shared beside the repository (or CARTABLE_SHARED)"
