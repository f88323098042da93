"""Print profiles/versions.cfg from constraints.txt: buildout and pip use the same pins.

    .venv/bin/python scripts/buildout_versions.py > profiles/versions.cfg
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cartable.ops.pins import buildout_versions, read_constraints  # noqa: E402

if __name__ == "__main__":
    repo = Path(__file__).resolve().parents[1]
    sys.stdout.write(buildout_versions(read_constraints(repo / "constraints.txt")))
