"""When a notification leaves by e-mail: each person's preference per kind, and the establishment's quiet hours.

Pure module. Decisions (families and teachers asked for them):

- Each kind of notification has a mode per person: « immediat » (an e-mail at once),
  « resume » (in the day's digest, the default) or « jamais » (only in Cartable).
  Absences default to « immediat »: a parent wants to know the same morning.
- Quiet hours: no e-mail between ``debut`` and ``fin`` (20:00 → 07:00 by default,
  set per establishment; the span may cross midnight). An e-mail due in quiet hours
  waits for their end; nothing is dropped.
- The bell shows every notification whatever the mode: « jamais » only concerns e-mail.
"""

from datetime import datetime, time, timedelta

GENRES = {
    "absences": "Absences et retards",
    "emploi_du_temps": "Changements d'emploi du temps",
    "devoir": "Nouveaux devoirs",
    "travail": "Travail à faire",
    "echeance": "Échéances proches",
    "devoir_corrige": "Devoirs corrigés",
    "pedagogie": "Autres nouvelles des cours",
    "message": "Messages reçus",
}
MODES = {"immediat": "Tout de suite", "resume": "Dans le résumé du jour", "jamais": "Jamais par courriel"}
DEFAUTS = {"absences": "immediat", "message": "immediat"}
MODE_PAR_DEFAUT = "resume"
HEURES_CALMES = (time(20, 0), time(7, 0))


class PreferenceInvalide(ValueError):
    """Bad input, with its message in French."""


def mode(preferences: dict | None, genre: str) -> str:
    """The mode of ``genre`` for a person (their choice, else the kind's default)."""
    choisi = (preferences or {}).get(genre)
    return choisi if choisi in MODES else DEFAUTS.get(genre, MODE_PAR_DEFAUT)


def preferences_completes(preferences: dict | None) -> list[dict]:
    """Every kind with its label, its mode and the choices (what the preferences page shows)."""
    return [{"genre": g, "libelle": libelle, "mode": mode(preferences, g)} for g, libelle in GENRES.items()]


def valider_preferences(donnees) -> dict:
    """{genre: mode} from a request body; a French refusal on anything else."""
    if not isinstance(donnees, dict) or not donnees:
        raise PreferenceInvalide("Indiquez pour chaque type de notification : immediat, resume ou jamais.")
    propres = {}
    for genre, choix in donnees.items():
        if genre not in GENRES:
            raise PreferenceInvalide(f"Type de notification inconnu : « {str(genre)[:40]} ».")
        if choix not in MODES:
            raise PreferenceInvalide(f"Choix inconnu pour « {GENRES[genre]} » : immediat, resume ou jamais.")
        propres[genre] = choix
    return propres


def lire_heure(texte) -> time:
    """« 20:00 » → time(20, 0); a French refusal otherwise."""
    try:
        heures, minutes = str(texte).split(":")
        return time(int(heures), int(minutes))
    except (ValueError, TypeError):
        raise PreferenceInvalide(f"Heure invalide : « {str(texte)[:20]} » (attendu HH:MM, par exemple 20:00).") from None


def valider_heures_calmes(donnees) -> tuple[time, time]:
    if not isinstance(donnees, dict) or "debut" not in donnees or "fin" not in donnees:
        raise PreferenceInvalide("Indiquez le début et la fin des heures calmes, par exemple 20:00 et 07:00.")
    debut, fin = lire_heure(donnees["debut"]), lire_heure(donnees["fin"])
    if debut == fin:
        raise PreferenceInvalide("Le début et la fin des heures calmes doivent différer.")
    return debut, fin


def en_heures_calmes(moment: datetime, debut: time, fin: time) -> bool:
    """Is ``moment`` (local time) inside the quiet hours [debut, fin)? The span may cross midnight."""
    heure = moment.time()
    if debut < fin:
        return debut <= heure < fin
    return heure >= debut or heure < fin


def prochain_envoi(moment: datetime, debut: time, fin: time) -> datetime:
    """``moment`` itself outside quiet hours, else the end of the quiet hours it falls in."""
    if not en_heures_calmes(moment, debut, fin):
        return moment
    jour = moment.date() if moment.time() < fin else moment.date() + timedelta(days=1)
    return datetime.combine(jour, fin, tzinfo=moment.tzinfo)


def dans_le_resume(preferences: dict | None, genre: str) -> bool:
    """A notification goes into the day's digest when its kind's mode is « resume »."""
    return mode(preferences, genre) == "resume"
