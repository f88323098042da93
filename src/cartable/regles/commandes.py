"""JSON-in/JSON-out commands over the rule modules (../shared/contracts/README.md).

One JSON document on standard input, one on standard output; invalid input:
a one-line error on standard error, exit status 2, nothing on standard output.
"""

import json
import sys

from cartable.regles.decompte import DecompteInvalide, decompter
from cartable.regles.moyennes import MoyennesInvalides
from cartable.regles.moyennes import moyennes as calculer_moyennes


def _run(compute, errors, argv=None):
    try:
        data = json.loads(sys.stdin.read())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        print(f"entrée JSON invalide : {exc}".replace("\n", " "), file=sys.stderr)
        return 2
    try:
        result = compute(data)
    except errors as exc:
        print(str(exc).replace("\n", " "), file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")
    return 0


def decompte(argv=None):
    """cartable-decompte"""
    return _run(decompter, DecompteInvalide, argv)


def moyennes(argv=None):
    """cartable-moyennes"""
    return _run(calculer_moyennes, MoyennesInvalides, argv)


if __name__ == "__main__":
    sys.exit(decompte())
