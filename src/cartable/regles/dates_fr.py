"""Dates and times as a French reader says them: « jeudi 3 décembre », « mardi 1er décembre à 8 h 30 ».

Pure module. Pages and notifications never show ISO dates; they call these.
The year is said only when it is not the reference year (``annee``), as people
write on a school's page; times are « 8 h », « 8 h 30 ».
"""

from datetime import date, datetime, time, timedelta

JOURS_SEMAINE = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")


def date_fr(jour: date, annee: int | None = None) -> str:
    """« lundi 30 novembre », « mardi 1er décembre »; « … 2027 » when ``annee`` is given and differs."""
    quantieme = "1er" if jour.day == 1 else str(jour.day)
    texte = f"{JOURS_SEMAINE[jour.weekday()]} {quantieme} {MOIS[jour.month - 1]}"
    return texte if annee is None or jour.year == annee else f"{texte} {jour.year}"


def heure_fr(moment) -> str:
    """« 8 h », « 8 h 30 », « 14 h 05 » (a datetime, a time, or "HH:MM" as the timetable keeps them)."""
    if isinstance(moment, str):
        moment = time.fromisoformat(moment)
    return f"{moment.hour} h" if not moment.minute else f"{moment.hour} h {moment.minute:02d}"


def jour_relatif(jour: date, aujourd_hui: date) -> str:
    """« aujourd'hui », « demain », « hier », else the date in words (with the year when not this year)."""
    ecart = (jour - aujourd_hui).days
    if ecart == 0:
        return "aujourd'hui"
    if ecart == 1:
        return "demain"
    if ecart == -1:
        return "hier"
    return date_fr(jour, aujourd_hui.year)


def moment_fr(moment: datetime, aujourd_hui: date | None = None) -> str:
    """« jeudi 3 décembre à 8 h 30 », or « aujourd'hui à 8 h 30 » when ``aujourd_hui`` is given."""
    jour = jour_relatif(moment.date(), aujourd_hui) if aujourd_hui else date_fr(moment.date())
    return f"{jour} à {heure_fr(moment)}"


def periode_fr(du: date, au: date, annee: int | None = None) -> str:
    """« le jeudi 3 décembre » or « du jeudi 3 au vendredi 4 décembre » / « du … novembre au … décembre »."""
    if du == au:
        return f"le {date_fr(du, annee)}"
    if (du.year, du.month) == (au.year, au.month):
        debut = f"{JOURS_SEMAINE[du.weekday()]} {'1er' if du.day == 1 else du.day}"
        return f"du {debut} au {date_fr(au, annee)}"
    return f"du {date_fr(du, annee)} au {date_fr(au, annee)}"


def semaine_de(jour: date) -> tuple[date, date]:
    """Monday and Sunday of ``jour``'s week."""
    lundi = jour - timedelta(days=jour.weekday())
    return lundi, lundi + timedelta(days=6)
