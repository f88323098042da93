"""The teacher's « nouveau devoir » form, read and checked without Zope (issue 4).

``lire_formulaire(champs)`` turns what a browser sends (strings, lists of
strings) into the values of a Devoir, or French errors; the dates and limits
are then checked by building a ``regles.devoirs.Devoir``, so the form and the
hand-in rules can never disagree. Dates typed in the form are Paris time; the
values returned are naive (the content stores them so and reads them as Paris).
"""

from datetime import datetime

from cartable.regles import devoirs

# field → (min, max, libellé): the bounds of the IDevoir schema, said in French
ENTIERS = {
    "max_fichiers": (1, 50, "Nombre maximal de fichiers"),
    "taille_max_mo": (1, 200, "Taille maximale d'un fichier (Mo)"),
    "duree_minutes": (0, 600, "Durée estimée (minutes)"),
    "bareme": (1, 100, "Noté sur"),
}
DEFAUTS = {"max_fichiers": 5, "taille_max_mo": 10, "duree_minutes": 30, "bareme": 20}
TITRE_MAX = 200
CONSIGNES_MAX = 50_000
# the teacher's attachments: any known type, a generous limit
PIECES_MAX = 10
PIECE_MAX_OCTETS = 50 * devoirs.MO


def _texte(champs, nom) -> str:
    valeur = champs.get(nom)
    if isinstance(valeur, list):
        valeur = valeur[0] if valeur else ""
    return valeur.strip() if isinstance(valeur, str) else ""


def _liste(champs, nom) -> list[str]:
    valeur = champs.get(nom)
    if valeur is None:
        return []
    valeurs = valeur if isinstance(valeur, list) else [valeur]
    return [v for v in valeurs if isinstance(v, str) and v]


def lire_date(texte: str) -> datetime | None:
    """« 2026-12-01T18:00 » (datetime-local) or « 2026-12-01 18:00 » → naive datetime; None when unreadable."""
    try:
        valeur = datetime.fromisoformat(texte.replace(" ", "T"))
    except ValueError:
        return None
    return valeur.replace(tzinfo=None, second=0, microsecond=0) if valeur.tzinfo is None else None


def cocher(champs, nom) -> bool:
    return _texte(champs, nom) not in ("", "0", "off", "false")


def lire_formulaire(champs) -> tuple[dict, list[str]]:
    """(valeurs, erreurs en français). ``valeurs`` is usable only when ``erreurs`` is empty."""
    erreurs = []
    valeurs = {"titre": _texte(champs, "titre"), "consignes": _texte(champs, "consignes"),
               "publier": _texte(champs, "action") == "publier"}
    if not valeurs["titre"]:
        erreurs.append("Le titre est obligatoire.")
    elif len(valeurs["titre"]) > TITRE_MAX:
        erreurs.append(f"Le titre dépasse {TITRE_MAX} caractères.")
    if len(valeurs["consignes"]) > CONSIGNES_MAX:
        erreurs.append(f"Les consignes dépassent {CONSIGNES_MAX} caractères.")
    for nom, libelle, requise in (("ouverture", "Date d'ouverture", True), ("echeance", "Date de remise", True),
                                  ("date_limite", "Date limite", False)):
        texte = _texte(champs, nom)
        valeurs[nom] = lire_date(texte) if texte else None
        if texte and valeurs[nom] is None:
            erreurs.append(f"{libelle} : date et heure illisibles (attendu : JJ/MM/AAAA HH:MM).")
        elif requise and not texte:
            erreurs.append(f"{libelle} : obligatoire.")
    for nom, (minimum, maximum, libelle) in ENTIERS.items():
        texte = _texte(champs, nom)
        if not texte:
            valeurs[nom] = DEFAUTS[nom]
            continue
        try:
            valeurs[nom] = int(texte)
        except ValueError:
            erreurs.append(f"{libelle} : un nombre entier est attendu.")
            continue
        if not minimum <= valeurs[nom] <= maximum:
            erreurs.append(f"{libelle} : entre {minimum} et {maximum}.")
    valeurs["fichiers_attendus"] = cocher(champs, "fichiers_attendus")
    valeurs["texte_attendu"] = cocher(champs, "texte_attendu")
    types = _liste(champs, "types_autorises")
    inconnus = [t for t in types if t not in devoirs.FAMILLES]
    if inconnus:
        erreurs.append(f"Type de fichier inconnu : {inconnus[0]}.")
    valeurs["types_autorises"] = [t for t in devoirs.FAMILLES if t in types]
    if valeurs["fichiers_attendus"] and not valeurs["types_autorises"]:
        erreurs.append("Choisissez au moins un type de fichier accepté.")
    if not erreurs:
        erreurs += _regles_du_devoir(valeurs)
    return valeurs, erreurs


def _regles_du_devoir(valeurs) -> list[str]:
    """The hand-in rules' own checks (dates in order, a form expected…)."""
    def paris(valeur):
        return None if valeur is None else valeur.replace(tzinfo=devoirs.FUSEAU_AFFICHAGE)

    try:
        devoirs.Devoir(
            ouverture=paris(valeurs["ouverture"]), echeance=paris(valeurs["echeance"]),
            date_limite=paris(valeurs["date_limite"]), fichiers_attendus=valeurs["fichiers_attendus"],
            texte_attendu=valeurs["texte_attendu"], max_fichiers=valeurs["max_fichiers"],
            taille_max_octets=valeurs["taille_max_mo"] * devoirs.MO,
            types_autorises=frozenset(valeurs["types_autorises"] or devoirs.FAMILLES),
        )
    except devoirs.DevoirInvalide as exc:
        return [str(exc)]
    return []


def verifier_pieces_jointes(fichiers: list[tuple[str, int, bytes]]) -> list[str]:
    """French errors for the teacher's attachments ``(nom, taille, premiers octets)`` (same checks as a hand-in)."""
    if not fichiers:
        return []
    pieces = devoirs.Devoir(
        ouverture=datetime(2000, 1, 1, tzinfo=devoirs.FUSEAU_AFFICHAGE),
        echeance=datetime(2000, 1, 1, tzinfo=devoirs.FUSEAU_AFFICHAGE),
        max_fichiers=PIECES_MAX, taille_max_octets=PIECE_MAX_OCTETS,
    )
    return devoirs.verifier_fichiers(pieces, fichiers)
