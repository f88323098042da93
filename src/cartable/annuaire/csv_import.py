"""The directory from CSV files, for schools outside the académie's AAF feed.

Pure module (no Zope). Each CSV row becomes the same record an AAF file would
give, and goes through the same importer: same idempotency, same per-record
rejections, same deactivation on ``action = suppression``.

Files of a folder, by name, imported in this order; UTF-8 (a BOM is fine),
``;``-separated, a header line; lists inside a cell are ``|``-separated:

``etablissements.csv``
    ``uai``\\*, ``nom``\\*, ``type``, ``commune``, ``classes`` (``3A=3EME A|3B``),
    ``groupes`` (same form), ``action``
``eleves.csv``
    ``id``\\*, ``nom``\\*, ``prenom``\\*, ``date_naissance`` (jj/mm/aaaa), ``uai``\\*,
    ``classe``\\*, ``groupes``, ``responsables_legaux`` (ids), ``autres_responsables``
    (ids), ``action``
``responsables.csv``
    ``id``\\*, ``civilite``, ``nom``\\*, ``prenom``\\*, ``mail``, ``action``
``personnels.csv``
    ``id``\\*, ``civilite``, ``nom``\\*, ``prenom``\\*, ``mail``, ``uai``\\*, ``fonctions``
    (``ENS|EDU|DIR|DOC|ADF``), ``classes``, ``groupes``, ``enseignements``
    (``3A=020700|LV2ESP=030602``: division = national subject code),
    ``principal`` (classes), ``action``

\\* required. ``action`` is ``ajout`` (default: create or update) or
``suppression`` (deactivate, history kept). Ids are the school's own,
stable from one file to the next.
"""

import csv
import io
import re
from pathlib import Path

from cartable.regles import aaf

FICHIERS = {
    "etablissements.csv": "EtabEducNat",
    "eleves.csv": "Eleve",
    "responsables.csv": "PersRelEleve",
    "personnels.csv": "PersEducNat",
}
OBLIGATOIRES = {
    "EtabEducNat": ("uai", "nom"),
    "Eleve": ("id", "nom", "prenom", "uai", "classe"),
    "PersRelEleve": ("id", "nom", "prenom"),
    "PersEducNat": ("id", "nom", "prenom", "uai"),
}
LIBELLES_FONCTIONS = {"ENS": "ENSEIGNEMENT", "EDU": "EDUCATION", "DIR": "DIRECTION", "DOC": "DOCUMENTATION", "ADF": "ADMINISTRATION"}
DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")


class LigneInvalide(ValueError):
    pass


def ordonner(fichiers):
    order = list(FICHIERS)
    return sorted((Path(f) for f in fichiers if Path(f).name in FICHIERS), key=lambda p: order.index(p.name))


def lire_csv(path, jointure_de_uai):
    """Records of one CSV file; ``jointure_de_uai(uai)`` gives an establishment's id or None."""
    path = Path(path)
    name = path.name
    categorie = FICHIERS[name]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield aaf.Rejet(name, 0, "", categorie, f"fichier refusé : il n'est pas en UTF-8 (octet {exc.start}) ; enregistrez-le en « CSV UTF-8 »")
        return
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in OBLIGATOIRES[categorie] if c not in header]
    if missing:
        yield aaf.Rejet(name, 1, "", categorie, f"fichier refusé : colonne(s) manquante(s) {', '.join(missing)}")
        return
    for row in reader:
        line = reader.line_num
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        ident = row.get("id") or row.get("uai", "")
        try:
            yield _requete(name, line, categorie, row, jointure_de_uai)
        except LigneInvalide as exc:
            yield aaf.Rejet(name, line, ident, categorie, str(exc))


def _liste(value):
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _paires(value):
    """``a=b|c`` → [(a, b), (c, c)]."""
    result = []
    for item in _liste(value):
        code, _, libelle = item.partition("=")
        result.append((code.strip(), libelle.strip() or code.strip()))
    return result


def _requete(name, line, categorie, row, jointure_de_uai):
    action = (row.get("action") or "ajout").lower()
    if action not in ("ajout", "suppression"):
        raise LigneInvalide(f"action « {row['action']} » inconnue (ajout ou suppression)")
    cle = "uai" if categorie == "EtabEducNat" else "id"
    if action == "suppression":  # the id is enough to deactivate
        if not row.get(cle):
            raise LigneInvalide(f"colonne « {cle} » vide")
        return aaf.Requete(name, line, "delete", categorie, row[cle].upper() if cle == "uai" else row[cle], {})
    for column in OBLIGATOIRES[categorie]:
        if not row.get(column):
            raise LigneInvalide(f"colonne « {column} » vide")
    if categorie == "EtabEducNat":
        ident = row["uai"].upper()
        attributs = {
            "ENTStructureJointure": (ident,),
            "ENTStructureUAI": (ident,),
            "ENTStructureNomCourant": (row["nom"],),
            "ENTStructureTypeStruct": (row.get("type", ""),) if row.get("type") else (),
            "l": (row["commune"],) if row.get("commune") else (),
            "ENTStructureClasses": tuple(f"{c}${l}" for c, l in _paires(row.get("classes"))),
            "ENTStructureGroupes": tuple(f"{c}${l}" for c, l in _paires(row.get("groupes"))),
        }
    else:
        ident = row["id"]
        attributs = {"ENTPersonJointure": (ident,), "sn": (row["nom"],), "givenName": (row["prenom"],)}
        for column, attr in (("civilite", "personalTitle"), ("mail", "mail")):
            if row.get(column):
                attributs[attr] = (row[column],)
        if row.get("date_naissance"):
            if not DATE.match(row["date_naissance"]) or aaf.date_fr(row["date_naissance"]) is None:
                raise LigneInvalide(f"date de naissance « {row['date_naissance']} » invalide (jj/mm/aaaa)")
            attributs["ENTPersonDateNaissance"] = (row["date_naissance"],)
        if categorie in ("Eleve", "PersEducNat"):
            structure = jointure_de_uai(row["uai"].upper())
            if structure is None:
                raise LigneInvalide(f"établissement inconnu : UAI {row['uai']}")
            attributs["ENTPersonStructRattach"] = (structure,)
            attributs.update(_eleve(row, structure) if categorie == "Eleve" else _personnel(row, structure))
    return aaf.Requete(name, line, "add", categorie, ident, attributs)


def _eleve(row, structure):
    legaux = _liste(row.get("responsables_legaux"))
    autres = [i for i in _liste(row.get("autres_responsables")) if i not in legaux]
    return {
        "ENTEleveClasses": (f"{structure}${row['classe']}",),
        "ENTEleveGroupes": tuple(f"{structure}${g}" for g in _liste(row.get("groupes"))),
        # idPersonne$lien$respFinancier$representantLegal$contact$paiement, as in AAF
        "ENTElevePersRelEleve": tuple(f"{i}$$0$1$1$0" for i in legaux) + tuple(f"{i}$$0$0$1$0" for i in autres),
    }


def _personnel(row, structure):
    fonctions = [f.upper() for f in _liste(row.get("fonctions"))]
    unknown = [f for f in fonctions if f not in LIBELLES_FONCTIONS]
    if unknown:
        raise LigneInvalide(f"fonction(s) inconnue(s) {', '.join(unknown)} (ENS, EDU, DIR, DOC, ADF)")
    groupes = _liste(row.get("groupes"))
    enseignements = _paires(row.get("enseignements"))
    return {
        "ENTPersonFonctions": tuple(f"{structure}${f}${LIBELLES_FONCTIONS[f]}" for f in fonctions),
        "ENTAuxEnsClasses": tuple(f"{structure}${c}" for c in _liste(row.get("classes"))),
        "ENTAuxEnsGroupes": tuple(f"{structure}${g}" for g in groupes),
        "ENTAuxEnsClassesMatieres": tuple(f"{structure}${d}${m}" for d, m in enseignements if d not in groupes),
        "ENTAuxEnsGroupesMatieres": tuple(f"{structure}${d}${m}" for d, m in enseignements if d in groupes),
        "ENTAuxEnsClassesPrincipal": tuple(f"{structure}${c}" for c in _liste(row.get("principal"))),
    }


def importer_csv(importateur, dossier, **options):
    """Run ``importateur`` (an Importateur) on the CSV files of ``dossier``."""
    fichiers = ordonner(p for p in Path(dossier).iterdir() if p.is_file())
    annuaire = importateur.annuaire
    return importateur.importer(
        fichiers, lire=lambda f: lire_csv(f, annuaire.par_uai.get), ordonner=lambda fs: list(fs), **options
    )
