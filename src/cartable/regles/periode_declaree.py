"""What a family's declaration covers: whole days, a half-day or a time range, and its words.

Pure module (standard library and cartable.regles only). A declaration is kept as
[du, au] (``regles.declarations.couvre``: a course is covered when it *starts* in it,
both ends included, to the minute). Partial forms are stored so that this inclusive
test covers exactly the courses inside them:

- ``jours``: from the first day 00:00 to the last day 23:59;
- ``demi_journee`` « matin »: 00:00 to the establishment's boundary minus one minute
  (a course belongs to the half-day in which it starts: one at the boundary is the
  afternoon's); « après-midi »: the boundary to 23:59;
- ``plage`` « de 8 h à 10 h »: 8:00 to 9:59 (a course starting at 10:00 is not inside).

``en_mots`` says it as families and the vie scolaire read it: « du jeudi 3 au vendredi
4 décembre », « le jeudi 3 décembre, matin », « le jeudi 3 décembre, de 8 h à 10 h ».
"""

from datetime import date, datetime, time, timedelta

from cartable.regles.dates_fr import date_fr, heure_fr, moment_fr, periode_fr
from cartable.regles.declarations import DeclarationInvalide, lire_periode

DEMI_JOURNEES = {"matin": "matin", "apres_midi": "après-midi"}
MINUTE = timedelta(minutes=1)


def _jour(valeur) -> date:
    try:
        return date.fromisoformat(valeur)
    except (TypeError, ValueError):
        raise DeclarationInvalide("Jour attendu au format AAAA-MM-JJ.") from None


def _heure(valeur, nom) -> time:
    try:
        if isinstance(valeur, str) and len(valeur) == 5:
            return time.fromisoformat(valeur)
    except ValueError:
        pass
    raise DeclarationInvalide(f"Heure {nom} attendue au format HH:MM.")


def lire(donnees: dict, limite: str = "12:30") -> dict:
    """{"forme", "du", "au", "demi_journee"} of a declaration's body; DeclarationInvalide (French) otherwise.

    ``{"du": "AAAA-MM-JJ", "au": "AAAA-MM-JJ"}`` (days), ``{"jour", "demi_journee": "matin"|"apres_midi"}``
    or ``{"jour", "de": "HH:MM", "a": "HH:MM"}``; ``du``/``au`` with a time (« AAAA-MM-JJTHH:MM »)
    are kept as given (``moments``, the API's older form).
    """
    if donnees.get("demi_journee") is not None:
        jour = _jour(donnees.get("jour") or donnees.get("du"))
        moitie = donnees["demi_journee"]
        if moitie not in DEMI_JOURNEES:
            raise DeclarationInvalide("Demi-journée attendue : matin ou après-midi.")
        borne = datetime.combine(jour, _heure(limite, "de la demi-journée"))
        if moitie == "matin":
            du, au = datetime.combine(jour, time(0, 0)), borne - MINUTE
        else:
            du, au = borne, datetime.combine(jour, time(23, 59))
        return {"forme": "demi_journee", "du": du, "au": au, "demi_journee": moitie}
    if donnees.get("de") is not None or donnees.get("a") is not None:
        jour = _jour(donnees.get("jour") or donnees.get("du"))
        de, a = _heure(donnees.get("de"), "de début"), _heure(donnees.get("a"), "de fin")
        if a <= de:
            raise DeclarationInvalide("L'heure de fin doit suivre l'heure de début.")
        return {"forme": "plage", "du": datetime.combine(jour, de), "au": datetime.combine(jour, a) - MINUTE, "demi_journee": None}
    du, au = donnees.get("du"), donnees.get("au")
    debut, fin = lire_periode(du, au)
    jours = isinstance(du, str) and isinstance(au, str) and "T" not in du and "T" not in au
    return {"forme": "jours" if jours else "moments", "du": debut, "au": fin, "demi_journee": None}


def en_mots(forme: str | None, du: datetime, au: datetime, demi_journee: str | None = None, annee: int | None = None) -> str:
    """« du jeudi 3 au vendredi 4 décembre », « le jeudi 3 décembre, matin », « le jeudi 3 décembre, de 8 h à 10 h »."""
    if forme == "demi_journee":
        return f"le {date_fr(du.date(), annee)}, {DEMI_JOURNEES.get(demi_journee, demi_journee)}"
    if forme == "plage":
        return f"le {date_fr(du.date(), annee)}, de {heure_fr(du)} à {heure_fr(au + MINUTE)}"
    if forme == "jours" or (du.time() == time(0, 0) and au.time() == time(23, 59)):
        return periode_fr(du.date(), au.date(), annee)
    if du.date() == au.date():
        return f"le {date_fr(du.date(), annee)}, de {heure_fr(du)} à {heure_fr(au)}"
    return f"du {moment_fr(du)} au {moment_fr(au)}"


def demi_journee_de(heure: str, limite: str = "12:30") -> str:
    """The half-day a course starting at ``heure`` belongs to: « matin » before the boundary, else « apres_midi »."""
    return "matin" if heure < limite else "apres_midi"
