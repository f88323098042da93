"""Grades transfer between ENTs: read a school's past grades, write everything back out.

Pure module (standard library and openpyxl only). The format is documented
for the people who write the other side in ``docs/transfert-notes.md``.

- ``lire`` decodes a CSV, XLSX or JSON file into normalised records, with one
  French error per refused row (a file that cannot be decoded at all is
  refused whole with ``TransfertInvalide``);
- ``planifier`` compares them with what is stored and gives every row its
  fate (creer, mettre_a_jour, inchange, rejetee): the dry run shown before
  anything is written, and the list of records to write;
- ``ecrire_csv``, ``ecrire_json``, ``ecrire_xlsx`` write records so that
  ``lire`` gives them back exactly.

A normalised record is a dict: ``type`` plus exactly the fields of its type
(see ``TYPES``). Its key is ``cle(record)``: the type followed by the key
fields, so that two types never share a key. The two skill fields of an
evaluation (``competences``, ``notee``) are optional: a file written before
skills existed has no such columns, and its evaluations' records lack them
(the stored values are then kept).

Skills (issue 17) travel as six more types: ``competence`` (the référentiel),
``position`` (a student's level on a skill in an evaluation),
``positionnement`` (the teacher's level for a subject and period, overriding
the computed one), ``elements`` (the edited éléments du programme travaillés,
one per line), ``fin_de_cycle`` (the council's levels on the socle's eight
components, the synthesis, the enseignement de complément). Their columns
(``COLONNES_COMPETENCES``) are written only when the records need them, so
that an export without skills is the same file as before them.
"""

import csv
import io
import json
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from cartable.regles.competences_referentiel import lire_item
from cartable.regles.saisie_notes import SaisieRefusee, lire_saisie
from cartable.regles.socle import CODES_COMPOSANTES, NiveauInvalide, lire_niveau

TAILLE_MAX = 50 * 1024 * 1024
LIGNES_MAX = 200_000
BAREME_DEFAUT = 20
# lire_saisie reads at most three integer digits: a larger scale could not be entered.
BAREME_MAX = 999
LONGUEUR_CODE = 100
LONGUEUR_LIBELLE = 200
LONGUEUR_TEXTE = 1000
MENTIONS = ("", "felicitations", "compliments", "encouragements", "mise_en_garde")
SORTS = ("creer", "mettre_a_jour", "inchange", "rejetee")

LONGUEUR_LIBELLE_COMPETENCE = 300  # as the référentiel (cartable.regles.competences_referentiel)
LONGUEUR_ELEMENT = 300  # as the period bilan (cartable.notes.competences.ecrire_bilan)
LONGUEUR_SYNTHESE = 1500  # as the end-of-cycle bilan
ENSEIGNEMENTS_COMPLEMENT = ("AUC", "LCA", "LCE", "LCR", "CHK", "PRO", "LSF", "LVE")  # the LSU's codes; AUC: none
COLONNES_SOCLE = tuple(code.lower() for code in CODES_COMPOSANTES)  # « cpd_fra »…: one level column per component

# type → (fields in column order, key fields); dict order is the dependency order.
TYPES = {
    "periode": (("uai", "periode", "libelle", "du", "au"), ("uai", "periode")),
    "competence": (("uai", "competence", "matiere", "cycle", "libelle", "composantes"), ("uai", "competence")),
    "evaluation": (
        ("uai", "evaluation", "periode", "division", "matiere", "titre", "date", "coefficient", "bareme", "facultative",
         "competences", "notee"),
        ("uai", "evaluation"),
    ),
    "note": (("uai", "evaluation", "eleve", "valeur"), ("uai", "evaluation", "eleve")),
    "position": (("uai", "evaluation", "competence", "eleve", "niveau"), ("uai", "evaluation", "competence", "eleve")),
    "appreciation": (("uai", "periode", "division", "matiere", "eleve", "texte"), ("uai", "periode", "matiere", "eleve")),
    "appreciation_generale": (("uai", "periode", "division", "eleve", "texte"), ("uai", "periode", "eleve")),
    "conseil": (("uai", "periode", "division", "eleve", "avis", "mention", "date"), ("uai", "periode", "eleve")),
    "positionnement": (("uai", "periode", "division", "matiere", "eleve", "niveau"), ("uai", "periode", "matiere", "eleve")),
    "elements": (("uai", "periode", "division", "matiere", "texte"), ("uai", "periode", "division", "matiere")),
    "fin_de_cycle": (("uai", "cycle", "eleve", "division", *COLONNES_SOCLE, "synthese", "complement", "complement_niveau"),
                     ("uai", "cycle", "eleve")),
}
ORDRE = {nom: rang for rang, nom in enumerate(TYPES)}
# The columns of a file without skills (what Cartable wrote before them, and still writes for such records).
COLONNES = ("type", "uai", "periode", "libelle", "du", "au", "evaluation", "division", "matiere", "titre", "date",
            "coefficient", "bareme", "facultative", "eleve", "valeur", "texte", "avis", "mention")
COLONNES_COMPETENCES = ("competence", "cycle", "composantes", "competences", "notee", "niveau", *COLONNES_SOCLE,
                        "synthese", "complement", "complement_niveau")
TOUTES_COLONNES = COLONNES + COLONNES_COMPETENCES
TYPES_COMPETENCES = ("competence", "position", "positionnement", "elements", "fin_de_cycle")
# Fields a row may leave out (column absent): the stored value stays; the value a new record gets.
OPTIONNELS = {("evaluation", "competences"): "", ("evaluation", "notee"): True}

_UAI = re.compile(r"^\d{7}[A-Z]$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COEFFICIENT = re.compile(r"^\d{1,4}(?:[.,]\d{1,4})?$")
_BAREME = re.compile(r"^\d{1,6}$")
# What neither a spreadsheet nor XML 1.0 carries safely; \t and \n are kept in texts.
_INTERDITS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_OUI = {"oui", "true", "1", "vrai"}
_NON = {"non", "false", "0", "faux", ""}
# Cells a spreadsheet would run as a formula get a leading apostrophe (see _neutraliser).
_DANGEREUX = tuple("=+-@\t\r")
_PARTIES_XML = (".xml", ".rels", ".vml")
_DECLARATION_XML = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class TransfertInvalide(ValueError):
    """The whole file is refused; the message is French, shown as is."""


class _Refus(ValueError):
    """One field or row refused; the message is French."""


@dataclass
class Lecture:
    """What ``lire`` found: one entry per non-empty row, in file order."""

    format: str
    lignes: list = field(default_factory=list)  # (numero, record or None, erreur or None)
    types: dict = field(default_factory=dict)  # numero → the row's type as written (for summaries)

    def records(self) -> list[dict]:
        return [record for _, record, _ in self.lignes if record is not None]

    def erreurs(self) -> list[str]:
        return [erreur for _, _, erreur in self.lignes if erreur]

    def cles_utiles(self) -> set[tuple]:
        """The stored records ``planifier`` needs: the rows' keys and the evaluations their notes use."""
        cles = set()
        for record in self.records():
            cles.add(cle(record))
            if record["type"] in ("note", "position"):
                cles.add(("evaluation", record["uai"], record["evaluation"]))
        return cles


@dataclass(frozen=True)
class Decision:
    """The fate of one row; ``changements`` maps each changed field to (avant, après)."""

    numero: int
    sort: str
    type: str
    record: dict | None = None
    changements: dict | None = None
    raison: str | None = None


@dataclass
class Plan:
    decisions: list  # Decision, in file order
    a_ecrire: list  # records to write, in dependency order

    def resume(self) -> dict:
        """{sort: {type: count}} with every fate present."""
        compte = {sort: Counter() for sort in SORTS}
        for decision in self.decisions:
            compte[decision.sort][decision.type] += 1
        return {sort: dict(types) for sort, types in compte.items()}

    def rejets(self) -> list[str]:
        return [d.raison for d in self.decisions if d.sort == "rejetee"]


def cle(record: dict) -> tuple:
    """("note", uai, evaluation, eleve), ("periode", uai, periode)…"""
    return (record["type"], *(record[nom] for nom in TYPES[record["type"]][1]))


def _parents(record: dict) -> list[tuple]:
    """Records this one depends on, by key."""
    genre = record["type"]
    if genre in ("periode", "competence", "fin_de_cycle"):
        return []
    if genre in ("note", "position"):
        return [("evaluation", record["uai"], record["evaluation"])]
    parents = [("periode", record["uai"], record["periode"])]
    if genre == "evaluation":
        parents += [("competence", record["uai"], ident) for ident in record.get("competences", "").split()]
    return parents


# ---------------------------------------------------------------- fields


def _requis(valeur, nom):
    if valeur is None:
        raise _Refus(f"colonne « {nom} » absente")
    if not valeur.strip():
        raise _Refus(f"« {nom} » est vide")
    return valeur.strip()


def _sans_interdits(texte, nom):
    if _INTERDITS.search(texte):
        raise _Refus(f"« {nom} » contient un caractère de contrôle interdit")
    return texte


def _code(valeur, nom):
    texte = _sans_interdits(_requis(valeur, nom), nom)
    if "\n" in texte or "\t" in texte:
        raise _Refus(f"« {nom} » tient sur une ligne")
    if len(texte) > LONGUEUR_CODE:
        raise _Refus(f"« {nom} » dépasse {LONGUEUR_CODE} caractères")
    return texte


def _uai(valeur, nom):
    texte = _requis(valeur, nom).upper()
    if not _UAI.match(texte):
        raise _Refus(f"UAI « {texte} » invalide (7 chiffres et une lettre, ex. 0750001A)")
    return texte


def _texte(valeur, nom, longueur=LONGUEUR_TEXTE, requis=True):
    if valeur is None and requis:
        raise _Refus(f"colonne « {nom} » absente")
    brut = (valeur or "").replace("\r\n", "\n").replace("\r", "\n")
    texte = _requis(brut, nom) if requis else brut.strip()
    _sans_interdits(texte, nom)
    if len(texte) > longueur:
        raise _Refus(f"« {nom} » dépasse {longueur} caractères ({len(texte)})")
    return texte


def _libelle(valeur, nom):
    return _texte(valeur, nom, LONGUEUR_LIBELLE)


def _avis(valeur, nom):
    return _texte(valeur, nom, requis=False)


def _date(valeur, nom, requis=True):
    texte = (valeur or "").strip()
    if not texte and not requis:
        return ""
    texte = _requis(valeur, nom)
    try:
        if not _DATE.match(texte):
            raise ValueError
        return date.fromisoformat(texte).isoformat()
    except ValueError:
        raise _Refus(f"date « {texte} » invalide pour « {nom} » (attendu AAAA-MM-JJ)") from None


def _date_facultative(valeur, nom):
    return _date(valeur, nom, requis=False)


def _decimal_canonique(valeur: Decimal) -> str:
    return f"{valeur.normalize():f}"


def _coefficient(valeur, nom):
    texte = _requis(valeur, nom)
    if not _COEFFICIENT.match(texte) or Decimal(texte.replace(",", ".")) <= 0:
        raise _Refus(f"coefficient « {texte} » invalide (nombre > 0, virgule ou point, ex. 0,5)")
    return _decimal_canonique(Decimal(texte.replace(",", ".")))


def _bareme(valeur, nom):
    texte = (valeur or "").strip()
    if not texte:
        return BAREME_DEFAUT
    if not _BAREME.match(texte) or not 0 < int(texte) <= BAREME_MAX:
        raise _Refus(f"barème « {texte} » invalide (entier de 1 à {BAREME_MAX})")
    return int(texte)


def _facultative(valeur, nom):
    texte = (valeur or "").strip().lower()
    if texte in _OUI:
        return True
    if texte in _NON:
        return False
    raise _Refus(f"« {nom} » vaut oui ou non, pas « {texte} »")


def _mention(valeur, nom):
    brut = unicodedata.normalize("NFKD", (valeur or "").strip().lower())
    texte = "".join(c for c in brut if not unicodedata.combining(c)).replace(" ", "_").replace("-", "_")
    if texte not in MENTIONS:
        raise _Refus(f"mention « {(valeur or '').strip()} » inconnue (attendu : félicitations, compliments, "
                     "encouragements, mise_en_garde ou vide)")
    return texte


def _valeur(valeur, nom):
    # Checked against the evaluation's scale once every evaluation of the file is known.
    return _requis(valeur, nom)


def _notee(valeur, nom):
    """oui/non like facultative, but empty means oui: an evaluation is marked unless it says otherwise."""
    return True if not (valeur or "").strip() else _facultative(valeur, nom)


def _cycle(valeur, nom):
    texte = _requis(valeur, nom)
    if texte not in ("3", "4"):
        raise _Refus(f"cycle « {texte} » invalide (3 ou 4)")
    return texte


def _liste(valeur):
    return (valeur or "").replace(",", " ").split()


def _composantes(valeur, nom):
    codes = _liste(_requis(valeur, nom).upper())
    inconnues = [c for c in codes if c not in CODES_COMPOSANTES]
    if inconnues:
        raise _Refus(f"composante(s) du socle inconnue(s) : {', '.join(inconnues)} (attendu : {', '.join(CODES_COMPOSANTES)})")
    return " ".join(c for c in CODES_COMPOSANTES if c in codes)


def _competences(valeur, nom):
    """Skill ids separated by spaces (or commas), each once, in the order written; empty: none."""
    idents = list(dict.fromkeys(_liste(_sans_interdits(valeur or "", nom))))
    for ident in idents:
        _code(ident, nom)
    return " ".join(idents)


def _libelle_competence(valeur, nom):
    texte = " ".join(_sans_interdits(_requis(valeur, nom), nom).split())
    if len(texte) > LONGUEUR_LIBELLE_COMPETENCE:
        raise _Refus(f"« {nom} » dépasse {LONGUEUR_LIBELLE_COMPETENCE} caractères ({len(texte)})")
    return texte


def _niveau_position(valeur, nom):
    try:
        return lire_niveau(_requis(valeur, nom))
    except NiveauInvalide as exc:
        raise _Refus(str(exc)) from None


def _niveau_periode(valeur, nom):
    texte = _requis(valeur, nom)
    if texte not in ("1", "2", "3", "4"):
        raise _Refus(f"positionnement « {texte} » invalide (1 à 4)")
    return texte


def _niveau_socle(valeur, nom):
    texte = (valeur or "").strip()
    if texte not in ("", "0", "1", "2", "3", "4"):
        raise _Refus(f"niveau « {texte} » invalide pour « {nom.upper()} » (0 : dispensé, 1 à 4, ou vide)")
    return texte


def _elements(valeur, nom):
    """One élément du programme per line, spaces collapsed, each once; empty: the teacher left none."""
    lignes = []
    for ligne in _texte(valeur, nom, 100 * LONGUEUR_ELEMENT, requis=False).split("\n"):
        texte = " ".join(ligne.split())
        if len(texte) > LONGUEUR_ELEMENT:
            raise _Refus(f"un élément du programme dépasse {LONGUEUR_ELEMENT} caractères ({len(texte)})")
        if texte and texte not in lignes:
            lignes.append(texte)
    return "\n".join(lignes)


def _synthese(valeur, nom):
    return _texte(valeur, nom, LONGUEUR_SYNTHESE, requis=False)


def _complement(valeur, nom):
    texte = (valeur or "").strip().upper()
    if texte and texte not in ENSEIGNEMENTS_COMPLEMENT:
        raise _Refus(f"enseignement de complément « {texte} » inconnu (attendu : {', '.join(ENSEIGNEMENTS_COMPLEMENT)} ou vide)")
    return texte


def _complement_niveau(valeur, nom):
    texte = (valeur or "").strip()
    if texte not in ("", "1", "2"):
        raise _Refus(f"« {nom} » vaut 1 (objectif atteint), 2 (dépassé) ou vide, pas « {texte} »")
    return texte


_LECTEURS = {
    "uai": _uai, "periode": _code, "evaluation": _code, "division": _code, "matiere": _code, "eleve": _code,
    "libelle": _libelle, "titre": _libelle, "du": _date, "au": _date, "date": _date, "coefficient": _coefficient,
    "bareme": _bareme, "facultative": _facultative, "valeur": _valeur, "texte": _texte, "avis": _avis,
    "mention": _mention, "competence": _code, "cycle": _cycle, "composantes": _composantes, "competences": _competences,
    "notee": _notee, "synthese": _synthese, "complement": _complement, "complement_niveau": _complement_niveau,
    **dict.fromkeys(COLONNES_SOCLE, _niveau_socle),
}
_LECTEURS_SPECIFIQUES = {
    ("conseil", "date"): _date_facultative, ("competence", "libelle"): _libelle_competence,
    ("position", "niveau"): _niveau_position, ("positionnement", "niveau"): _niveau_periode, ("elements", "texte"): _elements,
}
_LECTEURS_PAR_TYPE = {
    nom: tuple((champ, _LECTEURS_SPECIFIQUES.get((nom, champ)) or _LECTEURS[champ]) for champ in champs)
    for nom, (champs, _) in TYPES.items()
}


def _coherence(record) -> list[str]:
    """What a record's fields say together (the fields being each valid)."""
    genre = record["type"]
    if genre == "periode" and record["au"] < record["du"]:
        return ["la fin de la période précède son début"]
    if genre == "competence":
        # the référentiel's own rule (identifier and subject code), so that the import stores what it would accept
        _, problemes = lire_item({"id": record["competence"], "matiere": record["matiere"], "cycle": int(record["cycle"]),
                                  "libelle": record["libelle"], "composantes": record["composantes"].split()}, "compétence")
        return [p.removeprefix("compétence : ") for p in problemes]
    if genre == "evaluation" and record.get("notee") is False and not record.get("competences", "x"):
        return ["une évaluation sans note (notee = non) porte au moins une compétence"]
    if genre == "fin_de_cycle":
        erreurs = []
        if record["complement"] and record["cycle"] != "4":
            erreurs.append("l'enseignement de complément n'existe qu'en fin de cycle 4")
        if record["complement"] == "AUC" and record["complement_niveau"]:
            erreurs.append("« complement_niveau » reste vide quand « complement » vaut AUC (aucun)")
        if record["complement"] not in ("", "AUC") and not record["complement_niveau"]:
            erreurs.append("« complement_niveau » vaut 1 (objectif atteint) ou 2 (dépassé)")
        if not record["complement"] and record["complement_niveau"]:
            erreurs.append("« complement_niveau » sans « complement »")
        return erreurs
    return []


def _note_canonique(texte: str, bareme: int) -> str:
    valeur = lire_saisie(texte, bareme)
    return valeur if isinstance(valeur, str) else _decimal_canonique(valeur)


def _record(cellules: dict) -> dict:
    """One row (column → text, None when the column is absent) → normalised record, or _Refus."""
    nom = (cellules.get("type") or "").strip().lower()
    if nom not in TYPES:
        brut = (cellules.get("type") or "").strip()
        raise _Refus(f"type inconnu « {brut} » (attendu : {', '.join(TYPES)})" if brut else "type vide")
    record = {"type": nom}
    erreurs = []
    for champ, lecteur in _LECTEURS_PAR_TYPE[nom]:
        if (nom, champ) in OPTIONNELS and cellules.get(champ) is None:
            continue  # column absent: the stored value stays (a file written before skills existed)
        try:
            record[champ] = lecteur(cellules.get(champ), champ)
        except _Refus as refus:
            erreurs.append(str(refus))
    if not erreurs:
        erreurs = _coherence(record)
    if erreurs:
        raise _Refus(" ; ".join(erreurs))
    return record


# ---------------------------------------------------------------- decoding


def _neutraliser(texte: str) -> str:
    """Lossless guard for spreadsheets: an apostrophe before any cell that, once its
    leading apostrophes are set aside, starts like a formula (= + - @)."""
    return "'" + texte if texte.lstrip("'").startswith(_DANGEREUX) else texte


def _restaurer(texte: str) -> str:
    if texte[:1] != "'":
        return texte
    return texte[1:] if texte.lstrip("'").startswith(_DANGEREUX) else texte


def _texte_de_cellule(valeur):
    """A cell of XLSX or JSON as the text a CSV would hold (None stays None: absent)."""
    if valeur is None or isinstance(valeur, str):
        return valeur
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, int):
        return str(valeur)
    if isinstance(valeur, float):
        return str(int(valeur)) if valeur.is_integer() else repr(valeur)
    if isinstance(valeur, datetime):
        return valeur.date().isoformat() if valeur.time() == datetime.min.time() else valeur.isoformat()
    if isinstance(valeur, date):
        return valeur.isoformat()
    raise _Refus(f"valeur « {valeur!r} » illisible")


def _limiter(nombre: int, lignes_max: int):
    if nombre > lignes_max:
        limite = f"{lignes_max:,}".replace(",", "\u202f")
        raise TransfertInvalide(f"Fichier refusé : plus de {limite} lignes ; découpez-le en plusieurs fichiers.")


def _en_tete(cellules) -> list[str]:
    colonnes = ["" if c is None else str(c).strip().lower() for c in cellules]
    if "type" not in colonnes:
        raise TransfertInvalide("Fichier refusé : la première ligne doit être l'en-tête, avec une colonne « type ».")
    doubles = sorted({c for c in colonnes if c and colonnes.count(c) > 1})
    if doubles:
        raise TransfertInvalide(f"Fichier refusé : colonne(s) en double dans l'en-tête : {', '.join(doubles)}.")
    return colonnes


def _texte_de_case(valeur) -> str:
    """A sheet cell as CSV text: an empty cell is an empty value."""
    return "" if valeur is None else _texte_de_cellule(valeur)


def _rangees_tableau(rangees, lignes_max, convertir=None):
    """Rows of a CSV or a sheet → (numero, cells by column); the header is line 1, empty rows skipped."""
    rangees = iter(rangees)
    try:
        colonnes = _en_tete(next(rangees))
    except StopIteration:
        raise TransfertInvalide("Fichier refusé : il est vide.") from None
    connues = [(rang, nom) for rang, nom in enumerate(colonnes) if nom in TOUTES_COLONNES]  # others are ignored
    for numero, rangee in enumerate(rangees, start=2):
        _limiter(numero - 1, lignes_max)
        try:
            textes = [convertir(v) for v in rangee] if convertir else rangee
        except _Refus as refus:
            yield numero, refus
            continue
        if not "".join(textes).strip():
            continue
        if len(textes) > len(colonnes) and "".join(textes[len(colonnes):]).strip():
            yield numero, _Refus(f"{len(textes)} valeurs pour {len(colonnes)} colonnes")
            continue
        cellules = dict.fromkeys(TOUTES_COLONNES)
        for rang, nom in connues:
            # Columns the header has but this short row lacks are empty, not absent.
            cellules[nom] = _restaurer(textes[rang]) if rang < len(textes) else ""
        yield numero, cellules


def _rangees_csv(contenu: bytes, lignes_max: int):
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TransfertInvalide("Fichier refusé : il n'est pas encodé en UTF-8 (enregistrez-le en « CSV UTF-8 »).") from None
    premiere = texte.split("\n", 1)[0]
    separateur = "," if premiere.count(",") > premiere.count(";") else ";"
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur, strict=True)
    try:
        yield from _rangees_tableau(lecteur, lignes_max)
    except csv.Error as exc:
        raise TransfertInvalide(f"Fichier refusé : CSV mal formé vers la ligne {lecteur.line_num} ({exc}).") from None


def _verifier_xlsx(archive: zipfile.ZipFile, taille_max: int):
    """Refuse DTDs and entities in any XML part before openpyxl parses it.

    The parts must be UTF-8 (or ASCII): in UTF-16 or UTF-7 a DOCTYPE would not show as bytes."""
    if sum(info.file_size for info in archive.infolist()) > 10 * taille_max:
        raise TransfertInvalide("Fichier refusé : le classeur décompressé est trop volumineux.")
    for info in archive.infolist():
        if not info.filename.lower().endswith(_PARTIES_XML):
            continue  # images and other binary parts are never parsed as XML
        with archive.open(info) as partie:
            precedent = b""
            premier = True
            while bloc := partie.read(1 << 16):
                if premier and not _en_utf8(bloc):
                    raise TransfertInvalide("Fichier refusé : une partie du classeur n'est pas en UTF-8.")
                premier = False
                fenetre = (precedent + bloc).lower()
                if b"<!doctype" in fenetre or b"<!entity" in fenetre:
                    raise TransfertInvalide("Fichier refusé : le classeur déclare une DTD ou des entités XML (interdit).")
                precedent = bloc[-16:]


def _en_utf8(debut: bytes) -> bool:
    if debut.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in debut[:512]:
        return False
    declaration = _DECLARATION_XML.match(debut)
    return declaration is None or declaration.group(1).lower() in (b"utf-8", b"utf8", b"us-ascii", b"ascii")


def _rangees_xlsx(contenu: bytes, taille_max: int, lignes_max: int):
    import openpyxl  # only XLSX files need it

    try:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            _verifier_xlsx(archive, taille_max)
    except TransfertInvalide:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError):
        raise TransfertInvalide("Fichier refusé : ce n'est pas un classeur XLSX lisible.") from None
    try:
        classeur = openpyxl.load_workbook(io.BytesIO(contenu), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged workbook; all mean the same here
        raise TransfertInvalide("Fichier refusé : ce n'est pas un classeur XLSX lisible.") from None
    try:
        if not classeur.worksheets:
            raise TransfertInvalide("Fichier refusé : le classeur n'a aucune feuille.")
        yield from _rangees_tableau(classeur.worksheets[0].iter_rows(values_only=True), lignes_max, _texte_de_case)
    finally:
        classeur.close()


def _rangees_json(contenu: bytes, lignes_max: int):
    try:
        donnees = json.loads(contenu.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise TransfertInvalide("Fichier refusé : il n'est pas encodé en UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise TransfertInvalide(f"Fichier refusé : JSON mal formé (ligne {exc.lineno}, colonne {exc.colno}).") from None
    if not isinstance(donnees, list):
        raise TransfertInvalide("Fichier refusé : le JSON doit être une liste d'enregistrements.")
    _limiter(len(donnees), lignes_max)
    for numero, objet in enumerate(donnees, start=1):
        if not isinstance(objet, dict):
            yield numero, _Refus("objet JSON attendu")
            continue
        try:
            cellules = {nom: _texte_de_cellule(objet.get(nom)) for nom in TOUTES_COLONNES}
        except _Refus as refus:
            yield numero, refus
            continue
        # null is an empty value; only a missing key is an absent column.
        cellules.update({nom: "" for nom in TOUTES_COLONNES if nom in objet and objet[nom] is None})
        yield numero, cellules


# ---------------------------------------------------------------- reading


def lire(contenu: bytes, nom_fichier: str, connues=None, taille_max: int = TAILLE_MAX,
         lignes_max: int = LIGNES_MAX, referentiel=None, evaluations_stockees=None) -> Lecture:
    """Decode a transfer file; ``connues`` maps (uai, evaluation) → barème of evaluations already stored,
    ``referentiel`` (uai, skill id) → subject code of the skills already stored, ``evaluations_stockees``
    (uai, evaluation) → {"matiere", "competences": tuple, "notee"} of the evaluations already stored."""
    extension = nom_fichier.rsplit(".", 1)[-1].lower() if "." in nom_fichier else ""
    if extension not in ("csv", "xlsx", "json"):
        raise TransfertInvalide(f"Fichier refusé : « {nom_fichier} » n'est ni .csv, ni .xlsx, ni .json.")
    if len(contenu) > taille_max:
        limite = f"{taille_max / 2**20:g} Mo" if taille_max >= 2**20 else f"{taille_max} octets"
        raise TransfertInvalide(f"Fichier refusé : il dépasse {limite}.")
    if extension == "csv":
        rangees = _rangees_csv(contenu, lignes_max)
    elif extension == "xlsx":
        rangees = _rangees_xlsx(contenu, taille_max, lignes_max)
    else:
        rangees = _rangees_json(contenu, lignes_max)
    lecture = Lecture(extension)
    evaluations_en_erreur = {}  # (uai, evaluation) as written → line, to explain the notes that use them
    competences_en_erreur = {}  # (uai, competence) as written → line, for the evaluations that use them
    for numero, cellules in rangees:
        if isinstance(cellules, _Refus):
            lecture.lignes.append((numero, None, f"ligne {numero} : {cellules}"))
            continue
        lecture.types[numero] = (cellules.get("type") or "").strip().lower()
        try:
            lecture.lignes.append((numero, _record(cellules), None))
        except _Refus as refus:
            lecture.lignes.append((numero, None, f"ligne {numero} : {refus}"))
            if lecture.types[numero] in ("evaluation", "competence"):
                champ = lecture.types[numero]
                cle_brute = ((cellules.get("uai") or "").strip().upper(), (cellules.get(champ) or "").strip())
                (evaluations_en_erreur if champ == "evaluation" else competences_en_erreur).setdefault(cle_brute, numero)
    _refuser_doublons(lecture)
    _verifier_competences(lecture, referentiel or {}, evaluations_stockees or {}, competences_en_erreur, evaluations_en_erreur)
    _verifier_notes(lecture, connues or {}, evaluations_en_erreur, evaluations_stockees or {})
    _verifier_positions(lecture, evaluations_stockees or {}, evaluations_en_erreur, connues or {})
    return lecture


def _refuser_doublons(lecture: Lecture):
    premieres = {}
    for rang, (numero, record, _) in enumerate(lecture.lignes):
        if record is None:
            continue
        premiere = premieres.setdefault(cle(record), numero)
        if premiere != numero:
            lecture.lignes[rang] = (numero, None, f"ligne {numero} : doublon de la ligne {premiere} (même clé : "
                                                  f"{' / '.join(cle(record))})")


def _verifier_competences(lecture: Lecture, referentiel, evaluations_stockees, competences_en_erreur, evaluations_en_erreur):
    """An evaluation's skills are in the file or the stored référentiel, of the evaluation's subject."""
    du_fichier = {cle(r)[1:]: r["matiere"] for r in lecture.records() if r["type"] == "competence"}
    for rang, (numero, record, _) in enumerate(lecture.lignes):
        if record is None or record["type"] != "evaluation":
            continue
        raisons = []
        for ident in record.get("competences", "").split():
            matiere = du_fichier.get((record["uai"], ident), referentiel.get((record["uai"], ident)))
            ligne = competences_en_erreur.get((record["uai"], ident))
            if matiere is None:
                raisons.append(f"la compétence « {ident} » de la ligne {ligne} est en erreur" if ligne else
                               f"compétence « {ident} » inconnue : ni dans le fichier, ni dans le référentiel de Cartable")
            elif matiere != record["matiere"]:
                raisons.append(f"la compétence « {ident} » est d'une autre matière ({matiere}) que l'évaluation")
        stockee = evaluations_stockees.get(cle(record)[1:])
        if record.get("notee") is False and "competences" not in record and not (stockee or {}).get("competences"):
            raisons.append("une évaluation sans note (notee = non) porte au moins une compétence")
        if raisons:
            lecture.lignes[rang] = (numero, None, f"ligne {numero} : {' ; '.join(raisons)}")
            evaluations_en_erreur.setdefault(cle(record)[1:], numero)


def _evaluations_du_fichier(lecture: Lecture, evaluations_stockees):
    """(uai, evaluation) → {"competences", "notee"} of the file's evaluations, a missing column read as stored."""
    resultat = {}
    for r in lecture.records():
        if r["type"] == "evaluation":
            stockee = evaluations_stockees.get(cle(r)[1:]) or {}
            resultat[cle(r)[1:]] = {
                "competences": tuple(r["competences"].split()) if "competences" in r else tuple(stockee.get("competences", ())),
                "notee": r["notee"] if "notee" in r else stockee.get("notee", True)}
    return resultat


def _verifier_positions(lecture: Lecture, evaluations_stockees, evaluations_en_erreur, connues):
    """A position needs its evaluation (in the file or known) and one of the evaluation's skills (an evaluation
    ``connues`` gives without ``evaluations_stockees`` saying its skills: left to the caller's ``verifier``)."""
    du_fichier = _evaluations_du_fichier(lecture, evaluations_stockees)
    for rang, (numero, record, _) in enumerate(lecture.lignes):
        if record is None or record["type"] != "position":
            continue
        cle_evaluation = (record["uai"], record["evaluation"])
        evaluation = du_fichier.get(cle_evaluation, evaluations_stockees.get(cle_evaluation))
        if evaluation is None and cle_evaluation in connues:
            continue
        if evaluation is None:
            ligne = evaluations_en_erreur.get(cle_evaluation)
            raison = (f"l'évaluation « {record['evaluation']} » de la ligne {ligne} est en erreur" if ligne else
                      f"évaluation « {record['evaluation']} » inconnue : ni dans le fichier, ni dans Cartable")
        elif record["competence"] not in tuple(evaluation["competences"]):
            raison = f"la compétence « {record['competence']} » n'est pas évaluée dans l'évaluation « {record['evaluation']} »"
        else:
            continue
        lecture.lignes[rang] = (numero, None, f"ligne {numero} : {raison}")


def _verifier_notes(lecture: Lecture, connues, evaluations_en_erreur, evaluations_stockees=None):
    """A note needs its evaluation (in the file or known), marked, and a value on its scale."""
    baremes = {cle(r)[1:]: r["bareme"] for r in lecture.records() if r["type"] == "evaluation"}
    du_fichier = _evaluations_du_fichier(lecture, evaluations_stockees or {})
    for rang, (numero, record, _) in enumerate(lecture.lignes):
        if record is None or record["type"] != "note":
            continue
        cle_evaluation = (record["uai"], record["evaluation"])
        if not du_fichier.get(cle_evaluation, (evaluations_stockees or {}).get(cle_evaluation) or {}).get("notee", True):
            lecture.lignes[rang] = (numero, None, f"ligne {numero} : l'évaluation « {record['evaluation']} » est sans note "
                                                  "(notee = non)")
            continue
        bareme = baremes.get(cle_evaluation, connues.get(cle_evaluation))
        if bareme is None:
            ligne = evaluations_en_erreur.get(cle_evaluation)
            raison = (f"l'évaluation « {record['evaluation']} » de la ligne {ligne} est en erreur" if ligne else
                      f"évaluation « {record['evaluation']} » inconnue : ni dans le fichier, ni dans Cartable")
            lecture.lignes[rang] = (numero, None, f"ligne {numero} : {raison}")
            continue
        try:
            record["valeur"] = _note_canonique(record["valeur"], bareme)
        except SaisieRefusee as exc:
            lecture.lignes[rang] = (numero, None, f"ligne {numero} : note de l'élève {record['eleve']} : {exc}")


# ---------------------------------------------------------------- planning


def planifier(lecture: Lecture, existant: dict, verifier=None) -> Plan:
    """Every row's fate against ``existant`` (key → stored record); ``verifier(record)`` → French reason or None."""
    lignes_valides = {cle(record): numero for numero, record, _ in lecture.lignes if record is not None}
    decisions = {}
    ordre = sorted(lecture.lignes, key=lambda ligne: (ORDRE.get(ligne[1]["type"], 0) if ligne[1] else -1, ligne[0]))
    for numero, record, erreur in ordre:
        if record is None:
            decisions[numero] = Decision(numero, "rejetee", lecture.types.get(numero) or "?", raison=erreur)
            continue
        raison = _raison_de_rejet(record, lignes_valides, decisions, existant, verifier)
        if raison:
            decisions[numero] = Decision(numero, "rejetee", record["type"], record, raison=f"ligne {numero} : {raison}")
        else:
            decisions[numero] = _comparer(numero, record, existant.get(cle(record)))
    dans_l_ordre = [decisions[numero] for numero in sorted(decisions)]
    a_ecrire = [d.record for d in sorted((d for d in dans_l_ordre if d.sort in ("creer", "mettre_a_jour")),
                                         key=lambda d: (ORDRE[d.type], d.numero))]
    return Plan(dans_l_ordre, a_ecrire)


def _raison_de_rejet(record, lignes_valides, decisions, existant, verifier):
    for parent in _parents(record):
        ligne = lignes_valides.get(parent)
        if ligne is not None and decisions[ligne].sort == "rejetee":
            quoi = {"evaluation": "l'évaluation", "competence": "la compétence"}.get(parent[0], "la période")
            return f"{quoi} « {parent[2]} » de la ligne {ligne} est rejetée"
    if record["type"] == "note" and ("evaluation", record["uai"], record["evaluation"]) not in lignes_valides:
        stockee = existant.get(("evaluation", record["uai"], record["evaluation"]))
        if stockee is not None:
            try:
                _note_canonique(record["valeur"], stockee["bareme"])
            except SaisieRefusee as exc:
                return f"note de l'élève {record['eleve']} : {exc}"
    return verifier(record) if verifier else None


def _comparer(numero, record, stocke) -> Decision:
    if stocke is None:
        return Decision(numero, "creer", record["type"], record)
    changements = {champ: (stocke.get(champ), record[champ]) for champ in TYPES[record["type"]][0]
                   if champ in record and stocke.get(champ) != record[champ]}
    if changements:
        return Decision(numero, "mettre_a_jour", record["type"], record, changements)
    return Decision(numero, "inchange", record["type"], record)


# ---------------------------------------------------------------- writing


def _tries(records) -> list[dict]:
    return sorted(records, key=lambda r: (ORDRE[r["type"]], cle(r)))


def _texte_de_champ(valeur) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    return str(valeur)


def avec_competences(records) -> bool:
    """Whether the records need the skills' columns: a skill record, or an evaluation with skills or without mark.
    Otherwise the file is written as before skills existed (same columns, same bytes)."""
    return any(r["type"] in TYPES_COMPETENCES
               or (r["type"] == "evaluation" and (r.get("competences", "") or r.get("notee", True) is not True))
               for r in records)


def _champs_ecrits(record, etendu):
    return [champ for champ in TYPES[record["type"]][0] if etendu or (record["type"], champ) not in OPTIONNELS]


def _rangees_ecrites(records):
    """Header then one row per record, every cell a neutralised string."""
    records = _tries(records)
    colonnes = TOUTES_COLONNES if avec_competences(records) else COLONNES
    yield list(colonnes)
    for record in records:
        yield [_neutraliser(_texte_de_champ(record.get(nom, OPTIONNELS.get((record["type"], nom), ""))))
               for nom in colonnes]


def ecrire_csv(records) -> bytes:
    """UTF-8 with BOM, ``;`` separator: what French Excel opens as is."""
    sortie = io.StringIO(newline="")
    csv.writer(sortie, delimiter=";", lineterminator="\r\n").writerows(_rangees_ecrites(records))
    return sortie.getvalue().encode("utf-8-sig")


def ecrire_json(records) -> bytes:
    """A list of records (bareme an integer, facultative and notee booleans), no neutralisation."""
    records = _tries(records)
    etendu = avec_competences(records)
    sortie = [{"type": r["type"], **{champ: r.get(champ, OPTIONNELS.get((r["type"], champ))) for champ in _champs_ecrits(r, etendu)}}
              for r in records]
    return (json.dumps(sortie, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def ecrire_xlsx(records) -> bytes:
    """The CSV's rows in one sheet, every cell typed as text."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    classeur = openpyxl.Workbook(write_only=True)
    feuille = classeur.create_sheet("notes")
    for rangee in _rangees_ecrites(records):
        cellules = []
        for texte in rangee:
            cellule = WriteOnlyCell(feuille, value=texte)
            cellule.data_type = "s"  # never a formula nor an error code such as #N/A
            cellules.append(cellule)
        feuille.append(cellules)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
