"""The grades' part of Mon bureau, as rules: marks in French, which period a block speaks of, bulletin states.

Pure module (standard library and regles only). Decisions:

- a mark reads « 14,5/20 » (French decimal comma, on the evaluation's own scale);
  the codes in words: ABS « Absent(e) », DISP « Dispensé(e) », NN « Non noté », NR « Non rendu »;
- the latest marks are the newest by the evaluation's date (the model keeps no
  publication date), ties by subject then title, so the order is stable;
- the periods a reader's latest marks come from: those begun by today, newest first;
- a teacher's period of work (``periode_de_travail``): the first period begun and not
  yet closed (a trimester just ended is still typed in until its closing date);
- the direction's period of bulletins (``periode_des_bulletins``): the later of the
  last period ended (its bulletins are due) and the last period begun that has
  bulletins; before any of them, the current period;
- a class's bulletins (``etat_bulletins``): none → « À générer »; a mark, appreciation
  or decision written after the oldest generation → « À régénérer »; fewer than
  the class's students → « Incomplets »; some not published → « À publier »;
  all published → « Publiés »;
- a grade grid (``etat_carnet``) is « À publier » while one of its evaluations is not
  published, and says its period's closing date while it is ahead;
- « Notes d'Aaron », « Notes de Mathis »: ``de`` elides before a vowel or an h.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from cartable.regles.dates_fr import jour_relatif, moment_fr

RELATIFS = ("aujourd'hui", "demain", "hier")
CODES = {"ABS": "Absent(e)", "DISP": "Dispensé(e)", "NN": "Non noté", "NR": "Non rendu"}


def nombre_fr(valeur) -> str:
    """« 14,5 », « 12 », « 0,25 » (a decimal string, a Decimal, an int)."""
    texte = f"{Decimal(str(valeur)).normalize():f}"
    return texte.replace(".", ",")


def note_fr(valeur, bareme=20) -> str:
    """« 14,5/20 », « 8/10 »; a code in words (« Absent(e) »); « — » without an entry."""
    if valeur is None or valeur == "":
        return "—"
    if isinstance(valeur, str) and valeur.upper() in CODES:
        return CODES[valeur.upper()]
    try:
        return f"{nombre_fr(valeur)}/{nombre_fr(bareme)}"
    except InvalidOperation:
        return str(valeur)  # an unknown code is shown as stored, never hidden


VOYELLES = "aeiouyhàâäéèêëîïôöùûüœ"


def de(nom: str) -> str:
    """« de Mathis », « d'Aaron », « d'Émilie » (French elision before a vowel or a mute h)."""
    return f"d'{nom}" if nom and nom[0].lower() in VOYELLES else f"de {nom}"


def pluriel(nombre: int, singulier: str, pluriel_: str | None = None) -> str:
    """« 1 évaluation », « 3 évaluations », « 0 bulletin »."""
    mot = singulier if nombre <= 1 else (pluriel_ or f"{singulier}s")
    return f"{nombre} {mot}"


def dernieres(notes: list, nombre: int = 5) -> list:
    """The ``nombre`` newest of dicts having ``date`` (and ``matiere``, ``titre``): newest first, stable."""
    ordre = sorted(notes, key=lambda n: (n.get("matiere") or "", n.get("titre") or ""))
    return sorted(ordre, key=lambda n: n["date"], reverse=True)[:nombre]


def periodes_commencees(periodes, jour: date) -> list:
    """The periods begun by ``jour``, the newest first (where the latest marks are)."""
    return sorted((p for p in periodes if p["du"] <= jour), key=lambda p: p["du"], reverse=True)


def periode_de_travail(periodes, jour: date):
    """The period a teacher works on: the first begun and not closed; else the last begun; else the first."""
    ordre = sorted(periodes, key=lambda p: p["du"])
    commencees = [p for p in ordre if p["du"] <= jour]
    for p in commencees:
        fin = p["cloture"] or p["au"]
        if jour <= fin:
            return p
    if commencees:
        return commencees[-1]
    return ordre[0] if ordre else None


def periode_des_bulletins(periodes, jour: date, avec_bulletins) -> dict | None:
    """The period whose bulletins the direction handles now (see the module's docstring)."""
    ordre = sorted(periodes, key=lambda p: p["du"])
    terminees = [p for p in ordre if p["au"] < jour]
    avec = [p for p in ordre if p["du"] <= jour and p["code"] in avec_bulletins]
    candidates = ([terminees[-1]] if terminees else []) + ([avec[-1]] if avec else [])
    if candidates:
        return max(candidates, key=lambda p: p["du"])
    commencees = [p for p in ordre if p["du"] <= jour]
    if commencees:
        return commencees[-1]
    return ordre[0] if ordre else None


def moment_iso(iso: str | None, aujourd_hui: date) -> str | None:
    """A stored ISO moment, as said after a verb: « le jeudi 10 décembre à 10 h », « hier à 18 h »
    (None when absent or unreadable)."""
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    texte = moment_fr(moment, aujourd_hui)
    return texte if texte.startswith(RELATIFS) else f"le {texte}"


def accord(nombre: int, mot: str) -> str:
    """« publié », « publiés »: a participle or noun agreeing with ``nombre`` (French: plural from 2)."""
    return f"{mot}s" if nombre > 1 else mot


def etat_bulletins(inscrits: int, bulletins: list, derniere_modification: str | None, aujourd_hui: date) -> dict:
    """A class's bulletins of a period → {"detail", "etat", "etiquette"} (French words).

    ``bulletins``: [{"genere_le": ISO, "publie": bool}] of the class's students;
    ``derniere_modification``: ISO moment of the last mark, appreciation or decision
    written for the class and period, None when unknown.
    """
    generes = len(bulletins)
    publies = sum(1 for b in bulletins if b.get("publie"))
    if not generes:
        return {"detail": f"Aucun bulletin généré ({pluriel(inscrits, 'élève')})", "etat": "a_faire",
                "etiquette": "À générer"}
    plus_ancien = min(b.get("genere_le") or "" for b in bulletins)
    genere = moment_iso(plus_ancien, aujourd_hui)
    if derniere_modification and plus_ancien and derniere_modification > plus_ancien:
        return {"detail": f"Notes ou appréciations modifiées {moment_iso(derniere_modification, aujourd_hui)}, "
                          f"après la génération des bulletins {genere}",
                "etat": "alerte", "etiquette": "À régénérer"}
    if generes < inscrits:
        return {"detail": f"{pluriel(generes, 'bulletin')} {accord(generes, 'généré')} sur {pluriel(inscrits, 'élève')}",
                "etat": "alerte", "etiquette": "Incomplets"}
    quand = f" {genere}" if genere else ""
    if publies < generes:
        non_publies = generes - publies
        return {"detail": f"{pluriel(generes, 'bulletin')} {accord(generes, 'généré')}{quand}, "
                          f"{non_publies} non {accord(non_publies, 'publié')}",
                "etat": "a_faire", "etiquette": "À publier"}
    return {"detail": f"{pluriel(publies, 'bulletin')} {accord(publies, 'publié')}", "etat": "fait",
            "etiquette": "Publiés"}


def etat_carnet(evaluations: int, non_publiees: int, periode: dict, aujourd_hui: date) -> dict:
    """A teacher's grade grid of a period → {"detail", "etat", "etiquette"}; its closing date while it is ahead."""
    detail = f"{periode['libelle']} : {pluriel(evaluations, 'évaluation') if evaluations else 'aucune évaluation'}"
    if non_publiees:
        detail += f", dont {non_publiees} non {accord(non_publiees, 'publiée')}"
    if periode.get("cloture") and periode["cloture"] >= aujourd_hui:
        detail += f" · clôture {_jour(periode['cloture'], aujourd_hui)}"
    if non_publiees:
        return {"detail": detail, "etat": "a_faire", "etiquette": "À publier"}
    return {"detail": detail, "etat": None, "etiquette": None}


def etat_conseil(date_conseil: date | None, inscrits: int, appreciations: int, aujourd_hui: date) -> dict:
    """A professeur principal's class council → {"detail", "etat", "etiquette"}."""
    quand = f"Conseil {_jour(date_conseil, aujourd_hui)}" if date_conseil else "Date du conseil non fixée"
    ecrites = f"{appreciations} {accord(appreciations, 'appréciation')} {accord(appreciations, 'générale')} sur {inscrits}"
    if appreciations < inscrits:
        return {"detail": f"{quand} · {ecrites}", "etat": "a_faire", "etiquette": "Appréciations à écrire"}
    return {"detail": f"{quand} · {ecrites}", "etat": "fait", "etiquette": None}


def _jour(jour: date, aujourd_hui: date) -> str:
    texte = jour_relatif(jour, aujourd_hui)
    return texte if texte in RELATIFS else f"le {texte}"
