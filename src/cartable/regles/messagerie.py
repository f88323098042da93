"""Messagerie: who may write to whom, decided from plain values (no Zope, no directory object).

The Zope side describes each person as a ``Profil`` read from the directory at send time
(``cartable.messagerie.annuaire.profil``) and each establishment's settings as a ``Reglages``;
this module decides. The same rule answers a first message, a reply and a reply-all (a
reply-all keeps only the participants the replier may write to), the recipients offered by
the search and the members of a group.

Roles, per establishment (a person may hold several, in several establishments):

- « élève »: a student attached to the establishment (``divisions``: their classes and groups);
- « parent »: a legal responsable, for the establishments of their children (``enfants``,
  ``divisions_enfants``: the classes and groups of those children);
- « enseignant »: staff with the ENS function, or teaching classes/groups there (``divisions``:
  what they teach, ``principal``: the classes they are professeur principal of);
- « vie scolaire »: staff with the EDU (CPE) or DIR (direction) function;
- « personnel »: any other staff of the establishment.

The table (a row writes to a column; « ✓ » always within a shared establishment):

=================  ================  ================================  ==================  ============  ===========
from \\ to         élève             parent                            enseignant          vie scolaire  personnel
=================  ================  ================================  ==================  ============  ===========
élève              if allowed (1)    their own parents only            their teachers (2)  ✓             —
parent             their own child   — (never another parent)          their child's (2)   ✓             —
enseignant         they teach (2)    parents of students they teach    ✓                   ✓             ✓
vie scolaire       ✓                 ✓ (parents of the establishment)  ✓                   ✓             ✓
personnel          —                 —                                 ✓                   ✓             ✓
=================  ================  ================================  ==================  ============  ===========

(1) student ↔ student only in an establishment whose setting ``eleves_entre_eux`` is on (off by default),
    both students of it.
(2) « their teachers »: a teacher of one of the student's classes or groups, or the professeur principal of
    their class; symmetric for teacher → student and teacher → parent.

Always: nobody writes to themselves; a deactivated person is never a recipient and never a sender (their
sent messages stay where they are); establishments never mix (a teacher of establishment A does not reach a
parent whose children are all in B; a parent of children in A and B reaches the teachers of each child).

Groups as recipients (``Groupe``), expanded at send time into people, each member filtered by the same rule
(so a group never reaches someone the sender may not write to), the group's label kept with the message:

- « Les élèves de la 3A », « Les parents de la 3A »: the teachers of the class or group (and its professeur
  principal) and the vie scolaire of the establishment;
- « Les professeurs de la 3A »: any staff of the establishment;
- « Tous les personnels » of an establishment: any staff of the establishment.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone

from cartable.regles import devoirs

ELEVE, PARENT, PERSONNEL = "eleve", "parent", "personnel"
CATEGORIES = (ELEVE, PARENT, PERSONNEL)
FONCTION_ENSEIGNANT, FONCTION_CPE, FONCTION_DIRECTION = "ENS", "EDU", "DIR"
VIE_SCOLAIRE = frozenset({FONCTION_CPE, FONCTION_DIRECTION})

# kinds of group
ELEVES_DE, PARENTS_DE, PROFESSEURS_DE, PERSONNELS = "eleves", "parents", "professeurs", "personnels"
FAMILLES = "familles"  # « les parents de l'établissement »: every legal responsable of its students
GENRES_GROUPE = (ELEVES_DE, PARENTS_DE, PROFESSEURS_DE, PERSONNELS, FAMILLES)
SANS_DIVISION = frozenset({PERSONNELS, FAMILLES})

SUJET_MAX = 200
TEXTE_MAX = 20_000
DESTINATAIRES_MAX = 50  # people named one by one; groups are for more
SEUIL_FOND = 200  # beyond this many recipients, the mailboxes are filled by a background task
LOT = 100  # mailboxes filled per transaction by that task


class MessageInvalide(ValueError):
    """Bad input, with its message in French."""


@dataclass(frozen=True)
class Profil:
    """One person as the rule sees them (every field a plain value)."""

    id: str
    categorie: str  # ELEVE | PARENT | PERSONNEL
    actif: bool = True
    etablissements: frozenset = frozenset()  # structures: attached (staff, student) or of a child (parent)
    fonctions: frozenset = frozenset()  # {(structure, code)} of staff
    divisions: frozenset = frozenset()  # {(structure, division)}: a student's classes/groups, what a teacher teaches
    principal: frozenset = frozenset()  # {(structure, classe)} of a professeur principal
    enfants: frozenset = frozenset()  # ids of the children a parent holds legal authority over (active)
    divisions_enfants: frozenset = frozenset()  # {(structure, division)} of those children
    parents: frozenset = frozenset()  # ids of a student's active legal responsables


@dataclass(frozen=True)
class Reglages:
    """An establishment's settings for the messagerie."""

    eleves_entre_eux: bool = False


@dataclass(frozen=True)
class Groupe:
    genre: str  # one of GENRES_GROUPE
    structure: str
    division: str = ""  # empty for PERSONNELS

    @property
    def cle(self) -> str:
        return f"{self.genre}:{self.structure}:{self.division}"


REGLAGES_PAR_DEFAUT = Reglages()


def lire_groupe(cle) -> Groupe:
    """« parents:STRUCT:3A » → Groupe; a French refusal otherwise."""
    morceaux = str(cle).split(":") if isinstance(cle, str) else []
    if len(morceaux) != 3 or morceaux[0] not in GENRES_GROUPE or not morceaux[1]:
        raise MessageInvalide("Groupe de destinataires inconnu.")
    genre, structure, division = morceaux
    if (genre in SANS_DIVISION) != (division == ""):
        raise MessageInvalide("Groupe de destinataires inconnu.")
    return Groupe(genre, structure, division)


# -- roles -------------------------------------------------------------------------------------


def _codes(profil, structure):
    return {code for s, code in profil.fonctions if s == structure}


def est_personnel(profil, structure) -> bool:
    return profil.categorie == PERSONNEL and structure in profil.etablissements


def est_vie_scolaire(profil, structure) -> bool:
    return est_personnel(profil, structure) and bool(_codes(profil, structure) & VIE_SCOLAIRE)


def est_eleve(profil, structure) -> bool:
    return profil.categorie == ELEVE and structure in profil.etablissements


def est_parent(profil, structure) -> bool:
    return profil.categorie == PARENT and structure in profil.etablissements


def membre(profil, structure) -> bool:
    return profil.categorie in CATEGORIES and structure in profil.etablissements


def _enseigne(personnel, divisions) -> bool:
    """Does this staff member teach one of ``divisions`` (or is professeur principal of it)?"""
    if personnel.categorie != PERSONNEL:
        return False
    return bool(set(divisions) & (set(personnel.divisions) | set(personnel.principal)))


def role(profil, structure) -> str | None:
    """The role in the table's words: eleve, parent, enseignant, vie_scolaire, personnel (None: not a member)."""
    if not membre(profil, structure):
        return None
    if profil.categorie != PERSONNEL:
        return profil.categorie
    codes = _codes(profil, structure)
    if codes & VIE_SCOLAIRE:
        return "vie_scolaire"
    if FONCTION_ENSEIGNANT in codes or any(s == structure for s, _ in set(profil.divisions) | set(profil.principal)):
        return "enseignant"
    return "personnel"


# -- the rule ----------------------------------------------------------------------------------


def _sens(a, b, reglages) -> bool:
    """One direction of the rules that are not symmetric by themselves (each is checked both ways)."""
    communs = set(a.etablissements) & set(b.etablissements)
    for structure in communs:
        if est_vie_scolaire(a, structure):
            return True  # CPE and direction → anyone of the establishment (and back)
        if est_personnel(a, structure) and est_personnel(b, structure):
            return True  # staff ↔ staff
        if est_eleve(a, structure) and est_eleve(b, structure):
            if reglages(structure).eleves_entre_eux:
                return True
    if a.categorie == PERSONNEL and b.categorie == ELEVE and _enseigne(a, b.divisions):
        return True  # a teacher ↔ the students they teach
    if a.categorie == PERSONNEL and b.categorie == PARENT and _enseigne(a, b.divisions_enfants):
        return True  # a teacher ↔ the parents of the students they teach
    if a.categorie == PARENT and b.categorie == ELEVE and b.id in a.enfants:
        return True  # a parent ↔ their own child
    return False


def peut_ecrire(expediteur: Profil, destinataire: Profil, reglages=None) -> bool:
    """May ``expediteur`` write to ``destinataire``? ``reglages``: structure → Reglages (default: all off)."""
    if expediteur is None or destinataire is None:
        return False
    if not expediteur.actif or not destinataire.actif or expediteur.id == destinataire.id:
        return False
    lire = _lecteur_reglages(reglages)
    return _sens(expediteur, destinataire, lire) or _sens(destinataire, expediteur, lire)


def _lecteur_reglages(reglages):
    if callable(reglages):
        return reglages
    table = reglages or {}
    return lambda structure: table.get(structure, REGLAGES_PAR_DEFAUT)


def destinataires_permis(expediteur: Profil, candidats, reglages=None) -> list:
    """The ids of ``candidats`` (Profils) the sender may write to, in their order, each once."""
    vus, resultat = set(), []
    for candidat in candidats:
        if candidat.id not in vus and peut_ecrire(expediteur, candidat, reglages):
            vus.add(candidat.id)
            resultat.append(candidat.id)
    return resultat


def destinataires_reponse(repondeur: Profil, auteur: Profil, participants, tous=False, reglages=None) -> list:
    """A reply goes to the author of the message answered; a reply-all to every participant too, each kept only
    when the replier may write to them (a reply-all never reaches someone the replier may not write to)."""
    candidats = [auteur] + (list(participants) if tous else [])
    return destinataires_permis(repondeur, [c for c in candidats if c is not None], reglages)


# -- groups ------------------------------------------------------------------------------------


def peut_ecrire_groupe(expediteur: Profil, groupe: Groupe) -> bool:
    """May the sender address this group (its members are then filtered one by one by ``peut_ecrire``)?"""
    if expediteur is None or not expediteur.actif or groupe.genre not in GENRES_GROUPE:
        return False
    structure = groupe.structure
    if groupe.genre in (ELEVES_DE, PARENTS_DE):
        return est_vie_scolaire(expediteur, structure) or (
            est_personnel(expediteur, structure) and _enseigne(expediteur, {(structure, groupe.division)}))
    if groupe.genre == FAMILLES:
        return est_vie_scolaire(expediteur, structure)
    return est_personnel(expediteur, structure)  # PROFESSEURS_DE, PERSONNELS


def groupes_permis(expediteur: Profil, divisions_par_structure: dict) -> list:
    """The groups offered to the sender: ``divisions_par_structure`` is {structure: [division codes]} of the
    establishments concerned (what the directory lists); the vie scolaire gets every class, a teacher theirs."""
    groupes = []
    for structure, divisions in divisions_par_structure.items():
        if not est_personnel(expediteur, structure):
            continue
        for division in divisions:
            for genre in (PARENTS_DE, ELEVES_DE, PROFESSEURS_DE):
                groupe = Groupe(genre, structure, division)
                if peut_ecrire_groupe(expediteur, groupe):
                    groupes.append(groupe)
        groupes.append(Groupe(PERSONNELS, structure))
        if est_vie_scolaire(expediteur, structure):
            groupes.append(Groupe(FAMILLES, structure))
    return groupes


def libelle_groupe(groupe: Groupe, libelle_division: str = "", nom_etablissement: str = "") -> str:
    """« Les parents de la 3A », « Tous les personnels (Collège Jean Moulin) »."""
    division = libelle_division or groupe.division
    if groupe.genre == PARENTS_DE:
        return f"Les parents de {division}"
    if groupe.genre == ELEVES_DE:
        return f"Les élèves de {division}"
    if groupe.genre == PROFESSEURS_DE:
        return f"Les professeurs de {division}"
    if groupe.genre == FAMILLES:
        return f"Les parents de l'établissement ({nom_etablissement})" if nom_etablissement else "Les parents de l'établissement"
    return f"Tous les personnels ({nom_etablissement})" if nom_etablissement else "Tous les personnels"


def developper(expediteur: Profil, groupe: Groupe, membres, reglages=None) -> list:
    """The ids a group reaches: its members (Profils, as the directory lists them) the sender may write to;
    nothing when the sender may not address the group."""
    if not peut_ecrire_groupe(expediteur, groupe):
        return []
    return destinataires_permis(expediteur, membres, reglages)


# -- a message as typed ------------------------------------------------------------------------


@dataclass
class Brouillon:
    sujet: str
    texte: str
    destinataires: list = field(default_factory=list)  # ids
    groupes: list = field(default_factory=list)  # Groupe
    eleves: list = field(default_factory=list)  # ids of students whose families are written to (staff only)


def valider_message(donnees, reponse=False) -> Brouillon:
    """A message from a request body: {"sujet", "texte", "destinataires": [ids], "groupes": [clés]}; for a reply
    only "texte" (and "tous"). A French refusal on anything else."""
    if not isinstance(donnees, dict):
        raise MessageInvalide("Corps attendu : un objet avec sujet, texte et destinataires.")
    texte = donnees.get("texte")
    if not isinstance(texte, str) or not texte.strip():
        raise MessageInvalide("Écrivez votre message avant de l'envoyer.")
    if len(texte) > TEXTE_MAX:
        raise MessageInvalide(f"Le message est trop long (au plus {TEXTE_MAX} caractères).")
    if reponse:
        return Brouillon(sujet="", texte=texte.strip())
    sujet = donnees.get("sujet")
    if not isinstance(sujet, str) or not sujet.strip():
        raise MessageInvalide("Donnez un objet à votre message.")
    if len(sujet) > SUJET_MAX:
        raise MessageInvalide(f"L'objet est trop long (au plus {SUJET_MAX} caractères).")
    ids = donnees.get("destinataires") or []
    cles = donnees.get("groupes") or []
    if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
        raise MessageInvalide("Destinataires attendus : une liste d'identifiants.")
    if not isinstance(cles, list):
        raise MessageInvalide("Groupes attendus : une liste.")
    if len(ids) > DESTINATAIRES_MAX:
        raise MessageInvalide(f"Au plus {DESTINATAIRES_MAX} destinataires choisis un par un : utilisez un groupe.")
    eleves = donnees.get("eleves") or []
    if not isinstance(eleves, list) or not all(isinstance(i, str) and i for i in eleves):
        raise MessageInvalide("Élèves attendus : une liste d'identifiants.")
    if len(eleves) > DESTINATAIRES_MAX:
        raise MessageInvalide(f"Au plus {DESTINATAIRES_MAX} élèves choisis un par un : utilisez « Les parents de… ».")
    groupes = [lire_groupe(c) for c in cles]
    if not ids and not groupes and not eleves:
        raise MessageInvalide("Choisissez au moins un destinataire.")
    return Brouillon(sujet=" ".join(sujet.split()), texte=texte.strip(), destinataires=list(dict.fromkeys(ids)),
                     groupes=list(dict.fromkeys(groupes)), eleves=list(dict.fromkeys(eleves)))


def valider_brouillon(donnees) -> dict:
    """A draft as typed, saved on the server while it is written: {"sujet", "texte", "destinataires": [{"id",
    "nom", "eleve"}], "groupes": [clés], "a_signer", "aux_familles"}; anything may still be empty (it is not sent), only sizes and shapes
    are checked. An empty draft (nothing typed, nobody chosen) is None: the draft is removed."""
    if not isinstance(donnees, dict):
        raise MessageInvalide("Corps attendu : un objet avec sujet, texte et destinataires.")
    sujet, texte = donnees.get("sujet") or "", donnees.get("texte") or ""
    if not isinstance(sujet, str) or not isinstance(texte, str):
        raise MessageInvalide("L'objet et le message sont du texte.")
    if len(sujet) > SUJET_MAX:
        raise MessageInvalide(f"L'objet est trop long (au plus {SUJET_MAX} caractères).")
    if len(texte) > TEXTE_MAX:
        raise MessageInvalide(f"Le message est trop long (au plus {TEXTE_MAX} caractères).")
    personnes, cles = donnees.get("destinataires") or [], donnees.get("groupes") or []
    if not isinstance(personnes, list) or len(personnes) > DESTINATAIRES_MAX or not all(
            isinstance(p, dict) and isinstance(p.get("id"), str) and p["id"] and len(p["id"]) <= 100
            and isinstance(p.get("nom", ""), str) and len(p.get("nom", "")) <= 200 for p in personnes):
        raise MessageInvalide(f"Destinataires attendus : au plus {DESTINATAIRES_MAX} personnes (identifiant et nom).")
    if not isinstance(cles, list) or len(cles) > DESTINATAIRES_MAX or not all(isinstance(c, str) for c in cles):
        raise MessageInvalide("Groupes attendus : une liste.")
    groupes = [lire_groupe(c).cle for c in cles]
    uniques = {}
    for p in personnes:
        uniques.setdefault(p["id"], {"id": p["id"], "nom": p.get("nom", ""), "eleve": p.get("eleve") is True})
    personnes = list(uniques.values())
    if not sujet.strip() and not texte.strip() and not personnes and not groupes:
        return None
    return {"sujet": sujet, "texte": texte, "destinataires": personnes, "groupes": list(dict.fromkeys(groupes)),
            "a_signer": donnees.get("a_signer") is True, "aux_familles": donnees.get("aux_familles") is True}


# -- folders -----------------------------------------------------------------------------------

DOSSIERS = {"reception": "Boîte de réception", "envoyes": "Envoyés", "brouillons": "Brouillons",
            "archives": "Archivés", "corbeille": "Corbeille"}
RANGEMENTS = ("reception", "archives", "corbeille")  # where a conversation may be moved


def vues(dossier: str, a_recu: bool, a_envoye: bool) -> set:
    """The folders a person's copy of a conversation shows in: réception when it holds a message received and is
    not put away, envoyés when they wrote in it and did not throw it away, archivés or corbeille when put there."""
    resultat = set()
    if dossier == "reception" and a_recu:
        resultat.add("reception")
    if dossier in ("archives", "corbeille"):
        resultat.add(dossier)
    if a_envoye and dossier != "corbeille":
        resultat.add("envoyes")
    return resultat


def valider_rangement(dossier) -> str:
    if dossier not in RANGEMENTS:
        raise MessageInvalide("Dossier inconnu : réception, archivés ou corbeille.")
    return dossier


# -- search in one's own mail ------------------------------------------------------------------


def normaliser(texte: str) -> str:
    """Lower case, no accents, words separated by one space (« Sortie au Musée ! » → « sortie au musee »)."""
    ascii_ = unicodedata.normalize("NFKD", texte or "").encode("ascii", "ignore").decode()
    return " ".join(re.split(r"[^a-z0-9]+", ascii_.lower())).strip()


def correspond(recherche: str, *textes: str) -> bool:
    """Does every word typed appear (as the start of a word) in the texts? Accent- and case-blind."""
    mots = normaliser(recherche).split()
    if not mots:
        return False
    cible = " " + " ".join(normaliser(t) for t in textes) + " "
    return all(f" {mot}" in cible for mot in mots)


# -- carnet de liaison: a « mot à signer » -----------------------------------------------------


def valider_mot(brouillon: Brouillon) -> None:
    """A mot à signer goes to families (each signs once): the parents of classes or groups, of the establishment, or
    of students chosen one by one; nothing else."""
    if (brouillon.destinataires or not (brouillon.groupes or brouillon.eleves)
            or any(g.genre not in (PARENTS_DE, FAMILLES) for g in brouillon.groupes)):
        raise MessageInvalide("Un mot à signer s'adresse aux parents d'une classe ou d'un groupe (« Les parents de… ») "
                              "ou aux familles d'élèves choisis.")


ELEVES_CHOISIS = "eleves-choisis"  # the label kept with a message to the families of students chosen one by one


def familles_choisies(expediteur: Profil, eleve: Profil, parents, reglages=None):
    """The parents (ids) of one chosen student that the sender reaches, or None when the sender may not write to
    that student's family: only staff of the student's establishment who may write to the student (a teacher of
    their class or group, the vie scolaire); each legal parent is then kept by ``peut_ecrire``."""
    if (expediteur is None or eleve is None or eleve.categorie != ELEVE or not eleve.actif
            or not any(est_personnel(expediteur, s) for s in eleve.etablissements)
            or not peut_ecrire(expediteur, eleve, reglages)):
        return None
    return [p.id for p in parents if p is not None and peut_ecrire(expediteur, p, reglages)]


def libelle_eleves_choisis(nombre: int) -> str:
    """« Les familles de 3 élèves », « La famille d'un élève »."""
    return "La famille d'un élève" if nombre == 1 else f"Les familles de {nombre} élèves"


def a_signer_par(familles: dict, signatures, parent: str) -> list:
    """The families (student ids) of this parent that have not signed yet; either legal responsable signs."""
    return [eleve for eleve, parents in familles.items() if parent in parents and eleve not in signatures]


def etat_signatures(familles: dict, signatures) -> dict:
    """{"signes", "total", "non_signes": [student ids]}: who signed, out of the families the mot reached."""
    non_signes = [eleve for eleve in familles if eleve not in signatures]
    return {"signes": len(familles) - len(non_signes), "total": len(familles), "non_signes": non_signes}


# -- sending to many in the background ---------------------------------------------------------


def en_fond(nombre: int) -> bool:
    """Whether a message to ``nombre`` people fills their mailboxes in the background."""
    return nombre > SEUIL_FOND


def lots(destinataires, faits, taille=LOT) -> list:
    """The recipients not yet served, in the order kept at send time, by batches of ``taille`` (a task run again
    after a crash resumes where it stopped and serves no one twice)."""
    restants = [i for i in dict.fromkeys(destinataires) if i not in faits]
    return [restants[i:i + taille] for i in range(0, len(restants), taille)]


def bilan_distribution(attendus, recus) -> dict:
    """Who was expected and who got the message: {"attendus", "recus", "doublons", "manquants", "en_trop"}
    (``recus``: one id per copy delivered, so a duplicate shows)."""
    attendus, recus = list(attendus), list(recus)
    vus, doublons = set(), []
    for ident in recus:
        if ident in vus:
            doublons.append(ident)
        vus.add(ident)
    return {"attendus": len(set(attendus)), "recus": len(recus), "doublons": sorted(set(doublons)),
            "manquants": sorted(set(attendus) - vus), "en_trop": sorted(vus - set(attendus))}


REPRISE_ATTENTE_MINUTES = 5  # a sending whose job left no trace this long after being queued: its queueing failed
REPRISE_FILE_MINUTES = 30  # a job still « queued » this long (its queue entry lost): queued again
REPRISES_MAX = 5  # then the sending is left to the administrator (logged), never queued for ever


def envoi_a_reprendre(etat_tache: str | None, minutes_depuis: float, reprises: int) -> bool:
    """Should the periodic tour queue a background sending again? ``etat_tache``: the state of its last job
    (None: no record, the queueing failed after the commit; "queued", "running", "done", "failed"),
    ``minutes_depuis``: since it was queued, ``reprises``: how many times it was already queued again. Running it
    twice is harmless (the task skips the mailboxes already served), so a doubt queues it again."""
    if reprises >= REPRISES_MAX or etat_tache == "running":
        return False
    if etat_tache in ("failed", "done"):  # failed, or over without every mailbox (stopped mid-way)
        return True
    if etat_tache is None:
        return minutes_depuis >= REPRISE_ATTENTE_MINUTES  # not the instant between the commit and the queueing
    return minutes_depuis >= REPRISE_FILE_MINUTES  # "queued" for long


def progression(faits: int, total: int) -> str:
    """« Envoi en cours : 340 boîtes sur 900 », « Envoyé aux 900 destinataires »."""
    if faits >= total:
        return f"Envoyé {'au destinataire' if total == 1 else f'aux {total} destinataires'}."
    return f"Envoi en cours : {faits} boîte{'s' if faits > 1 else ''} sur {total}."


# -- attachments ---------------------------------------------------------------------------------

PIECES_MAX = 3  # per message
TAILLE_MAX_PIECE = 5 * devoirs.MO
# the Devoir's rule, used for its file checks only (extension and first bytes, size, count): its dates do not matter
_REGLE_PIECES = devoirs.Devoir(ouverture=datetime(2000, 1, 1, tzinfo=timezone.utc),
                               echeance=datetime(2000, 1, 1, tzinfo=timezone.utc),
                               max_fichiers=PIECES_MAX, taille_max_octets=TAILLE_MAX_PIECE)


def verifier_pieces(pieces) -> list[str]:
    """French errors for a message's attachments, [] when they are all right: checked like a Devoir's hand-ins
    (``regles.devoirs.verifier_fichiers``: the extension and the file's first bytes agree, the size, how many).
    ``pieces``: (nom, taille en octets, premiers octets)."""
    erreurs = devoirs.verifier_fichiers(_REGLE_PIECES, list(pieces))
    return [e.replace("ce devoir en accepte", "un message en accepte") for e in erreurs]


def noms_pieces(noms) -> list[str]:
    """Each attachment's name, cleaned and made unique within its message (its id for the download)."""
    return devoirs.noms_uniques([devoirs.nettoyer_nom(n) for n in noms])


def piece_en_mots(nom: str, taille: int) -> str:
    """« compte-rendu.pdf (1,5 Mo) »."""
    return f"{nom} ({devoirs.taille_lisible(taille)})"
