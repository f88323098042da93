"""Homework (Devoir) and hand-ins (Rendu): the rules, without Zope (issue 4).

Pure module (standard library only). The Dexterity types and DCWorkflow
workflows are a thin shell around it: they copy their fields into a
``Devoir`` / ``Rendu``, ask these functions, and store what comes back.

Decisions:

- **Instants, not wall clocks.** Every date-time must carry its time zone
  (aware); it is converted to UTC on the way in, so that comparisons and
  lateness are true durations even across a change of summer time (Python
  subtracts two datetimes of the *same* zone by wall clock, which is one
  hour wrong on the last Sunday of October). Europe/Paris is for display only.
- **Boundaries are inclusive for the student**: handing in at the opening
  instant is allowed, at the due instant is on time, at the cut-off instant
  is accepted (late). One second later is the other side.
- **An extension replaces the due date and the cut-off of one student.** It
  never shortens them; its cut-off ``None`` means "no cut-off" for that
  student, like the devoir's own.
- **Files are checked by extension AND by their first bytes**: a renamed
  executable is refused even when called ``.pdf``. Text files have no
  signature; they must not contain binary control bytes.
- **The Rendu workflow is a function** ``appliquer(rendu, transition, ...)``
  returning a new ``Rendu`` or raising ``TransitionRefusee`` with the French
  message to show; nothing changes on refusal.
"""

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from cartable.regles.dates_fr import moment_fr

FUSEAU_AFFICHAGE = ZoneInfo("Europe/Paris")
MO = 1024 * 1024
# How many first bytes the Zope side must pass for the signature check (ODF needs 38 + its mimetype).
PREMIERS_OCTETS = 128


class DevoirInvalide(ValueError):
    """A devoir or a hand-in that breaks the rules; the message is French, shown as is."""


class TransitionRefusee(ValueError):
    """A workflow transition refused; the message is French, shown as is."""


# --- Types of files ---------------------------------------------------------

_ZIP = (0, b"PK\x03\x04")
_OLE2 = (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # .doc, .xls, .ppt (Office 97-2003)


def _odf(sous_type: str) -> tuple[int, bytes]:
    # An ODF zip must start with the uncompressed "mimetype" entry: name at 30, value at 38.
    return (30, b"mimetypeapplication/vnd.oasis.opendocument." + sous_type.encode())


# extension → (famille, signatures): the file must start (at the offset) with one of them.
# Signatures ``None``: a text file, checked for the absence of binary bytes instead.
TYPES_DE_FICHIERS: dict[str, tuple[str, tuple[tuple[int, bytes], ...] | None]] = {
    "pdf": ("pdf", ((0, b"%PDF-"),)),
    "png": ("image", ((0, b"\x89PNG\r\n\x1a\n"),)),
    "jpg": ("image", ((0, b"\xff\xd8\xff"),)),
    "jpeg": ("image", ((0, b"\xff\xd8\xff"),)),
    "gif": ("image", ((0, b"GIF87a"), (0, b"GIF89a"))),
    "webp": ("image", ((8, b"WEBP"),)),  # RIFF....WEBP: checked with the RIFF head below
    "docx": ("bureautique", (_ZIP,)),
    "xlsx": ("bureautique", (_ZIP,)),
    "pptx": ("bureautique", (_ZIP,)),
    "odt": ("bureautique", (_odf("text"),)),
    "ods": ("bureautique", (_odf("spreadsheet"),)),
    "odp": ("bureautique", (_odf("presentation"),)),
    "doc": ("bureautique", (_OLE2,)),
    "xls": ("bureautique", (_OLE2,)),
    "ppt": ("bureautique", (_OLE2,)),
    "rtf": ("bureautique", ((0, b"{\\rtf"),)),
    "txt": ("texte", None),
    "md": ("texte", None),
    "csv": ("texte", None),
}
FAMILLES = {
    "pdf": "PDF",
    "image": "images (PNG, JPEG, GIF, WebP)",
    "bureautique": "documents bureautiques (Word, Excel, PowerPoint, LibreOffice, RTF)",
    "texte": "texte (.txt, .md, .csv)",
}
# Bytes that never occur in a text file (UTF-8 or Windows-1252): C0 controls but tab, LF, FF, CR.
_OCTETS_BINAIRES = set(range(0, 32)) - {9, 10, 12, 13}


def signature_conforme(extension: str, premiers_octets: bytes) -> bool:
    """Do the first bytes match what a file of this extension must start with?"""
    famille, signatures = TYPES_DE_FICHIERS[extension]
    if signatures is None:
        return not any(octet in _OCTETS_BINAIRES for octet in premiers_octets)
    if extension == "webp" and not premiers_octets.startswith(b"RIFF"):
        return False
    return any(premiers_octets[debut:debut + len(sig)] == sig for debut, sig in signatures)


# --- Names ------------------------------------------------------------------

_INTERDITS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVES_WINDOWS = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
LONGUEUR_MAX_NOM = 120


def nettoyer_nom(nom: str) -> str:
    """A file name safe on every system and inside a zip; "" when nothing usable remains.

    Keeps the last path component only (browsers on Windows send ``C:\\...``),
    NFC-normalises (macOS sends decomposed accents), replaces the characters
    Windows forbids, drops leading dots (no hidden files, no ``..``) and
    trailing dots and spaces, and shortens to 120 characters keeping the extension.
    """
    nom = unicodedata.normalize("NFC", nom or "")
    nom = re.split(r"[/\\]", nom)[-1]
    nom = _INTERDITS.sub("_", nom)
    nom = re.sub(r"\s+", " ", nom).strip().lstrip(".").rstrip(". ").strip()
    if not nom.strip("_ "):
        return ""
    base, point, extension = nom.rpartition(".")
    if not point:
        base, extension = nom, ""
    if base.lower() in _RESERVES_WINDOWS:
        base = f"_{base}"
    suffixe = f".{extension}" if point else ""
    return base[: max(1, LONGUEUR_MAX_NOM - len(suffixe))] + suffixe


def extension_de(nom: str) -> str:
    """Lower-case extension without the dot ("" when none)."""
    base, point, extension = nom.rpartition(".")
    return extension.lower() if point and base else ""


def noms_uniques(noms: list[str]) -> list[str]:
    """Cleaned names, made unique with " (2)", " (3)"… (the zip of a class needs them)."""
    vus: set[str] = set()
    resultat = []
    for nom in noms:
        propre = nettoyer_nom(nom) or "fichier"
        base, point, extension = propre.rpartition(".")
        if not point:
            base, extension = propre, ""
        candidat, rang = propre, 2
        while candidat.lower() in vus:
            candidat = f"{base} ({rang})" + (f".{extension}" if point else "")
            rang += 1
        vus.add(candidat.lower())
        resultat.append(candidat)
    return resultat


# --- Time -------------------------------------------------------------------


def _instant(valeur: datetime, quoi: str) -> datetime:
    """The UTC instant of an aware datetime; a naive one is refused (which zone would it be?)."""
    if not isinstance(valeur, datetime):
        raise DevoirInvalide(f"{quoi} : une date et une heure sont attendues.")
    if valeur.tzinfo is None or valeur.utcoffset() is None:
        raise DevoirInvalide(f"{quoi} : le fuseau horaire manque.")
    return valeur.astimezone(timezone.utc)


def en_heure_de_paris(instant: datetime) -> datetime:
    """The instant as read on a clock in Europe/Paris."""
    return _instant(instant, "Date").astimezone(FUSEAU_AFFICHAGE)


def date_lisible(instant: datetime) -> str:
    """« lundi 16 novembre à 18 h 05 », « mardi 1er décembre à 8 h »: Paris time, in words (``dates_fr``)."""
    return moment_fr(en_heure_de_paris(instant).replace(tzinfo=None))


# --- Devoir -----------------------------------------------------------------


@dataclass(frozen=True)
class Prolongation:
    """One student's new due date and cut-off (``None``: no cut-off for them)."""

    echeance: datetime
    date_limite: datetime | None = None


ETATS_DEVOIR = ("brouillon", "publie", "clos")


@dataclass(frozen=True)
class Devoir:
    """What the rules need to know about one homework.

    ``date_limite`` None: hand-ins stay possible (late) for ever.
    ``enseignants``: the user ids of the teachers of the space (they correct).
    ``types_autorises``: families of ``FAMILLES``.
    """

    ouverture: datetime
    echeance: datetime
    date_limite: datetime | None = None
    prolongations: dict[str, Prolongation] = field(default_factory=dict)
    fichiers_attendus: bool = True
    texte_attendu: bool = False
    max_fichiers: int = 5
    taille_max_octets: int = 10 * MO
    types_autorises: frozenset[str] = frozenset(FAMILLES)
    texte_max_caracteres: int = 20_000
    enseignants: frozenset[str] = frozenset()
    etat: str = "publie"

    def __post_init__(self):
        ouverture = _instant(self.ouverture, "Date d'ouverture")
        echeance = _instant(self.echeance, "Date de remise")
        limite = None if self.date_limite is None else _instant(self.date_limite, "Date limite")
        if echeance < ouverture:
            raise DevoirInvalide("La date de remise précède la date d'ouverture.")
        if limite is not None and limite < echeance:
            raise DevoirInvalide("La date limite précède la date de remise.")
        prolongations = {eleve: _prolongation_valide(p, echeance, eleve) for eleve, p in self.prolongations.items()}
        if not (self.fichiers_attendus or self.texte_attendu):
            raise DevoirInvalide("Le devoir doit attendre des fichiers, un texte en ligne, ou les deux.")
        for valeur, libelle in ((self.max_fichiers, "Le nombre maximal de fichiers"),
                                (self.taille_max_octets, "La taille maximale d'un fichier"),
                                (self.texte_max_caracteres, "La longueur maximale du texte")):
            if isinstance(valeur, bool) or not isinstance(valeur, int) or valeur < 1:
                raise DevoirInvalide(f"{libelle} doit être un entier positif.")
        inconnus = set(self.types_autorises) - set(FAMILLES)
        if inconnus or not self.types_autorises:
            raise DevoirInvalide("Types de fichiers autorisés : " + ", ".join(FAMILLES) + ".")
        if isinstance(self.enseignants, str) or isinstance(self.types_autorises, str):
            # a lone string would silently become a set of its letters
            raise DevoirInvalide("Enseignants et types autorisés : une liste est attendue, pas un texte seul.")
        if self.etat not in ETATS_DEVOIR:
            raise DevoirInvalide(f"État de devoir inconnu : {self.etat}.")
        for nom, valeur in (("ouverture", ouverture), ("echeance", echeance), ("date_limite", limite),
                            ("prolongations", prolongations), ("types_autorises", frozenset(self.types_autorises)),
                            ("enseignants", frozenset(self.enseignants))):
            object.__setattr__(self, nom, valeur)


def _prolongation_valide(prolongation: Prolongation, echeance: datetime, eleve: str) -> Prolongation:
    nouvelle = _instant(prolongation.echeance, f"Prolongation de {eleve}")
    limite = prolongation.date_limite
    limite = None if limite is None else _instant(limite, f"Date limite de la prolongation de {eleve}")
    if nouvelle < echeance:
        raise DevoirInvalide(f"La prolongation de {eleve} avance la date de remise : une prolongation ne peut que la reculer.")
    if limite is not None and limite < nouvelle:
        raise DevoirInvalide(f"La date limite de la prolongation de {eleve} précède sa date de remise.")
    return Prolongation(nouvelle, limite)


def echeance_de(devoir: Devoir, eleve: str) -> datetime:
    """The due instant for this student (their extension's when they have one)."""
    prolongation = devoir.prolongations.get(eleve)
    return prolongation.echeance if prolongation else devoir.echeance


def date_limite_de(devoir: Devoir, eleve: str) -> datetime | None:
    """The cut-off instant for this student (None: no cut-off)."""
    prolongation = devoir.prolongations.get(eleve)
    return prolongation.date_limite if prolongation else devoir.date_limite


def peut_remettre(devoir: Devoir, eleve: str, maintenant: datetime) -> tuple[bool, str]:
    """May this student hand in now? ``(oui/non, la raison en français)``.

    The state of the devoir comes first: a draft is not visible, a closed
    devoir (closed by hand, or automatically once every cut-off has passed)
    takes nothing more — closing is the teacher's explicit decision, so it
    also ends running extensions.
    """
    maintenant = _instant(maintenant, "Heure de remise")
    if devoir.etat == "brouillon":
        return False, "Ce devoir n'est pas encore publié."
    if devoir.etat == "clos":
        return False, "Ce devoir est clos : il n'accepte plus de rendu."
    if maintenant < devoir.ouverture:
        return False, f"La remise ouvre le {date_lisible(devoir.ouverture)}."
    limite = date_limite_de(devoir, eleve)
    if limite is not None and maintenant > limite:
        return False, f"La date limite est passée ({date_lisible(limite)}) : la remise n'est plus possible."
    echeance = echeance_de(devoir, eleve)
    if maintenant > echeance:
        return True, f"Remise possible, mais en retard (à rendre pour le {date_lisible(echeance)})."
    return True, f"Remise possible jusqu'au {date_lisible(echeance)}."


def retard(devoir: Devoir, eleve: str, remis_le: datetime) -> timedelta | None:
    """How late a hand-in at ``remis_le`` is for this student; None when on time (due instant included)."""
    remis_le = _instant(remis_le, "Heure de remise")
    echeance = echeance_de(devoir, eleve)
    return remis_le - echeance if remis_le > echeance else None


def duree_lisible(duree: timedelta) -> str:
    """« 2 h 05 », « 12 min », « 1 jour 4 h », « 3 jours ».

    Always rounded down: the text never says more late than it was.
    """
    secondes = int(duree.total_seconds())
    jours, reste = divmod(secondes, 86_400)
    heures, reste = divmod(reste, 3_600)
    minutes = reste // 60
    if jours:
        texte = f"{jours} jour" + ("s" if jours > 1 else "")
        return texte + (f" {heures} h" if heures else "")
    if heures:
        return f"{heures} h {minutes:02d}"
    if minutes:
        return f"{minutes} min"
    return "moins d'une minute"


def retard_texte(devoir: Devoir, eleve: str, remis_le: datetime) -> str | None:
    """« en retard de 2 h 05 », « en retard de 3 jours »; None when on time."""
    duree = retard(devoir, eleve, remis_le)
    return None if duree is None else f"en retard de {duree_lisible(duree)}"


# --- Files and online text --------------------------------------------------


def taille_lisible(octets: int) -> str:
    """« 512 octets », « 1,5 Ko », « 10 Mo » (binary units, French decimal comma)."""
    for unite, valeur in (("Mo", MO), ("Ko", 1024)):
        if octets >= valeur:
            nombre = f"{octets / valeur:.1f}".replace(".", ",").removesuffix(",0")
            return f"{nombre} {unite}"
    return f"{octets} octet" + ("s" if octets > 1 else "")


def _erreurs_du_fichier(devoir: Devoir, nom: str, taille: int, premiers_octets: bytes) -> list[str]:
    propre = nettoyer_nom(nom)
    if not propre:
        return [f"Le nom de fichier « {nom} » n'est pas utilisable : renommez le fichier."]
    if isinstance(taille, bool) or not isinstance(taille, int) or taille < 0:
        return [f"« {propre} » : taille illisible."]
    if taille == 0:
        return [f"« {propre} » est vide."]
    erreurs = []
    if taille > devoir.taille_max_octets:
        erreurs.append(f"« {propre} » pèse {taille_lisible(taille)} : la limite est de "
                       f"{taille_lisible(devoir.taille_max_octets)} par fichier.")
    extension = extension_de(propre)
    permis = sorted(FAMILLES[f] for f in devoir.types_autorises)
    if extension not in TYPES_DE_FICHIERS or TYPES_DE_FICHIERS[extension][0] not in devoir.types_autorises:
        erreurs.append(f"« {propre} » : ce type de fichier n'est pas accepté. Types acceptés : {', '.join(permis)}.")
    elif not signature_conforme(extension, bytes(premiers_octets or b"")):
        erreurs.append(f"« {propre} » n'est pas un vrai fichier .{extension} : son contenu ne correspond pas "
                       "à son extension.")
    return erreurs


def verifier_fichiers(devoir: Devoir, fichiers: list[tuple[str, int, bytes]]) -> list[str]:
    """French errors for the files of a hand-in, ``[]`` when they are all right.

    ``fichiers``: ``(nom, taille en octets, premiers octets)``, at least
    ``PREMIERS_OCTETS`` first bytes (fewer only for a shorter file). A size
    equal to the limit is accepted, one byte more is refused.
    """
    if fichiers and not devoir.fichiers_attendus:
        return ["Ce devoir n'attend pas de fichier : rédigez votre réponse en ligne."]
    erreurs = []
    if len(fichiers) > devoir.max_fichiers:
        erreurs.append(f"{len(fichiers)} fichiers envoyés : ce devoir en accepte {devoir.max_fichiers} au plus.")
    for nom, taille, premiers_octets in fichiers:
        erreurs += _erreurs_du_fichier(devoir, nom, taille, premiers_octets)
    return erreurs


def verifier_texte(devoir: Devoir, texte: str | None) -> list[str]:
    """French errors for the online text; its length is counted in characters (not bytes)."""
    if not texte:
        return []
    if not devoir.texte_attendu:
        return ["Ce devoir n'attend pas de texte en ligne : déposez des fichiers."]
    if len(texte) > devoir.texte_max_caracteres:
        return [f"Le texte compte {len(texte)} caractères : la limite est de {devoir.texte_max_caracteres}."]
    return []


def verifier_rendu(devoir: Devoir, fichiers: list[tuple[str, int, bytes]], texte: str | None) -> list[str]:
    """Everything a hand-in must satisfy before ``remettre``: not empty, files and text valid."""
    if not fichiers and not (texte or "").strip():
        return ["Le rendu est vide : ajoutez un fichier ou un texte avant de le remettre."]
    return verifier_fichiers(devoir, fichiers) + verifier_texte(devoir, texte)


# --- Rendu workflow ---------------------------------------------------------

ETATS_RENDU = {
    "brouillon": "Brouillon (non remis)",
    "remis": "Remis",
    "rouvert": "Rouvert",
    "corrige": "Corrigé",
    "restitue": "Restitué",
}
# transition → (states it leaves from, state it leads to, who may: "eleve" or "enseignant")
TRANSITIONS_RENDU = {
    "remettre": (("brouillon", "rouvert"), "remis", "eleve"),
    "rouvrir": (("remis",), "rouvert", "enseignant"),
    # correcting again before restitution only updates the feedback
    "corriger": (("remis", "corrige"), "corrige", "enseignant"),
    "restituer": (("corrige",), "restitue", "enseignant"),
}
BAREME = Decimal(20)


@dataclass(frozen=True)
class Rendu:
    """One student's hand-in. ``historique``: ``(transition, qui, instant)`` in order."""

    eleve: str
    etat: str = "brouillon"
    remis_le: datetime | None = None
    en_retard: bool = False
    retard: timedelta | None = None
    appreciation: str | None = None
    note: Decimal | None = None
    historique: tuple[tuple[str, str, datetime], ...] = ()


def _autorise(devoir: Devoir, rendu: Rendu, qui: str, acteur: str) -> str | None:
    """The French refusal when ``qui`` is not the one this transition belongs to."""
    if acteur == "eleve" and qui != rendu.eleve:
        return "Seul l'élève auteur de ce rendu peut le remettre."
    if acteur == "enseignant" and qui not in devoir.enseignants:
        return "Seul un enseignant de cet espace peut faire cela."
    return None


def lire_note(note, bareme: Decimal = BAREME) -> Decimal | None:
    """A mark as Decimal (accepts « 12,5 »), between 0 and the scale; None stays None."""
    if note is None or note == "":
        return None
    try:
        valeur = Decimal(str(note).strip().replace(",", ".")) if not isinstance(note, bool) else None
    except InvalidOperation:
        valeur = None
    if valeur is None or not valeur.is_finite():
        raise TransitionRefusee(f"Note illisible : « {note} ».")
    if not 0 <= valeur <= bareme:
        raise TransitionRefusee(f"La note doit être comprise entre 0 et {bareme}.")
    return valeur


def transitions_possibles(devoir: Devoir, rendu: Rendu, qui: str, maintenant: datetime) -> list[str]:
    """The transitions ``qui`` may make now (for the buttons of the UI)."""
    possibles = []
    for nom, (depuis, _vers, acteur) in TRANSITIONS_RENDU.items():
        if rendu.etat in depuis and _autorise(devoir, rendu, qui, acteur) is None:
            if nom != "remettre" or peut_remettre(devoir, rendu.eleve, maintenant)[0]:
                possibles.append(nom)
    return possibles


def appliquer(devoir: Devoir, rendu: Rendu, transition: str, qui: str, maintenant: datetime,
              appreciation: str | None = None, note=None) -> Rendu:
    """The Rendu after ``transition`` by ``qui``, or ``TransitionRefusee`` (French).

    Reopening does not move any date: a teacher who wants a late student to
    hand in again after the cut-off gives them an extension. A new hand-in
    after reopening takes its own time and lateness.
    """
    if transition not in TRANSITIONS_RENDU:
        raise TransitionRefusee(f"Action inconnue : {transition}.")
    maintenant = _instant(maintenant, "Heure de l'action")
    depuis, vers, acteur = TRANSITIONS_RENDU[transition]
    refus = _autorise(devoir, rendu, qui, acteur)
    if refus:
        raise TransitionRefusee(refus)
    if rendu.etat not in depuis:
        raise TransitionRefusee(f"Impossible de {transition} un rendu à l'état « {ETATS_RENDU[rendu.etat]} ».")
    trace = rendu.historique + ((transition, qui, maintenant),)
    if transition == "remettre":
        possible, raison = peut_remettre(devoir, rendu.eleve, maintenant)
        if not possible:
            raise TransitionRefusee(raison)
        duree = retard(devoir, rendu.eleve, maintenant)
        return replace(rendu, etat=vers, remis_le=maintenant, en_retard=duree is not None, retard=duree,
                       historique=trace)
    if transition == "corriger":
        if not (appreciation or "").strip():
            raise TransitionRefusee("Une correction comporte une appréciation pour l'élève.")
        return replace(rendu, etat=vers, appreciation=appreciation.strip(), note=lire_note(note), historique=trace)
    return replace(rendu, etat=vers, historique=trace)


def visible_par_l_eleve(rendu: Rendu) -> dict:
    """What the student reads of their hand-in: feedback and mark only once restituted."""
    restitue = rendu.etat == "restitue"
    return {"etat": rendu.etat, "remis_le": rendu.remis_le, "en_retard": rendu.en_retard,
            "appreciation": rendu.appreciation if restitue else None, "note": rendu.note if restitue else None}


# --- Devoir workflow --------------------------------------------------------

TRANSITIONS_DEVOIR = {"publier": ("brouillon", "publie"), "clore": ("publie", "clos")}


def changer_etat_devoir(devoir: Devoir, transition: str, qui: str) -> Devoir:
    """brouillon → publié → clos, by a teacher of the space only."""
    if transition not in TRANSITIONS_DEVOIR:
        raise TransitionRefusee(f"Action inconnue : {transition}.")
    if qui not in devoir.enseignants:
        raise TransitionRefusee("Seul un enseignant de cet espace peut publier ou clore ce devoir.")
    depuis, vers = TRANSITIONS_DEVOIR[transition]
    if devoir.etat != depuis:
        raise TransitionRefusee(f"Impossible de {transition} un devoir à l'état « {devoir.etat} ».")
    return replace(devoir, etat=vers)


def doit_etre_clos(devoir: Devoir, maintenant: datetime) -> bool:
    """Should the background job close this published devoir now?

    Only once nobody can hand in any more: after the cut-off *and* after the
    cut-off of every extension. No cut-off (for the devoir or for one
    extension): never automatically.
    """
    maintenant = _instant(maintenant, "Heure")
    if devoir.etat != "publie":
        return False
    limites = [devoir.date_limite] + [p.date_limite for p in devoir.prolongations.values()]
    if any(limite is None for limite in limites):
        return False
    return maintenant > max(limites)


# --- Marking table ----------------------------------------------------------


def cle_de_tri(nom: str) -> str:
    """French alphabetical order: accents and case ignored (Émilie between Emma and Enzo)."""
    sans_accents = "".join(c for c in unicodedata.normalize("NFD", nom) if not unicodedata.combining(c))
    return sans_accents.casefold()


def tableau_de_correction(devoir: Devoir, eleves: dict[str, str], rendus: list[Rendu]) -> list[dict]:
    """One row per student for the marking table, sorted by name.

    ``eleves``: user id → display name (« NOM Prénom »). A student without a
    hand-in has a row « Non rendu ». A hand-in of a student no longer listed
    (left the class) still has its row, named by its id: nothing handed in is hidden.
    Row: ``eleve, nom, etat, etat_libelle, remis_le (datetime UTC | None),
    remis_le_texte (Paris), en_retard, retard_texte, note, appreciation,
    echeance_texte`` (the student's own due date, extension included).
    """
    par_eleve = {rendu.eleve: rendu for rendu in rendus}
    lignes = []
    for eleve in set(eleves) | set(par_eleve):
        rendu = par_eleve.get(eleve)
        remis = rendu is not None and rendu.remis_le is not None and rendu.etat != "brouillon"
        lignes.append({
            "eleve": eleve,
            "nom": eleves.get(eleve, eleve),
            "etat": rendu.etat if rendu else None,
            "etat_libelle": ETATS_RENDU[rendu.etat] if rendu else "Non rendu",
            "remis_le": rendu.remis_le if remis else None,
            "remis_le_texte": date_lisible(rendu.remis_le) if remis else "",
            "en_retard": bool(remis and rendu.en_retard),
            # the lateness recorded at hand-in: an extension given afterwards does not rewrite it
            "retard_texte": f"en retard de {duree_lisible(rendu.retard)}" if remis and rendu.retard else "",
            "note": rendu.note if rendu else None,
            "appreciation": (rendu.appreciation or "") if rendu else "",
            "echeance_texte": date_lisible(echeance_de(devoir, eleve)),
        })
    return sorted(lignes, key=lambda ligne: (cle_de_tri(ligne["nom"]), ligne["eleve"]))
