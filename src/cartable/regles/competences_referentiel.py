"""A référentiel of skills (*items*): per subject and cycle, each linked to socle components.

Pure module (standard library only). An item is a dict
``{"id", "matiere", "cycle", "libelle", "composantes"}``: ``id`` letters,
digits, ``-`` and ``_`` (≤ 40), ``matiere`` a 6-character subject code,
``cycle`` 3 or 4, ``libelle`` ≤ 300 characters (the LSU's « élément du
programme » length), ``composantes`` 1 to 8 LSU codes (``regles.socle``).

CSV (UTF-8, « ; » separated, the spreadsheet's French default), one header
line then one item a line::

    identifiant;matiere;cycle;libelle;composantes
    fra-lire;020700;4;Lire et comprendre un texte;CPD_FRA

``composantes``: codes separated by spaces or commas. ``lire_csv`` checks
every line and returns all the problems, one French line each (nothing is
imported when one line is wrong); ``ecrire_csv(lire_csv(t))`` gives back the
same items, and ``lire_csv(ecrire_csv(items)) == items``.
"""

import csv
import io
import re

from cartable.regles.socle import CODES_COMPOSANTES, CYCLES

ENTETE = ("identifiant", "matiere", "cycle", "libelle", "composantes")
_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_MATIERE = re.compile(r"^[0-9A-Z]{6}$")
LONGUEUR_LIBELLE = 300


class ReferentielInvalide(ValueError):
    def __init__(self, problemes):
        self.problemes = list(problemes)
        super().__init__("\n".join(self.problemes))


def lire_item(donnee, ou="Compétence") -> tuple[dict | None, list[str]]:
    """(item, []) or (None, problems)."""
    if not isinstance(donnee, dict):
        return None, [f"{ou} : objet attendu"]
    problemes = []
    ident = donnee.get("id")
    if not isinstance(ident, str) or not _ID.match(ident.strip()):
        problemes.append(f"{ou} : identifiant « {ident} » invalide (lettres, chiffres, - et _, 40 au plus)")
    matiere = donnee.get("matiere")
    if not isinstance(matiere, str) or not _MATIERE.match(matiere.strip()):
        problemes.append(f"{ou} : code matière « {matiere} » invalide (6 chiffres ou lettres majuscules)")
    cycle = donnee.get("cycle")
    if isinstance(cycle, str) and cycle.strip().isdigit():
        cycle = int(cycle)
    if isinstance(cycle, bool) or cycle not in CYCLES:
        problemes.append(f"{ou} : cycle « {donnee.get('cycle')} » invalide (3 ou 4)")
    libelle = " ".join(str(donnee.get("libelle") or "").split())
    if not libelle:
        problemes.append(f"{ou} : libellé manquant")
    elif len(libelle) > LONGUEUR_LIBELLE:
        problemes.append(f"{ou} : libellé trop long ({len(libelle)} caractères, {LONGUEUR_LIBELLE} au plus)")
    composantes = donnee.get("composantes")
    if isinstance(composantes, str):
        composantes = composantes.replace(",", " ").split()
    if not isinstance(composantes, (list, tuple)) or not composantes:
        problemes.append(f"{ou} : au moins une composante du socle attendue ({', '.join(CODES_COMPOSANTES)})")
        composantes = []
    inconnues = [c for c in composantes if c not in CODES_COMPOSANTES]
    if inconnues:
        problemes.append(f"{ou} : composante(s) inconnue(s) {', '.join(map(str, inconnues))}")
    if problemes:
        return None, problemes
    ordonnees = tuple(c for c in CODES_COMPOSANTES if c in composantes)
    return {"id": ident.strip(), "matiere": matiere.strip(), "cycle": cycle, "libelle": libelle, "composantes": ordonnees}, []


def lire_items(donnees) -> list[dict]:
    """Every item checked; ReferentielInvalide with every problem (duplicates included)."""
    items, problemes, vus = [], [], set()
    for rang, donnee in enumerate(donnees, 1):
        ou = f"Compétence n° {rang}" + (f" ({donnee.get('id')})" if isinstance(donnee, dict) and donnee.get("id") else "")
        item, erreurs = lire_item(donnee, ou)
        problemes.extend(erreurs)
        if item is not None:
            if item["id"] in vus:
                problemes.append(f"{ou} : identifiant « {item['id']} » en double")
            vus.add(item["id"])
            items.append(item)
    if problemes:
        raise ReferentielInvalide(problemes)
    return items


def lire_csv(texte: str) -> list[dict]:
    if texte.startswith("\ufeff"):
        texte = texte[1:]
    lignes = list(csv.reader(io.StringIO(texte), delimiter=";"))
    lignes = [ligne for ligne in lignes if any(c.strip() for c in ligne)]
    if not lignes or tuple(c.strip().lower() for c in lignes[0]) != ENTETE:
        raise ReferentielInvalide([f"Ligne 1 : en-tête attendu « {';'.join(ENTETE)} »"])
    donnees, problemes = [], []
    for numero, ligne in enumerate(lignes[1:], 2):
        if len(ligne) != len(ENTETE):
            problemes.append(f"Ligne {numero} : {len(ENTETE)} colonnes attendues, {len(ligne)} trouvées")
            continue
        donnees.append((numero, dict(zip(("id", "matiere", "cycle", "libelle", "composantes"), ligne))))
    items, vus = [], set()
    for numero, donnee in donnees:
        item, erreurs = lire_item(donnee, f"Ligne {numero}")
        problemes.extend(erreurs)
        if item is not None:
            if item["id"] in vus:
                problemes.append(f"Ligne {numero} : identifiant « {item['id']} » en double")
            vus.add(item["id"])
            items.append(item)
    if problemes:
        raise ReferentielInvalide(problemes)
    return items


def ecrire_csv(items) -> str:
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\n")
    ecrivain.writerow(ENTETE)
    for item in sorted(items, key=lambda i: (i["matiere"], i["cycle"], i["id"])):
        ecrivain.writerow((item["id"], item["matiere"], item["cycle"], item["libelle"], " ".join(item["composantes"])))
    return sortie.getvalue()
