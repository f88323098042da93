"""Robot Framework suites of robot-tests/, in headless Debian Chromium, against a real instance.

Robot runs through its own entry point (``python -m robot``); its console output
is shown in the pytest output so that the suite names appear in the CI log.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SUITES = sorted(p.stem for p in (REPO / "robot-tests").glob("*.robot"))


def test_chromium_is_installed():
    missing = [b for b in ("chromium", "chromedriver") if shutil.which(b) is None]
    assert not missing, f"{missing} missing: run `make robot-deps` (Debian packages chromium chromium-driver)"


@pytest.mark.parametrize("suite", SUITES)
def test_robot_suite(sqlite_instance, suite, capsys):
    output = REPO / "robot-output" / suite
    result = subprocess.run(
        [
            sys.executable, "-m", "robot",
            "--outputdir", str(output),
            "--variable", f"BASE_URL:{sqlite_instance.url}",
            "--consolecolors", "off",
            str(REPO / "robot-tests" / f"{suite}.robot"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    with capsys.disabled():
        print(f"\n--- robot suite {suite} ---\n{result.stdout}{result.stderr}")
    assert result.returncode == 0, f"robot suite {suite} failed, see {output}/log.html"
