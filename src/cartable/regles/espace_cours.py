"""What a course space's page shows to whom (pure: no Zope).

The page is built from what the site already indexes: the catalog's brains
of the space's subtree (path, type, title, workflow state: no content object
woken), the agenda index (a published Devoir's due date) and the directory
(the subject's name, the class, the teachers' names). This module decides:

- which items a reader sees: the space's teachers see everything with its
  state in words; the other members (students, their parents, the vie
  scolaire) see only what the workflows show to a reader (« visible »,
  « publié », « clos »), never what sits in a hidden séquence or folder,
  never a Devoir's attachments or hand-ins as items of the space;
- the hand-in counts of a Devoir (remis / attendus, à corriger);
- how a student's own hand-in reads (state, date in words, mark once
  restituted).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from cartable.regles import dates_fr
from cartable.regles.devoirs import en_heure_de_paris

# the workflow states in words (cartable_cours_workflow, cartable_devoir_workflow, cartable_cahier_workflow)
ETATS = {
    "prive": "Privé (enseignants seulement)",
    "programme": "Publication programmée",
    "visible": "Visible des élèves",
    "brouillon": "Brouillon (non publié)",
    "publie": "Publié",
    "clos": "Clos",
    "ouvert": "Ouvert",
}
# what the workflows show to a « Reader » of the space (a student, the vie scolaire)
ETATS_VISIBLES = frozenset({"visible", "publie", "clos", "ouvert"})

TYPES = {
    "Document": "Page",
    "File": "Fichier",
    "Image": "Image",
    "Link": "Lien",
    "Folder": "Dossier",
    "Event": "Événement",
    "Sequence": "Séquence",
    "Devoir": "Devoir",
    "CahierDeTextes": "Cahier de textes",
}
CONTENEURS = frozenset({"Sequence", "Folder"})

# the states of a Rendu (cartable_rendu_workflow) and what they count as
ETATS_RENDU = {
    "non rendu": "Non rendu",
    "brouillon": "Brouillon (non remis)",
    "remis": "Remis",
    "rouvert": "Rouvert (à remettre de nouveau)",
    "corrige": "Corrigé",
    "restitue": "Corrigé et rendu",
}
RENDUS_REMIS = frozenset({"remis", "corrige", "restitue"})


@dataclass(frozen=True)
class Element:
    """One brain of the space's subtree: its path relative to the space ("seq-1/doc"), as the catalog gives it."""

    chemin: str
    type: str
    titre: str
    etat: str | None
    url: str
    identifiant: str = ""
    uid: str = ""

    @property
    def parent(self) -> str:
        return self.chemin.rpartition("/")[0]

    @property
    def profondeur(self) -> int:
        return self.chemin.count("/") + 1


@dataclass(frozen=True)
class Comptes:
    remis: int
    attendus: int
    a_corriger: int

    @property
    def texte(self) -> str:
        texte = f"{self.remis} remis sur {self.attendus}"
        return texte + (f", {self.a_corriger} à corriger" if self.a_corriger else "")


@dataclass
class Contenu:
    titre: str
    type_libelle: str
    etat_libelle: str
    url: str
    type: str
    chemin: str
    enfants: list = field(default_factory=list)


def visible(etat: str | None, enseignant: bool) -> bool:
    """Is an item of this state shown? (an item with no workflow state: only to the teachers)"""
    return enseignant or etat in ETATS_VISIBLES


def etat_libelle(etat: str | None) -> str:
    return ETATS.get(etat or "", "")


def organiser(elements, enseignant: bool) -> dict:
    """{"sequences", "contenus", "devoirs", "cahier"}: the space's items as its page lists them.

    ``elements``: every brain of the subtree but the space itself (any order). A séquence or folder lists its
    own items (one level: deeper items stay in their folder's page); what is inside a Devoir (attachments,
    hand-ins) is the Devoir's; an item whose container is hidden is hidden.
    """
    par_chemin = {e.chemin: e for e in elements}
    caches = {e.chemin for e in elements if not visible(e.etat, enseignant)}

    def montre(e: Element) -> bool:
        chemin = e.chemin
        while chemin:
            if chemin in caches:
                return False
            chemin = chemin.rpartition("/")[0]
        return True

    def contenu(e: Element) -> Contenu:
        return Contenu(titre=e.titre or e.identifiant, type_libelle=TYPES.get(e.type, e.type),
                       etat_libelle=etat_libelle(e.etat), url=e.url, type=e.type, chemin=e.chemin)

    sequences, contenus, devoirs, cahier = [], [], [], None
    racine = {}
    for e in sorted(elements, key=lambda e: e.chemin):
        if not montre(e) or e.type == "Rendu":
            continue
        parent = par_chemin.get(e.parent) if e.parent else None
        if e.profondeur == 1:
            if e.type == "CahierDeTextes":
                cahier = contenu(e)
                continue
            c = contenu(e)
            racine[e.chemin] = c
            (sequences if e.type in CONTENEURS else devoirs if e.type == "Devoir" else contenus).append(c)
        elif e.profondeur == 2 and parent is not None and parent.type in CONTENEURS and e.parent in racine:
            c = contenu(e)
            racine[e.parent].enfants.append(c)
            if e.type == "Devoir":
                devoirs.append(c)
    tri = lambda c: (c.titre.lower(), c.chemin)  # noqa: E731
    for s in sequences:
        s.enfants.sort(key=tri)
    return {"sequences": sorted(sequences, key=tri), "contenus": sorted(contenus, key=tri),
            "devoirs": sorted(devoirs, key=tri), "cahier": cahier}


def comptes_rendus(etats_des_rendus, attendus: int) -> Comptes:
    """The hand-ins of one Devoir: those handed in (remis, corrigé, restitué) out of the students expected."""
    etats = list(etats_des_rendus)
    return Comptes(remis=sum(1 for e in etats if e in RENDUS_REMIS), attendus=attendus,
                   a_corriger=sum(1 for e in etats if e == "remis"))


def note_texte(note, bareme) -> str:
    """« 14,5 / 20 » (a Decimal or a str of one)."""
    texte = format(note, "f") if not isinstance(note, str) else note
    if "." in texte:
        texte = texte.rstrip("0").rstrip(".")
    return f"{texte.replace('.', ',')} / {bareme or 20}"


def mon_rendu(etat: str, remis_le: datetime | None, note, bareme) -> dict:
    """How a student (or their parent) reads one of their hand-ins (``remis_le`` an aware instant, said in Paris
    time): the mark only once restituted."""
    return {
        "etat": etat,
        "etat_libelle": ETATS_RENDU.get(etat, etat),
        "remis_le_texte": f"Remis le {dates_fr.moment_fr(en_heure_de_paris(remis_le).replace(tzinfo=None))}" if remis_le is not None and etat != "brouillon" else "",
        "note_texte": note_texte(note, bareme) if etat == "restitue" and note is not None else "",
    }


def echeance_texte(jour: date | None, aujourd_hui: date) -> str:
    """« À rendre pour jeudi 3 décembre » (« pour demain », « pour aujourd'hui »)."""
    if jour is None:
        return ""
    return f"À rendre pour {dates_fr.jour_relatif(jour, aujourd_hui)}"


def titre_espace(matiere: str | None, division: str | None, libre: bool, titre: str) -> str:
    """« Mathématiques — 3A »: the subject's name first; a free space keeps its own title."""
    if libre or not matiere:
        return titre
    matiere = matiere.strip()
    lisible = matiere.capitalize() if matiere.isupper() else matiere
    return f"{lisible} — {division}" if division else lisible


def enseignants_texte(noms) -> str:
    noms = sorted({n for n in noms if n})
    if not noms:
        return ""
    return ("Enseignant : " if len(noms) == 1 else "Enseignants : ") + ", ".join(noms)
