"""Mon bureau, pedagogy blocks and menu entries (the contract is ``cartable.core.bureau``).

One named utility per block, so that each sorts among the other modules'
blocks and one failing never hides another:

- « Travail à faire » (élève; per child for a responsable) and « Devoirs à
  rendre » read the agenda index (``agenda.lecture``: one range read per class
  or group, the ticks one set); a Devoir to hand in also reads its student's
  Rendu (its state, their own due date), one Devoir and one Rendu per line;
- « Copies à corriger » (enseignant): the teacher's Devoirs still published
  come from the agenda index of the divisions and subjects they teach; the
  hand-ins « remis » are counted on each of those Devoirs (there is no index of
  hand-ins waiting per teacher: each Rendu of those Devoirs is read);
- « Cahier de textes de la semaine » (enseignant): the courses given this week
  from the timetable (vie scolaire), each looked up in its space's cahier (one
  key read);
- « Mes espaces de cours » (élève, enseignant): the spaces of their classes
  and groups (directory → Classe → its spaces); free spaces are not listed
  (finding them would walk every establishment);
- « Cahiers de textes à viser » (direction): every cahier of the
  establishment, one range read each (entries since the last visa).

Nothing is written: every store is read through its ``lire_*`` (no annotation
created), the content is reached by ``get`` and ``unrestrictedTraverse``.
The words, states and dates are ``cartable.regles.bureau_pedagogie``'s.
"""

from datetime import timedelta
from urllib.parse import quote, urlencode

from plone import api
from zope.interface import implementer

from cartable.annuaire.contenu import id_division
from cartable.core import adresses, horloge
from cartable.core.bureau import IBlocBureau, IEntreesMenu
from cartable.pedagogie.agenda import lecture
from cartable.pedagogie.agenda.stockage import lire_faits
from cartable.pedagogie.content.devoir import instant
from cartable.pedagogie.devoirs.correction import rendus_du_devoir
from cartable.pedagogie.devoirs.rendus import NON_RENDU, etat_de, rendu_de
from cartable.pedagogie.espaces import ID_CAHIER, id_espace, id_espace_bis, libelle_matiere
from cartable.regles import acces
from cartable.regles import agenda as regles_agenda
from cartable.regles import bureau_pedagogie as regles
from cartable.regles import devoirs as regles_devoirs

JOURS_COPIES_AVANT = 120  # Devoirs due in the last four months (a closed Devoir has left the index)
JOURS_COPIES_APRES = 60
TYPE_ESPACE = "EspaceCours"  # the course space's type (profiles/default/types/EspaceCours.xml)


# --- Who and where ----------------------------------------------------------------------------------------


def eleve(lecteur):
    p = lecteur.personne
    return p if p is not None and lecteur.annuaire is not None and p.categorie == "Eleve" else None


def enfants(lecteur):
    p = lecteur.personne
    if p is None or lecteur.annuaire is None or p.categorie != "PersRelEleve":
        return []
    return acces.enfants_visibles(lecteur.annuaire, p)


def enseignant(lecteur):
    p = lecteur.personne
    return p if p is not None and lecteur.annuaire is not None and p.categorie == "PersEducNat" and p.enseignements else None


def url_agenda(site, eleve_, moi):
    base = f"{adresses.url_site(site)}/@@agenda"
    return base if moi else f"{base}?{urlencode({'eleve': eleve_.id})}"


def local(moment):
    """An aware instant as a naive Paris time (``horloge.maintenant()``'s kind)."""
    return regles_devoirs.en_heure_de_paris(moment).replace(tzinfo=None) if moment is not None else None


def classe_de(site, annuaire, structure, division):
    """The Classe object of a class or group (None when it has none)."""
    etab = lecture.etablissement(site, annuaire, structure)
    if etab is None:
        return None
    genre = "classe" if (structure, "classe", division) in annuaire.divisions else "groupe"
    return etab.get(id_division(genre, division))


def espaces_de(classe):
    """The course spaces of a Classe (its subjects), not the free ones. By type name: Dexterity's ``providedBy``
    reads each object's behaviours, a teacher's Mon bureau asks it for every space of every class."""
    if classe is None:
        return []
    return [o for o in classe.objectValues() if getattr(o, "portal_type", None) == TYPE_ESPACE and not getattr(o, "libre", False)]


def espaces_eleve(site, annuaire, personne):
    """(title, URL) of the spaces of the student's classes and groups."""
    trouves = []
    for structure, division in sorted(set(lecture.divisions_de_l_eleve(personne))):
        classe = classe_de(site, annuaire, structure, division)
        espaces = espaces_de(classe)
        base = adresses.url(site, classe) if espaces else ""  # its spaces' URLs from it: absolute_url once, not per space
        for espace in espaces:
            trouves.append((espace.Title(), f"{base}/{quote(espace.getId())}"))
    return trouves


def est_espace_de(objet, matiere):
    return objet is not None and getattr(objet, "portal_type", None) == TYPE_ESPACE and \
        not getattr(objet, "libre", False) and getattr(objet, "matiere", None) == matiere


def espace_par_id(classe, annuaire, matiere):
    """The subject's space looked up by the ids ``creer_espace`` gives it (two key reads), or None: a teacher's
    Mon bureau asks for each class they teach, and waking every object of the class cost more than the page."""
    libelle = libelle_matiere(annuaire, matiere)
    for identifiant in (id_espace(libelle, matiere), id_espace_bis(libelle, matiere)):
        objet = classe.get(identifiant)
        if est_espace_de(objet, matiere):
            return objet
    return None


def espaces_enseignant(site, annuaire, personne):
    """The spaces of what the teacher teaches (division × subject), each once: [(structure, division, space)].
    By id first; a space whose subject's label changed since it was made is found by reading the class."""
    trouves, classes = [], {}
    for structure, division, matiere in sorted(set(personne.enseignements)):
        if not matiere or not acces.enseigne(annuaire, personne, structure, division):
            continue
        if (structure, division) not in classes:
            classes[(structure, division)] = [classe_de(site, annuaire, structure, division), None]
        classe, par_matiere = classes[(structure, division)]
        if classe is None:
            continue
        espace = espace_par_id(classe, annuaire, matiere)
        if espace is None:
            if par_matiere is None:
                par_matiere = classes[(structure, division)][1] = {getattr(e, "matiere", None): e for e in espaces_de(classe)}
            espace = par_matiere.get(matiere)
        if espace is not None:
            trouves.append((structure, division, espace))
    return trouves


def espaces_du_lecteur(site, lecteur, personne):
    """``espaces_enseignant`` once per request: the cahier's block, the spaces' block and the menu all ask for it;
    kept on the reader, which is built once per request (``Lecteur.courant``)."""
    deja = lecteur.__dict__.setdefault("_espaces_enseignant", {})
    if personne.id not in deja:
        deja[personne.id] = espaces_enseignant(site, lecteur.annuaire, personne)
    return deja[personne.id]


def titres_et_adresses(site, lecteur, personne):
    """[(title, URL)] of the teacher's spaces, in ``espaces_du_lecteur``'s order, once per request (the spaces'
    block, the menu and the cahier's block each showed them)."""
    deja = lecteur.__dict__.setdefault("_titres_et_adresses", {})
    if personne.id not in deja:
        deja[personne.id] = [(e.Title(), adresses.url(site, e)) for _, _, e in espaces_du_lecteur(site, lecteur, personne)]
    return deja[personne.id]


# --- Élève and responsable --------------------------------------------------------------------------------


def bloc_travail(site, annuaire, eleve_, lien_agenda, sous_titre=None):
    aujourd_hui = horloge.aujourd_hui()
    du, au = regles.fenetre_travail(aujourd_hui)
    trouvees = lecture.inscriptions(site, annuaire, lecture.divisions_de_l_eleve(eleve_), du, au)
    faits_store = lire_faits(site)
    faits = faits_store.de(eleve_.id) if faits_store is not None else ()
    devoirs = {i.travail.id for i in trouvees if i.source == "devoir"}
    jours = regles_agenda.agenda([i.travail for i in trouvees], faits, du, au, aujourd_hui=aujourd_hui)
    return regles.bloc_travail(regles.lignes_travail(jours, aujourd_hui, lien_agenda, devoirs), lien_agenda, sous_titre)


def devoir_a_rendre(site, inscription, eleve_, lien, remises=None):
    """The student's view of one published Devoir of the index: from their Remise in the same index (nothing
    opened), or, for an index made before the upgrade step 1004 (``remises`` None), from the Devoir and its
    Rendu (None when it is gone meanwhile)."""
    travail = inscription.travail
    if remises is not None and travail.echeance is not None:
        remise = remises.get(travail.id)
        echeance = remise.echeance if remise is not None and remise.echeance is not None else travail.echeance
        return regles.DevoirARendre(
            titre=regles.titre_devoir(travail.titre), matiere=travail.matiere, echeance=local(echeance),
            etat=remise.etat if remise is not None else NON_RENDU,
            remis_le=local(remise.remis_le) if remise is not None else None,
            lien=lien or f"{adresses.url_site(site)}/{travail.devoir}")
    devoir = site.unrestrictedTraverse(inscription.travail.devoir, None)
    if devoir is None:
        return None
    try:
        echeance = regles_devoirs.echeance_de(devoir.regle(), eleve_.id)  # their extension, if any
    except (regles_devoirs.DevoirInvalide, AttributeError, TypeError):
        echeance = instant(getattr(devoir, "echeance", None))
    if echeance is None:
        return None
    rendu = rendu_de(devoir, eleve_.id)
    return regles.DevoirARendre(
        titre=regles.titre_devoir(inscription.travail.titre), matiere=inscription.travail.matiere,
        echeance=local(echeance), etat=etat_de(rendu),
        remis_le=local(getattr(rendu, "remis_le", None)), lien=lien or devoir.absolute_url())


def bloc_devoirs(site, annuaire, eleve_, lien_agenda, moi, sous_titre=None):
    maintenant = horloge.maintenant()
    aujourd_hui = maintenant.date()
    du = aujourd_hui - timedelta(days=regles.JOURS_RETARD)
    au = aujourd_hui + timedelta(days=regles.JOURS_DEVOIRS)
    devoirs = []
    remises = lecture.remises_de(site, annuaire, eleve_)
    for inscription in lecture.inscriptions(site, annuaire, lecture.divisions_de_l_eleve(eleve_), du, au):
        if inscription.source != "devoir" or not inscription.travail.devoir:
            continue
        # a responsable does not open the Devoir's page (its hand-in is the child's): the child's agenda
        trouve = devoir_a_rendre(site, inscription, eleve_, None if moi else lien_agenda, remises)
        if trouve is not None:
            devoirs.append(trouve)
    return regles.bloc_devoirs(regles.lignes_devoirs(devoirs, maintenant), lien_agenda, sous_titre)


@implementer(IBlocBureau)
class BlocTravail:
    """« Travail à faire »: the student's; one per child for a responsable."""

    ordre = 30
    titre = "Travail à faire"

    def blocs(self, site, lecteur):
        moi = eleve(lecteur)
        if moi is not None:
            return [bloc_travail(site, lecteur.annuaire, moi, url_agenda(site, moi, True))]
        return [bloc_travail(site, lecteur.annuaire, e, url_agenda(site, e, False), e.nom_complet) for e in enfants(lecteur)]


@implementer(IBlocBureau)
class BlocDevoirs:
    """« Devoirs à rendre »: the state of each hand-in; one per child for a responsable."""

    ordre = 32
    titre = "Devoirs à rendre"

    def blocs(self, site, lecteur):
        moi = eleve(lecteur)
        if moi is not None:
            return [bloc_devoirs(site, lecteur.annuaire, moi, url_agenda(site, moi, True), True)]
        return [bloc_devoirs(site, lecteur.annuaire, e, url_agenda(site, e, False), False, e.nom_complet)
                for e in enfants(lecteur)]


# --- Enseignant ------------------------------------------------------------------------------------------------


def devoirs_de_l_enseignant(site, annuaire, personne, aujourd_hui):
    """(Inscription, its agenda index) of the Devoirs published in the divisions × subjects the teacher teaches."""
    matieres = {}
    for structure, division, matiere in personne.enseignements:
        if matiere and acces.enseigne(annuaire, personne, structure, division):
            matieres.setdefault((structure, division), set()).add(matiere)
    du, au = aujourd_hui - timedelta(days=JOURS_COPIES_AVANT), aujourd_hui + timedelta(days=JOURS_COPIES_APRES)
    vus = set()
    for couple, codes in sorted(matieres.items()):
        for inscription, index in lecture.inscriptions_et_index(site, annuaire, [couple], du, au):
            chemin = inscription.travail.devoir
            if inscription.source != "devoir" or not chemin or inscription.matiere_code not in codes or chemin in vus:
                continue
            vus.add(chemin)
            yield inscription, index


def copies_remises(site, index, inscription, url_site=None):
    """(hand-ins « remis », the Devoir's URL): counted in the index, or by opening the Devoir and its Rendus in an
    index made before the upgrade step 1004 (None when the Devoir is gone meanwhile)."""
    chemin = inscription.travail.devoir
    if index.a_corriger is not None:
        return index.copies_a_corriger(inscription.travail.id), f"{url_site or adresses.url_site(site)}/{chemin}"
    devoir = site.unrestrictedTraverse(chemin, None)
    if devoir is None:
        return None
    workflow = api.portal.get_tool("portal_workflow")
    return sum(1 for rendu in rendus_du_devoir(devoir) if etat_de(rendu, workflow) == "remis"), devoir.absolute_url()


@implementer(IBlocBureau)
class BlocCopies:
    """« Copies à corriger »: per Devoir, the hand-ins « remis » waiting to be marked."""

    ordre = 34
    titre = "Copies à corriger"

    def blocs(self, site, lecteur):
        personne = enseignant(lecteur)
        if personne is None:
            return []
        aujourd_hui = horloge.aujourd_hui()
        url_site, copies = adresses.url_site(site), []
        for inscription, index in devoirs_de_l_enseignant(site, lecteur.annuaire, personne, aujourd_hui):
            trouve = copies_remises(site, index, inscription, url_site)
            if trouve is not None and trouve[0]:
                copies.append(regles.Copies(titre=regles.titre_devoir(inscription.travail.titre),
                                            espace=inscription.espace_titre, echeance=inscription.travail.pour_le,
                                            remis=trouve[0], lien=f"{trouve[1]}/@@correction"))
        return [regles.bloc_copies(regles.lignes_copies(copies, aujourd_hui))]


def seances_de_la_semaine(site, lecteur, personne, maintenant):
    """The courses the teacher gave this week, each with its space's cahier entry filled or not."""
    try:
        from cartable.viescolaire.stockage import lire_vie_scolaire
    except ImportError:  # the vie scolaire add-on is optional: no timetable, no course to list
        return []
    annuaire = lecteur.annuaire
    lundi, aujourd_hui = regles.semaine_jusqu_a(maintenant)
    espaces = {(s, d, e.matiere): (e, titre, f"{adresse}/@@cahier-de-textes") for (s, d, e), (titre, adresse)
               in zip(espaces_du_lecteur(site, lecteur, personne), titres_et_adresses(site, lecteur, personne))}
    seances, par_espace = [], {}  # a space's cahier once, not once per course of the week
    for structure in sorted({s for s, _, _ in espaces}):
        etab = lecture.etablissement(site, annuaire, structure)
        vs = lire_vie_scolaire(etab) if etab is not None else None
        if vs is None:
            continue
        creneaux = [c for c in vs.tous_creneaux() if personne.id in c.enseignants]
        for occ in vs.occurrences(lundi, aujourd_hui, creneaux):
            trouve = espaces.get((structure, occ.division[1], occ.matiere))
            if trouve is None or personne.id not in occ.enseignants or \
                    not regles.deja_donne(occ.date, occ.fin, occ.annule, maintenant):
                continue  # replaced by a colleague, cancelled, not over yet, or a space not made yet
            espace, titre, adresse = trouve
            if id(espace) not in par_espace:
                par_espace[id(espace)] = getattr(espace.get(ID_CAHIER), "entrees", None)
            entrees = par_espace[id(espace)]
            enregistrement = entrees.get(occ.cle) if entrees is not None else None
            entree = enregistrement.entree if enregistrement is not None else None
            remplie = entree is not None and regles.entree_remplie(entree.contenu, entree.travaux)
            # a course to fill opens the editor on it (the page reads ?seance=)
            lien = adresse + ("" if remplie else f"?{urlencode({'seance': occ.cle})}")
            seances.append(regles.Seance(jour=occ.date, debut=occ.debut, espace=titre, remplie=remplie, lien=lien))
    return seances


@implementer(IBlocBureau)
class BlocCahier:
    """« Cahier de textes de la semaine »: each course given, its entry missing flagged."""

    ordre = 36
    titre = "Cahier de textes de la semaine"

    def blocs(self, site, lecteur):
        personne = enseignant(lecteur)
        if personne is None:
            return []
        maintenant = horloge.maintenant()
        seances = seances_de_la_semaine(site, lecteur, personne, maintenant)
        return [regles.bloc_cahier(regles.lignes_cahier(seances, maintenant.date()))]


@implementer(IBlocBureau)
class BlocEspaces:
    """« Mes espaces de cours »: a student's (their classes and groups), a teacher's (with « Nouveau devoir »)."""

    ordre = 60
    titre = "Mes espaces de cours"

    def blocs(self, site, lecteur):
        moi = eleve(lecteur)
        if moi is not None:
            return [regles.bloc_espaces(espaces_eleve(site, lecteur.annuaire, moi), enseignant=False)]
        personne = enseignant(lecteur)
        if personne is None:
            return []
        return [regles.bloc_espaces(list(titres_et_adresses(site, lecteur, personne)), enseignant=True)]


# --- Direction ------------------------------------------------------------------------------------------------------


def structures_dirigees(lecteur):
    p = lecteur.personne
    if p is None or lecteur.annuaire is None or p.categorie != "PersEducNat":
        return []
    return sorted({s for s, _, _ in p.fonctions if acces.est_direction(p, s)})


def cahiers_a_viser(site, annuaire, structure, aujourd_hui):
    """Every cahier of the establishment's class and group spaces, with its entries held since its last visa."""
    trouves = []
    etab = lecture.etablissement(site, annuaire, structure)
    if etab is None:
        return trouves
    for _, genre, code in annuaire.divisions.keys(min=(structure, "", ""), max=(structure, "\uffff", "\uffff")):
        classe = etab.get(id_division(genre, code))
        for espace in espaces_de(classe):
            cahier = espace.get(ID_CAHIER)
            if cahier is None or getattr(cahier, "entrees", None) is None:
                continue
            vise = cahier.vise_jusqu_au
            debut = vise + timedelta(days=1) if vise is not None else None
            entrees = cahier.entrees_du(debut, aujourd_hui) if debut is not None else \
                list(cahier.entrees.values(max=f"{aujourd_hui.isoformat()}@\uffff"))
            seances = sum(1 for e in entrees if e.entree.visa is None)
            if seances:
                trouves.append(regles.CahierAViser(espace=espace.Title(), seances=seances, vise_jusqu_au=vise,
                                                   lien=f"{adresses.url(site, espace)}/@@cahier-de-textes"))
    return trouves


@implementer(IBlocBureau)
class BlocVisa:
    """« Cahiers de textes à viser »: per establishment the direction leads."""

    ordre = 40
    titre = "Cahiers de textes à viser"

    def blocs(self, site, lecteur):
        aujourd_hui = horloge.aujourd_hui()
        blocs = []
        for structure in structures_dirigees(lecteur):
            fiche = lecteur.annuaire.structures.get(structure)
            cahiers = cahiers_a_viser(site, lecteur.annuaire, structure, aujourd_hui)
            blocs.append(regles.bloc_visa(regles.lignes_visa(cahiers, aujourd_hui), fiche.nom if fiche is not None else None))
        return blocs


# --- Menu ---------------------------------------------------------------------------------------------------------------


@implementer(IEntreesMenu)
class Menu:
    """Agenda, espaces de cours, cahier de textes, nouveau devoir, copies, visa: only what the person may open."""

    def entrees(self, site, lecteur):
        bureau = adresses.url_site(site)
        moi = eleve(lecteur)
        if moi is not None:
            return regles.entrees_menu(bureau, agenda=url_agenda(site, moi, True),
                                       espaces=espaces_eleve(site, lecteur.annuaire, moi))
        les_enfants = enfants(lecteur)
        if les_enfants:
            return regles.entrees_menu(bureau, enfants=[(e.prenom, url_agenda(site, e, False)) for e in les_enfants])
        personne = enseignant(lecteur)
        espaces = list(titres_et_adresses(site, lecteur, personne)) if personne is not None else []
        return regles.entrees_menu(bureau, espaces=espaces, enseignant=personne is not None,
                                   direction=bool(structures_dirigees(lecteur)))
