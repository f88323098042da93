"""Mon bureau, pedagogy side: what each line of the pedagogy blocks says, in French words.

Pure module (standard library and ``regles``): the Zope side
(``cartable.pedagogie.bureau``) reads the indexes and gives plain values; here
is decided what is shown, in which state, with which words. No ISO date, no
id, no code ever reaches a line.

- élève (and each child of a responsable): « Travail à faire » — the work
  items of the agenda index due from today to ``JOURS_TRAVAIL`` days ahead,
  with the overdue ones not ticked; the Devoirs' own items are left to
  « Devoirs à rendre », which says the state of the hand-in;
- enseignant: « Copies à corriger » (hand-ins « remis » per Devoir), the
  cahier de textes of the courses already given this week (« Cahier de textes
  à remplir » when the entry is missing or empty), « Mes espaces de cours »;
- direction: the cahiers de textes with entries not yet visaed;
- the menu entries each person may open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cartable.regles.agenda import Jour, duree_fr
from cartable.regles.bureau import bloc, lien, ligne  # noqa: F401 (the pedagogy blocks build through these)
from cartable.regles.dates_fr import date_fr, heure_fr, jour_relatif, semaine_de

JOURS_TRAVAIL = 7  # « the next days »: a week ahead (the agenda shows two)
JOURS_RETARD = 14  # overdue work not ticked, as the agenda's window
JOURS_DEVOIRS = 28  # Devoirs to hand in: four weeks ahead
LIGNES_MAX = 8  # a block is a summary; « Tout l'agenda » shows the rest
PREFIXE_DEVOIR = "À rendre : "

# the states of a hand-in (cartable_rendu_workflow), « non rendu » when there is none
NON_RENDU = "non rendu"
A_REMETTRE = (NON_RENDU, "brouillon", "rouvert")


def pluriel(nombre: int, singulier: str, pluriel_: str | None = None) -> str:
    """« 1 copie », « 3 copies »."""
    return f"{nombre} {singulier if nombre == 1 else (pluriel_ or singulier + 's')}"


def majuscule(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


def quand(jour: date, aujourd_hui: date) -> str:
    """« aujourd'hui », « demain », « hier », or « le jeudi 3 décembre » (the year when not this one)."""
    relatif = jour_relatif(jour, aujourd_hui)
    return relatif if relatif in ("aujourd'hui", "demain", "hier") else f"le {relatif}"


# --- Travail à faire --------------------------------------------------------------------------------


def fenetre_travail(aujourd_hui: date) -> tuple[date, date]:
    """(du, au) read from the agenda index: the overdue fortnight and the coming week."""
    return aujourd_hui - timedelta(days=JOURS_RETARD), aujourd_hui + timedelta(days=JOURS_TRAVAIL)


def lignes_travail(jours: list[Jour], aujourd_hui: date, url_agenda: str, ids_devoirs=frozenset()) -> list[dict]:
    """The lines of « Travail à faire » from ``regles.agenda.agenda``'s days.

    Before today only what is left undone (flagged « En retard »); the work
    items of Devoirs (``ids_devoirs``) are left to « Devoirs à rendre ». Each
    line links to the agenda, where the student ticks « fait ».
    """
    lignes = []
    for jour in jours:
        for l_ in jour.lignes:
            travail = l_.travail
            if travail.id in ids_devoirs or (jour.date < aujourd_hui and not l_.en_retard):
                continue
            details = [f"Pour {quand(travail.pour_le, aujourd_hui)}" if not l_.en_retard
                       else f"Était pour {quand(travail.pour_le, aujourd_hui)}"]
            if travail.duree_minutes:
                details.append(duree_fr(travail.duree_minutes))
            if travail.evaluation:
                details.append("évaluation")
            if l_.fait:
                etat, etiquette = "fait", "Fait"
            elif l_.en_retard:
                etat, etiquette = "alerte", "En retard"
            else:
                etat, etiquette = "a_faire", "À faire"
            lignes.append(ligne(f"{travail.matiere} — {travail.titre}", " · ".join(details), url_agenda, etat, etiquette))
    return lignes


def bloc_travail(lignes: list, url_agenda: str, sous_titre: str | None = None) -> dict:
    """« Travail à faire » (at most ``LIGNES_MAX`` lines; the agenda has the rest)."""
    reste = len(lignes) - LIGNES_MAX
    liens = [lien("Tout l'agenda" if reste <= 0 else f"Tout l'agenda ({pluriel(reste, 'autre travail', 'autres travaux')})",
                  url_agenda)]
    return bloc("Travail à faire", lignes[:LIGNES_MAX], "Rien à faire pour les prochains jours.", sous_titre, liens)


# --- Devoirs à rendre -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DevoirARendre:
    """What the block needs of one published Devoir for one student (their own due date, extension included)."""

    titre: str
    matiere: str
    echeance: datetime  # local (Paris) time of the student's due date
    etat: str  # the hand-in's state, NON_RENDU when there is none
    remis_le: datetime | None = None  # local time
    lien: str | None = None


def titre_devoir(titre_du_travail: str) -> str:
    """The Devoir's title from its agenda item (« À rendre : Exposé » → « Exposé »)."""
    return titre_du_travail[len(PREFIXE_DEVOIR):] if titre_du_travail.startswith(PREFIXE_DEVOIR) else titre_du_travail


def etat_du_rendu(etat: str, echeance: datetime, maintenant: datetime, remis_le: datetime | None = None) -> tuple[str, str]:
    """(état of the line, its words) for a hand-in in ``etat``."""
    if etat in A_REMETTRE:
        if maintenant > echeance:
            return "alerte", "En retard : pas encore remis"
        if etat == "rouvert":
            return "a_faire", "Rouvert : à remettre"
        if etat == "brouillon":
            return "a_faire", "Commencé, pas encore remis"
        return "a_faire", "À rendre"
    if etat == "remis":
        quand_ = f" {quand(remis_le.date(), maintenant.date())} à {heure_fr(remis_le)}" if remis_le else ""
        return "fait", f"Remis{quand_}"
    if etat == "corrige":
        return "fait", "Remis, en correction"
    return "info", "Corrigé"


def a_montrer(devoir: DevoirARendre, maintenant: datetime) -> bool:
    """Still to hand in (late ones too, while the Devoir is published), or handed in and not yet due."""
    if devoir.etat in A_REMETTRE:
        return True
    return devoir.etat in ("remis", "corrige") and devoir.echeance >= maintenant


def lignes_devoirs(devoirs: list[DevoirARendre], maintenant: datetime) -> list[dict]:
    lignes = []
    for d in sorted(devoirs, key=lambda d: (d.echeance, d.titre)):
        if not a_montrer(d, maintenant):
            continue
        etat, etiquette = etat_du_rendu(d.etat, d.echeance, maintenant, d.remis_le)
        detail = f"{d.matiere} — à rendre {quand(d.echeance.date(), maintenant.date())} à {heure_fr(d.echeance)}"
        lignes.append(ligne(d.titre, detail, d.lien, etat, etiquette))
    return lignes


def bloc_devoirs(lignes: list, url_agenda: str, sous_titre: str | None = None) -> dict:
    return bloc("Devoirs à rendre", lignes[:LIGNES_MAX], "Aucun devoir à rendre.", sous_titre,
                [lien("Tout l'agenda", url_agenda)])


# --- Enseignant: copies à corriger --------------------------------------------------------------------


@dataclass(frozen=True)
class Copies:
    """One Devoir of the teacher and how many hand-ins wait to be marked."""

    titre: str
    espace: str  # the course space's title (« 3A — Mathématiques »)
    echeance: date
    remis: int
    lien: str  # its marking table


def lignes_copies(devoirs: list[Copies], aujourd_hui: date) -> list[dict]:
    """One line per Devoir with hand-ins « remis », the oldest due date first."""
    return [ligne(c.titre, f"{c.espace} — à rendre {quand(c.echeance, aujourd_hui)}", c.lien, "a_faire",
                  f"{pluriel(c.remis, 'copie')} à corriger")
            for c in sorted(devoirs, key=lambda c: (c.echeance, c.titre)) if c.remis > 0]


def bloc_copies(lignes: list) -> dict:
    return bloc("Copies à corriger", lignes, "Aucune copie à corriger.")


# --- Enseignant: cahier de textes des cours donnés ---------------------------------------------------


def semaine_jusqu_a(maintenant: datetime) -> tuple[date, date]:
    """(Monday of this week, today): the courses already given this week."""
    return semaine_de(maintenant.date())[0], maintenant.date()


def deja_donne(jour: date, fin: str, annule: bool, maintenant: datetime) -> bool:
    """A course is given once its end time has passed (cancelled ones never are)."""
    if annule:
        return False
    return jour < maintenant.date() or (jour == maintenant.date() and fin <= f"{maintenant:%H:%M}")


def entree_remplie(contenu: str | None, travaux) -> bool:
    """An entry says something: what was done, or work to do."""
    return bool((contenu or "").strip()) or bool(travaux)


@dataclass(frozen=True)
class Seance:
    jour: date
    debut: str  # "08:00"
    espace: str  # the course space's title
    remplie: bool
    lien: str


def lignes_cahier(seances: list[Seance], aujourd_hui: date) -> list[dict]:
    lignes = []
    for s in sorted(seances, key=lambda s: (s.jour, s.debut, s.espace)):
        heures, minutes = (int(x) for x in s.debut.split(":"))
        texte = f"{majuscule(jour_relatif(s.jour, aujourd_hui))}, {heure_fr(datetime(2000, 1, 1, heures, minutes))}"
        if s.remplie:
            lignes.append(ligne(texte, s.espace, s.lien, "fait", "Rempli"))
        else:
            lignes.append(ligne(texte, s.espace, s.lien, "alerte", "Cahier de textes à remplir"))
    return lignes


def bloc_cahier(lignes: list) -> dict:
    a_remplir = sum(1 for l_ in lignes if l_["etat"] == "alerte")
    titre = "Cahier de textes de la semaine"
    return bloc(titre if not a_remplir else f"{titre} : {pluriel(a_remplir, 'séance')} à remplir", lignes,
                "Aucun cours donné cette semaine pour l'instant.")


# --- Espaces de cours -------------------------------------------------------------------------------------


def bloc_espaces(espaces: list[tuple[str, str]], enseignant: bool) -> dict:
    """« Mes espaces de cours »: (title, URL) each; a teacher gets « Nouveau devoir » for each."""
    lignes = [ligne(titre, None, url) for titre, url in espaces]
    liens = []
    if enseignant:
        liens = [lien("Nouveau devoir" if len(espaces) == 1 else f"Nouveau devoir — {titre}", f"{url}/@@nouveau-devoir")
                 for titre, url in espaces]
    return bloc("Mes espaces de cours", lignes, "Aucun espace de cours pour l'instant.", liens=liens)


# --- Direction: visa ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CahierAViser:
    espace: str
    seances: int  # entries held up to today and not visaed
    vise_jusqu_au: date | None
    lien: str


def lignes_visa(cahiers: list[CahierAViser], aujourd_hui: date) -> list[dict]:
    lignes = []
    for c in sorted(cahiers, key=lambda c: (-c.seances, c.espace)):
        if c.seances <= 0:
            continue
        depuis = f"visé jusqu'au {date_fr(c.vise_jusqu_au, aujourd_hui.year)}" if c.vise_jusqu_au else "jamais visé"
        lignes.append(ligne(c.espace, f"{pluriel(c.seances, 'séance')} sans visa — {depuis}", c.lien, "a_faire", "À viser"))
    return lignes


def bloc_visa(lignes: list, etablissement: str | None) -> dict:
    reste = len(lignes) - LIGNES_MAX * 2
    bloc_ = bloc("Cahiers de textes à viser", lignes[:LIGNES_MAX * 2], "Tous les cahiers de textes sont visés.",
                 etablissement)
    if reste > 0:
        bloc_["lignes"].append(ligne(f"Et {pluriel(reste, 'autre cahier', 'autres cahiers')} à viser", etat="info"))
    return bloc_


# --- Menu ----------------------------------------------------------------------------------------------------


ANCRE_ESPACES = "cartable.pedagogie.espaces"
ANCRE_CAHIER = "cartable.pedagogie.cahier"
ANCRE_COPIES = "cartable.pedagogie.copies"
ANCRE_VISA = "cartable.pedagogie.visa"


def entree(texte: str, url: str, ordre: int) -> dict:
    return {"texte": texte, "lien": url, "ordre": ordre}


def entrees_menu(bureau: str, *, agenda: str | None = None, enfants=(), espaces=(), enseignant=False,
                 direction=False) -> list[dict]:
    """The pedagogy entries of a person's menu, only what they may open.

    ``bureau`` is the URL of Mon bureau (its blocks are anchored by their
    utility's name); ``agenda`` the student's own agenda; ``enfants`` a
    responsable's children as (first name, URL of their agenda); ``espaces``
    the person's course spaces as (title, URL): one space is linked directly,
    several lead to their block of Mon bureau (each entry's link is unique:
    the menu shows a link once).
    """
    entrees = []
    if agenda:
        entrees.append(entree("Agenda", agenda, 20))
    for prenom, url in enfants:
        entrees.append(entree("Agenda" if len(enfants) == 1 else f"Agenda de {prenom}", url, 20))
    seul = espaces[0][1] if len(espaces) == 1 else None
    if espaces:
        entrees.append(entree("Mon espace de cours" if seul else "Mes espaces de cours", seul or f"{bureau}#{ANCRE_ESPACES}", 30))
    if enseignant and espaces:
        entrees.append(entree("Cahier de textes", f"{seul}/@@cahier-de-textes" if seul else f"{bureau}#{ANCRE_CAHIER}", 40))
        if seul:  # several spaces: « Nouveau devoir — <space> » in their block (a menu link leads to one place)
            entrees.append(entree("Nouveau devoir", f"{seul}/@@nouveau-devoir", 45))
        entrees.append(entree("Copies à corriger", f"{bureau}#{ANCRE_COPIES}", 50))
    if direction:
        entrees.append(entree("Cahiers de textes à viser", f"{bureau}#{ANCRE_VISA}", 55))
    return entrees
