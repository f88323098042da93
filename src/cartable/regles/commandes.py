"""JSON-in/JSON-out commands over the rule modules (../shared/contracts/README.md).

One JSON document on standard input, one on standard output; invalid input:
a one-line error on standard error, exit status 2, nothing on standard output.
"""

import argparse
import json
import sys

from cartable.regles.decompte import DecompteInvalide, decompter
from cartable.regles.moyennes import MoyennesInvalides
from cartable.regles.moyennes import moyennes as calculer_moyennes

AIDE = {
    "cartable-decompte": ("Décompte des demi-journées d'absence d'un élève (la règle de DESIGN.md).",
                          "contracts/decompte.md"),
    "cartable-moyennes": ("Moyennes d'un élève par matière et générale, et de la classe.", "contracts/moyennes.md"),
}


def _arguments(nom, argv):
    """``--help`` says what the command reads and writes; no other option exists."""
    description, contrat = AIDE[nom]
    parser = argparse.ArgumentParser(
        prog=nom, description=description,
        epilog=f"Lit un document JSON sur l'entrée standard, écrit le résultat en JSON sur la sortie standard. "
               f"Entrée invalide : une ligne d'erreur sur la sortie d'erreur, code de sortie 2. Contrat : {contrat}.")
    parser.parse_args(sys.argv[1:] if argv is None else argv)


def _run(compute, errors, argv=None, nom="cartable-decompte"):
    _arguments(nom, argv)
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
    return _run(decompter, DecompteInvalide, argv, "cartable-decompte")


def moyennes(argv=None):
    """cartable-moyennes"""
    return _run(calculer_moyennes, MoyennesInvalides, argv, "cartable-moyennes")


if __name__ == "__main__":
    sys.exit(decompte())
