"""Reading AAF files (académie directory exports): records, nothing applied.

Pure module (lxml only, no Zope). See ../shared/formats/aaf/README.md.

Safety: the parser never loads the DTD, never touches the network and
never expands entities; a file whose prolog declares entities is refused
whole. A file that is not well-formed is refused whole too (a truncated
full set must not be half-applied); its records are not yielded.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree

# Import order: structures before people, students before the people
# related to them (links to unknown ids are kept and reported, not dropped).
CATEGORIES = ("EtabEducNat", "MatiereEducNat", "MefEducNat", "Eleve", "PersRelEleve", "PersEducNat")
PERSONNES = ("Eleve", "PersRelEleve", "PersEducNat")

# operationalAttributes name → the value that names the category, as written in files
_CATEGORY_VALUES = {"MatEducNat": "MatiereEducNat"}
_OPERATIONS = {"addRequest": "add", "modifyRequest": "modify", "deleteRequest": "delete"}
_FILE_CATEGORY = re.compile(r"_(EtabEducNat|MatiereEducNat|MefEducNat|Eleve|PersRelEleve|PersEducNat)_(\d+)\.xml$")


@dataclass(frozen=True)
class Requete:
    """One add/modify/delete request of a file."""

    fichier: str
    ligne: int
    operation: str  # "add", "modify" or "delete"
    categorie: str
    id: str
    # add: every attribute; modify: the replaced attributes; delete: none.
    # Empty <value/> are dropped: an attribute with no value is ().
    attributs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rejet:
    """A record (or a whole file, id '') that is not applied, and why (French)."""

    fichier: str
    ligne: int
    id: str
    categorie: str
    motif: str

    def __str__(self):
        where = f"{self.fichier}:{self.ligne}" if self.ligne else self.fichier
        who = f" {self.categorie} {self.id}" if self.id else ""
        return f"{where}{who} : {self.motif}"


def categorie_du_fichier(path) -> str | None:
    match = _FILE_CATEGORY.search(Path(path).name)
    return match.group(1) if match else None


def ordonner(fichiers: Iterable[Path]) -> list[Path]:
    """AAF files of a folder in import order (category, then part number); others left out."""
    known = [Path(f) for f in fichiers if categorie_du_fichier(f)]

    def key(path):
        match = _FILE_CATEGORY.search(path.name)
        return (CATEGORIES.index(match.group(1)), int(match.group(2)), path.name)

    return sorted(known, key=key)


def _parser_options():
    return dict(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _prolog_declares_entities(path: Path) -> bool:
    # Enough of the head to see the whole prolog of any real AAF file.
    with open(path, "rb") as stream:
        head = stream.read(65536)
    root = head.find(b"<ficAlimMENESR")
    prolog = head if root < 0 else head[:root]
    return b"<!ENTITY" in prolog


def lire_fichier(path) -> Iterator[Requete | Rejet]:
    """The records of one file, in order; a refused file yields one Rejet only."""
    path = Path(path)
    name = path.name
    expected = categorie_du_fichier(path)
    if _prolog_declares_entities(path):
        yield Rejet(name, 0, "", expected or "", "fichier refusé : il déclare des entités XML (interdit)")
        return
    records = []
    try:
        for _, element in etree.iterparse(str(path), events=("end",), tag=tuple(_OPERATIONS), **_parser_options()):
            records.append(_record(name, expected, element))
            element.clear(keep_tail=False)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        yield Rejet(name, line, "", expected or "", f"fichier refusé, XML mal formé ligne {line} : {_syntax_message(exc)}")
        return
    yield from records


def _syntax_message(exc) -> str:
    message = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
    lowered = message.lower()
    if "not proper utf-8" in lowered or "invalid bytes in character encoding" in lowered:
        return (
            "le texte n'est pas de l'UTF-8 ; un fichier en ISO-8859-15 doit le déclarer "
            "(<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>) — " + message
        )
    return message


def _values(node) -> tuple[str, ...]:
    return tuple(v.text.strip() for v in node.iterfind("value") if v.text is not None and v.text.strip())


def _record(name, expected, element) -> Requete | Rejet:
    operation = _OPERATIONS[element.tag]
    line = element.sourceline or 0
    ident = (element.findtext("identifier/id") or "").strip()
    category_attr = element.find("operationalAttributes/attr")
    category_values = _values(category_attr) if category_attr is not None else ()
    category = _CATEGORY_VALUES.get(category_values[0], category_values[0]) if category_values else ""
    if not ident:
        return Rejet(name, line, "", category, "identifiant manquant (<identifier><id>)")
    if category not in CATEGORIES:
        return Rejet(name, line, ident, category, f"catégorie inconnue « {category} »")
    if expected and category != expected:
        return Rejet(name, line, ident, category, f"catégorie {category} dans un fichier {expected}")
    attributes = {}
    if operation == "add":
        for attr in element.iterfind("attributes/attr"):
            attributes[attr.get("name")] = _values(attr)
    elif operation == "modify":
        for modification in element.iterfind("modifications/modification"):
            if modification.get("operation") != "replace":
                return Rejet(
                    name, line, ident, category, f"opération « {modification.get('operation')} » non prévue (seul replace existe)"
                )
            attributes[modification.get("name")] = _values(modification)
        if not attributes:
            return Rejet(name, line, ident, category, "modification sans aucun attribut")
    return Requete(name, line, operation, category, ident, attributes)


# -- decoding of $-tuples and values ------------------------------------------


def premier(attributs: dict, nom: str, defaut: str = "") -> str:
    values = attributs.get(nom) or ()
    return values[0] if values else defaut


def tuples(attributs: dict, nom: str, taille: int) -> list[tuple[str, ...]]:
    """``structure$a$b…`` values cut into tuples of at least ``taille`` parts (missing parts: '')."""
    result = []
    for value in attributs.get(nom) or ():
        parts = value.split("$")
        if len(parts) < taille:
            parts += [""] * (taille - len(parts))
        result.append(tuple(parts))
    return result


@dataclass(frozen=True)
class LienResponsable:
    """A student → related person link (ENTElevePersRelEleve)."""

    personne: str
    lien: str  # 1 père, 2 mère, 10/20 other parent, …
    responsable_financier: bool
    representant_legal: bool  # 1 or 2: legal authority
    contact: bool
    paiement: bool


def liens_responsables(attributs: dict) -> list[LienResponsable]:
    """From ENTElevePersRelEleve, or from the older attributes when it is absent."""
    liens = []
    for person, lien, financier, legal, contact, paiement in tuples(attributs, "ENTElevePersRelEleve", 6)[:]:
        if person:
            liens.append(
                LienResponsable(person, lien, financier == "1", legal in ("1", "2"), contact == "1", paiement == "1")
            )
    if liens:
        return liens
    autorite = set(attributs.get("ENTEleveAutoriteParentale") or ())
    pere = set(attributs.get("ENTElevePere") or ())
    mere = set(attributs.get("ENTEleveMere") or ())
    for person in dict.fromkeys((attributs.get("ENTEleveParents") or ()) + tuple(autorite)):
        lien = "1" if person in pere else "2" if person in mere else ""
        liens.append(LienResponsable(person, lien, False, person in autorite, False, False))
    return liens


def date_fr(value: str) -> date | None:
    """dd/mm/yyyy → date; '' or malformed → None."""
    try:
        day, month, year = (int(p) for p in value.split("/"))
        return date(year, month, day)
    except (ValueError, AttributeError):
        return None
