"""The grades' part of Mon bureau (issue 14): each person's blocks and menu entries.

- élève: « Dernières notes » (published marks, published bulletins);
- responsable légal: the same, one block per child and establishment;
- enseignant: « Mes carnets de notes » (a line per class or group × subject,
  opening its grid), and « Conseil de classe » for a professeur principal;
- direction: « Bulletins » per class (generated, published, to regenerate).

Every block reads the establishment's grade book (``lire_carnet``: BTrees
annotated on the establishment, range reads of its indexes), the directory and
the clock; no catalog query, nothing written. Rights are those of the pages the
lines open (``droits``, ``choix_conseil``): a line is never offered to whom its
page would refuse, and families only ever see published evaluations.

What the model cannot tell (so « À régénérer » may miss it): a bulletin is
outdated when a mark of the class's own evaluations (their journal), a subject
or general appreciation, a council decision or date was written after its
generation. Evaluations of a student's groups, an evaluation's coefficient,
date or publication, a subject's coefficient and the absences keep no date
here: changing them after the generation is not seen.
"""

from datetime import date

from zope.interface import implementer

from cartable.annuaire.bureau.blocs import url_etablissement
from cartable.annuaire.contenu import id_etablissement
from cartable.core import horloge
from cartable.core.bureau import IBlocBureau, IEntreesMenu
from cartable.notes import droits
from cartable.notes.choix_conseil import classes_du_conseil
from cartable.notes.stockage import lire_carnet
from cartable.regles import acces
from cartable.regles import bureau_notes as regles
from cartable.regles.bureau import adresse, bloc, lien, ligne
from cartable.regles.dates_fr import jour_relatif
from cartable.regles.releve import divisions_eleve

NOMBRE_NOTES = 5
NOMBRE_BULLETINS = 3


# -- the directory, in words ---------------------------------------------------------------------


def nom_etablissement(annuaire, structure):
    fiche = annuaire.structures.get(structure)
    return (fiche.nom or fiche.uai or structure) if fiche is not None else structure


def carnet_de(site, annuaire, structure):
    """The establishment's grade book, or None (never writes)."""
    fiche = annuaire.structures.get(structure)
    etablissement = site.get(id_etablissement(fiche.uai)) if fiche is not None and fiche.uai else None
    return lire_carnet(etablissement) if etablissement is not None else None


def libelle_matiere(annuaire, code):
    matiere = annuaire.matieres.get(code)
    return (matiere.valeur("ENTLibelleMatiere") or code) if matiere is not None else code


def libelles_divisions(annuaire, structure):
    """{code: libellé} of an establishment's classes and groups (two range reads)."""
    return {**annuaire.divisions_de(structure, "groupe"), **annuaire.divisions_de(structure, "classe")}


def structures_de_l_eleve(eleve):
    """The establishments of a student's classes and groups (their attachments when they have none)."""
    vues = [s for s, _ in eleve.classes + eleve.groupes] or list(eleve.rattachements)
    return list(dict.fromkeys(vues))


def structures_du_personnel(personne):
    """The establishments where a member of staff teaches, has a function or is attached, in a stable order."""
    if personne is None or personne.categorie != "PersEducNat":
        return []
    vues = [s for s, _, _ in personne.enseignements] + [s for s, _, _ in personne.fonctions] + list(personne.rattachements)
    return list(dict.fromkeys(vues))


def grilles(personne, structure):
    """The (division, subject) pairs a teacher teaches in an establishment, sorted."""
    return sorted({(d, m) for s, d, m in personne.enseignements if s == structure and d and m})


# -- reads of the grade book ---------------------------------------------------------------------


def notes_publiees(carnet, annuaire, eleve, structure, jour, nombre=NOMBRE_NOTES):
    """The ``nombre`` latest published marks of a student in an establishment, newest first.

    Read period by period from the newest begun, each a range read of the
    division index of the student's classes and groups; stops once enough.
    """
    if carnet is None:
        return []
    divisions = divisions_eleve(eleve, structure)
    brutes = []  # (evaluation, entry, period code)
    for periode in regles.periodes_commencees(carnet.periodes.values(), jour):
        for division in divisions:
            for evaluation in carnet.evaluations_de(division, periode["code"]):
                saisie = evaluation.saisies.get(eleve.id) if evaluation.publiee else None
                if saisie is not None:
                    brutes.append((evaluation, saisie, periode["code"]))
        if len(brutes) >= nombre:
            break
    # words only for the newest: those of the ``nombre`` latest dates, ties on the last one kept for
    # ``dernieres``' order (by subject and title), not for a whole period's marks
    if len(brutes) > nombre:
        limite = sorted((b[0].date for b in brutes), reverse=True)[nombre - 1]
        brutes = [b for b in brutes if b[0].date >= limite]
    trouvees = [{"date": evaluation.date, "matiere": libelle_matiere(annuaire, evaluation.matiere), "titre": evaluation.titre,
                 "note": regles.note_fr(saisie[0], evaluation.bareme), "periode": code} for evaluation, saisie, code in brutes]
    return regles.dernieres(trouvees, nombre)


def bulletins_publies(carnet, eleve, nombre=NOMBRE_BULLETINS):
    """[(period, bulletin)] of a student's published bulletins, the latest period first."""
    if carnet is None:
        return []
    trouves = []
    for periode in sorted(carnet.periodes.values(), key=lambda p: p["du"], reverse=True):
        bulletin = carnet.bulletins.get((periode["code"], eleve.id))
        if bulletin is not None and bulletin.get("publie"):
            trouves.append((periode, bulletin))
    return trouves[:nombre]


def derniere_modification(carnet, periode, divisions):
    """{division: ISO moment of the last mark, appreciation, decision or council date written} of a period.

    Marks: the journal of each class's evaluations (its last key, O(log n)); appreciations, general
    appreciations and decisions: the class's ``Horodatage`` (one key), or, in a carnet made before step
    1002, one read per record of the period.
    """
    dernieres = {}

    def voir(division, quand):
        if division in divisions and quand and quand > dernieres.get(division, ""):
            dernieres[division] = quand

    for division in divisions:
        for evaluation in carnet.evaluations_de(division, periode):
            if len(evaluation.journal):
                voir(division, evaluation.journal.maxKey()[0])
        voir(division, (carnet.conseils.get((periode, division)) or {}).get("le"))
    if carnet.modifications is not None:
        for division in divisions:
            voir(division, getattr(carnet.modifications.get((periode, division)), "le", None))
        return dernieres
    for arbre in (carnet.appreciations, carnet.appreciations_generales, carnet.decisions):
        for valeur in arbre.values(min=(periode,), max=(periode, "\uffff")):
            voir(valeur.get("division"), valeur.get("le"))
    return dernieres


# -- the blocks ----------------------------------------------------------------------------------


def bloc_notes_eleve(site, lecteur, eleve, structure, pour_parent):
    """One student's latest marks and published bulletins in one establishment (published work only)."""
    annuaire = lecteur.annuaire
    if droits.lit_eleve(annuaire, lecteur.personne, eleve, structure) != "publie":
        return None
    base = url_etablissement(site, annuaire, structure)
    if base is None:
        return None
    carnet = carnet_de(site, annuaire, structure)
    jour = horloge.aujourd_hui()
    moi = {"eleve": eleve.id} if pour_parent else {}
    lignes = []
    for periode, bulletin in bulletins_publies(carnet, eleve):
        publie_le = regles.moment_iso(bulletin.get("publie_le"), jour)  # kept by @bulletins since its publication
        lignes.append(ligne(f"Bulletin : {periode['libelle']}", f"Publié {publie_le}" if publie_le else "Publié",
                            adresse(base, "mes-notes", **moi, periode=periode["code"]), "info", "Bulletin publié"))
    for note in notes_publiees(carnet, annuaire, eleve, structure, jour):
        lignes.append(ligne(f"{note['matiere']} : {note['note']}", f"{note['titre']}, {jour_relatif(note['date'], jour)}",
                            adresse(base, "mes-notes", **moi, periode=note["periode"])))
    ecole = nom_etablissement(annuaire, structure)
    toutes = f"Toutes les notes {regles.de(eleve.prenom or eleve.nom_complet)}" if pour_parent else "Toutes mes notes"
    return bloc("Dernières notes", lignes, "Aucune note publiée pour l'instant.",
                sous_titre=f"{eleve.nom_complet} — {ecole}" if pour_parent else ecole,
                liens=[lien(toutes, adresse(base, "mes-notes", **moi))])


@implementer(IBlocBureau)
class DernieresNotes:
    """A student's latest published marks; a parent's, one block per child and establishment."""

    ordre = 40
    titre = "Dernières notes"

    def blocs(self, site, lecteur):
        personne, annuaire = lecteur.personne, lecteur.annuaire
        if personne is None or annuaire is None:
            return []
        if personne.categorie == "Eleve":
            couples = [(personne, s, False) for s in structures_de_l_eleve(personne)]
        elif personne.categorie == "PersRelEleve":
            couples = [(enfant, s, True) for enfant in acces.enfants_visibles(annuaire, personne)
                       for s in structures_de_l_eleve(enfant)]
        else:
            return []
        return [b for b in (bloc_notes_eleve(site, lecteur, *c) for c in couples) if b is not None]


@implementer(IBlocBureau)
class MesCarnets:
    """A teacher's grade grids: a line per class or group × subject, opening the grid on its period."""

    ordre = 42
    titre = "Mes carnets de notes"

    def blocs(self, site, lecteur):
        personne, annuaire = lecteur.personne, lecteur.annuaire
        if personne is None or annuaire is None or personne.categorie != "PersEducNat":
            return []
        jour = horloge.aujourd_hui()
        resultat = []
        for structure in structures_du_personnel(personne):
            couples = [(d, m) for d, m in grilles(personne, structure) if droits.enseigne_matiere(personne, structure, d, m)]
            base = url_etablissement(site, annuaire, structure)
            if not couples or base is None:
                continue
            carnet = carnet_de(site, annuaire, structure)
            periode = regles.periode_de_travail(carnet.periodes.values(), jour) if carnet is not None else None
            libelles = libelles_divisions(annuaire, structure)
            lignes = []
            for division, matiere in sorted(couples, key=lambda c: (libelles.get(c[0]) or c[0], libelle_matiere(annuaire, c[1]))):
                texte = f"{libelles.get(division) or division} — {libelle_matiere(annuaire, matiere)}"
                if periode is None:
                    etat = {"detail": "Les périodes ne sont pas encore définies par la direction."}
                else:
                    evaluations = carnet.evaluations_de(division, periode["code"], matiere)
                    etat = regles.etat_carnet(len(evaluations), sum(1 for e in evaluations if not e.publiee), periode, jour)
                lignes.append(ligne(texte, lien=adresse(base, "saisie-notes", division=division, matiere=matiere,
                                                        periode=periode["code"] if periode else None), **etat))
            resultat.append(bloc("Mes carnets de notes", lignes, "Aucune classe ni matière ne vous est attribuée ici.",
                                 sous_titre=nom_etablissement(annuaire, structure),
                                 liens=[lien("Saisie des notes", adresse(base, "saisie-notes"))]))
        return resultat


@implementer(IBlocBureau)
class ConseilsDeClasse:
    """A professeur principal's classes: the council's date and the general appreciations still to write."""

    ordre = 44
    titre = "Conseil de classe"

    def blocs(self, site, lecteur):
        personne, annuaire = lecteur.personne, lecteur.annuaire
        if personne is None or annuaire is None or personne.categorie != "PersEducNat":
            return []
        jour = horloge.aujourd_hui()
        resultat = []
        for structure in structures_du_personnel(personne):
            classes = classes_du_conseil(annuaire, personne, structure, direction=False)
            base = url_etablissement(site, annuaire, structure)
            if not classes or base is None:
                continue
            carnet = carnet_de(site, annuaire, structure)
            periode = regles.periode_de_travail(carnet.periodes.values(), jour) if carnet is not None else None
            lignes = []
            for classe in classes:
                vers = adresse(base, "conseil-de-classe", division=classe["code"], periode=periode["code"] if periode else None)
                if periode is None:
                    lignes.append(ligne(f"Classe {classe['libelle']}", lien=vers))
                    continue
                eleves = annuaire.eleves(structure, classe["code"])
                ecrites = sum(1 for e in eleves
                              if (carnet.appreciations_generales.get((periode["code"], e)) or {}).get("texte"))
                date_conseil = (carnet.conseils.get((periode["code"], classe["code"])) or {}).get("date")
                etat = regles.etat_conseil(date.fromisoformat(date_conseil) if date_conseil else None, len(eleves), ecrites, jour)
                lignes.append(ligne(f"Classe {classe['libelle']} : {periode['libelle']}", lien=vers, **etat))
            resultat.append(bloc("Conseil de classe", lignes, "", sous_titre=nom_etablissement(annuaire, structure)))
        return resultat


@implementer(IBlocBureau)
class BulletinsDirection:
    """The direction: the bulletins of each class for the period at hand, and the pages that act on them."""

    ordre = 50
    titre = "Bulletins"

    def blocs(self, site, lecteur):
        personne, annuaire = lecteur.personne, lecteur.annuaire
        if personne is None or annuaire is None:
            return []
        jour = horloge.aujourd_hui()
        resultat = []
        for structure in structures_du_personnel(personne):
            base = url_etablissement(site, annuaire, structure)
            if not droits.est_direction(personne, structure) or base is None:
                continue
            resultat.append(bloc_bulletins(site, annuaire, structure, base, jour))
        return resultat


def bloc_bulletins(site, annuaire, structure, base, jour):
    carnet = carnet_de(site, annuaire, structure)
    liens = [lien("Conseils de classe", adresse(base, "conseil-de-classe")),
             lien("Transfert des notes", adresse(base, "transfert-notes"))]
    ecole = nom_etablissement(annuaire, structure)
    if carnet is None or not len(carnet.periodes):
        return bloc("Bulletins", [], "Définissez d'abord les périodes de l'année.", sous_titre=ecole,
                    liens=[lien("Bulletins", adresse(base, "bulletins")), *liens])
    avec = {p["code"] for p in carnet.periodes.values()
            if next(iter(carnet.bulletins.keys(min=(p["code"], ""), max=(p["code"], "\uffff"))), None) is not None}
    periode = regles.periode_des_bulletins(carnet.periodes.values(), jour, avec)
    code = periode["code"]
    classes = sorted(annuaire.divisions_de(structure, "classe").items())
    par_classe = {}
    for (_, _eleve), bulletin in carnet.bulletins.items(min=(code, ""), max=(code, "\uffff")):
        par_classe.setdefault(bulletin.get("division"), []).append(
            {"genere_le": bulletin.get("genere_le") or "", "publie": bool(bulletin.get("publie"))})
    modifiees = derniere_modification(carnet, code, set(par_classe)) if par_classe else {}
    lignes = []
    for classe, libelle in classes:
        etat = regles.etat_bulletins(len(annuaire.eleves(structure, classe)), par_classe.get(classe, []),
                                     modifiees.get(classe), jour)
        lignes.append(ligne(f"Classe {libelle or classe}", lien=adresse(base, "bulletins", periode=code, division=classe), **etat))
    return bloc(f"Bulletins : {periode['libelle']}", lignes, "Aucune classe dans l'annuaire de l'établissement.",
                sous_titre=ecole, liens=[lien("Générer et publier les bulletins", adresse(base, "bulletins", periode=code)), *liens])


# -- the menu ------------------------------------------------------------------------------------


@implementer(IEntreesMenu)
class Menu:
    """Mes notes (a student; a parent per child), Saisie des notes, Conseil de classe, Bulletins, Transfert des notes:
    only the pages this person may open (the access matrix's rows), per establishment."""

    def entrees(self, site, lecteur):
        personne, annuaire = lecteur.personne, lecteur.annuaire
        if personne is None or annuaire is None:
            return []
        entrees = []
        if personne.categorie == "Eleve":
            for structure in structures_de_l_eleve(personne)[:1]:  # @@mes-notes finds the student itself
                base = url_etablissement(site, annuaire, structure)
                if base is not None:
                    entrees.append({"texte": "Mes notes", "lien": adresse(base, "mes-notes"), "ordre": 30})
        elif personne.categorie == "PersRelEleve":
            for enfant in acces.enfants_visibles(annuaire, personne):
                for structure in structures_de_l_eleve(enfant)[:1]:
                    base = url_etablissement(site, annuaire, structure)
                    if base is not None and droits.lit_eleve(annuaire, personne, enfant, structure):
                        entrees.append({"texte": f"Notes {regles.de(enfant.prenom or enfant.nom_complet)}",
                                        "lien": adresse(base, "mes-notes", eleve=enfant.id), "ordre": 30})
        elif personne.categorie == "PersEducNat":
            structures = structures_du_personnel(personne)
            for structure in structures:
                entrees += entrees_du_personnel(site, annuaire, personne, structure, plusieurs=len(structures) > 1)
        return entrees


def entrees_du_personnel(site, annuaire, personne, structure, plusieurs):
    base = url_etablissement(site, annuaire, structure)
    if base is None:
        return []
    suffixe = f" — {nom_etablissement(annuaire, structure)}" if plusieurs else ""
    direction = droits.est_direction(personne, structure)
    entrees = []
    # the grid's chooser lists the reader's own subjects: a direction that teaches nothing would find it empty
    if acces.est_personnel(personne, structure) and any(droits.enseigne_matiere(personne, structure, d, m)
                                                         for d, m in grilles(personne, structure)):
        entrees.append({"texte": f"Saisie des notes{suffixe}", "lien": adresse(base, "saisie-notes"), "ordre": 31})
    if direction or classes_du_conseil(annuaire, personne, structure, direction=False):
        entrees.append({"texte": f"Conseil de classe{suffixe}", "lien": adresse(base, "conseil-de-classe"), "ordre": 32})
    if direction:
        entrees.append({"texte": f"Bulletins{suffixe}", "lien": adresse(base, "bulletins"), "ordre": 33})
        entrees.append({"texte": f"Transfert des notes{suffixe}", "lien": adresse(base, "transfert-notes"), "ordre": 34})
    return entrees
