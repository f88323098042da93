"""The course space's page, as its members use it (its default view, replacing Dexterity's raw one).

- its teachers: « Nouveau devoir », « Cahier de textes », « Ajouter un document »; the séquences and
  contents with their states in words; each Devoir with its hand-in counts (remis / attendus, à corriger);
- its students: what the workflows show them, and their own hand-ins (state, date, mark once restituted);
- a parent of a student of the space: what the child sees and the child's hand-ins, no hand-in button;
- the vie scolaire and the direction: what a reader sees (the direction, the counts too).

Read from what is already indexed: one catalog query for the whole subtree (brains: path, type, title,
state; no item woken), the agenda index (a published Devoir's due date, one key read each), the directory
(subject, class and teachers' names). Only the reader's own Rendus are woken (their date and mark).
Nothing is written. The same data is served as JSON by ``@espace-cours``.
"""

from datetime import date

from Acquisition import aq_parent
from plone import api
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized

from cartable.core import horloge
from cartable.pedagogie.agenda.stockage import lire_index
from cartable.pedagogie.devoirs.acces import Acces, eleves_de_l_espace
from cartable.pedagogie.espaces import libelle_matiere
from cartable.regles import droits_pedagogie as droits
from cartable.regles import espace_cours as regles


def _chemin(objet) -> str:
    return "/".join(objet.getPhysicalPath())


def elements_de(espace):
    """(Elements of the subtree but the space, {devoir path: [states of its Rendus]}, {devoir path: {eleve: state}})."""
    catalogue = api.portal.get_tool("portal_catalog")
    base = _chemin(espace)
    elements, rendus = [], {}
    for brain in catalogue.unrestrictedSearchResults(path={"query": base}):
        chemin = brain.getPath()
        if chemin == base or not chemin.startswith(base + "/"):
            continue
        relatif = chemin[len(base) + 1:]
        if brain.portal_type == "Rendu":
            rendus.setdefault(relatif.rpartition("/")[0], {})[brain.getId] = brain.review_state
            continue
        elements.append(regles.Element(chemin=relatif, type=brain.portal_type, titre=brain.Title or "",
                                       etat=brain.review_state or None, url=brain.getURL(), identifiant=brain.getId,
                                       uid=brain.UID or ""))
    return elements, rendus


def echeances(espace, devoirs_uid) -> dict:
    """{uid: due date} of the published Devoirs, read in the agenda index (one key each)."""
    etablissement = espace.etablissement()
    index = lire_index(etablissement) if etablissement is not None else None
    trouvees = {}
    for uid in devoirs_uid:
        if index is None or not uid:
            continue
        inscriptions = index.du_travail(f"devoir-{uid}")
        if inscriptions:
            trouvees[uid] = next(iter(inscriptions.values())).travail.pour_le
    return trouvees


def noms_des_enseignants(espace, annuaire) -> list:
    if annuaire is None:
        return []
    description = droits.espace_de(espace)
    ids = description.editeurs if description.libre else annuaire.enseignants_de(description.structure, description.division)
    noms = []
    for ident in ids:
        personne = annuaire.personne(ident)
        if personne is not None and droits.enseigne_dans(annuaire, personne, description):
            noms.append(personne.nom_complet)
    return noms


def libelle_division(espace, annuaire) -> str:
    division = getattr(espace, "division", None)
    if not division or annuaire is None:
        return division or ""
    genre = getattr(espace, "genre", None) or "classe"
    libelle = annuaire.divisions.get((espace.structure(), genre, division))
    return libelle if isinstance(libelle, str) and libelle else division


def libelle_de_la_matiere(espace, annuaire) -> str | None:
    libelle = getattr(espace, "matiere_libelle", None)
    code = getattr(espace, "matiere", None)
    if (not libelle or libelle == code) and code and annuaire is not None:
        libelle = libelle_matiere(annuaire, code)
    return None if not libelle or libelle == code else libelle


def rendus_de_l_eleve(espace, devoirs, rendus, eleve_id) -> list:
    """One line per shown Devoir: the student's hand-in (their own Rendu is woken: its date and mark)."""
    lignes = []
    for devoir in devoirs:
        etat = rendus.get(devoir.chemin, {}).get(eleve_id)
        remis_le = note = bareme = None
        if etat is not None:
            rendu = espace.unrestrictedTraverse(f"{devoir.chemin}/{eleve_id}", None)
            if rendu is not None:
                remis_le, note = getattr(rendu, "remis_le", None), getattr(rendu, "note", None)
                bareme = getattr(aq_parent(rendu), "bareme", None)
        lignes.append({"devoir": devoir.titre, "url": devoir.url,
                       **regles.mon_rendu(etat or "non rendu", remis_le, note, bareme)})
    return lignes


def contenu_json(c: regles.Contenu, liens: bool) -> dict:
    return {"titre": c.titre, "type": c.type_libelle, "etat": c.etat_libelle, "url": c.url if liens else None,
            "contenus": [contenu_json(e, liens) for e in c.enfants]}


def donnees(espace, acces) -> dict:
    """What the page shows to this reader (JSON-ready); Unauthorized for whoever is not of the space."""
    lecteur = acces.lecteur
    annuaire = lecteur.annuaire
    qualites = acces.qualites
    enseignant = acces.enseignant
    if not (qualites or lecteur.admin):
        raise Unauthorized("Accès refusé.")
    aujourd_hui = horloge.aujourd_hui()
    elements, rendus = elements_de(espace)
    organise = regles.organiser(elements, enseignant)
    # a parent reads the list (Access contents information on the space), not the items themselves
    liens = droits.PARENT not in qualites or bool(qualites & {droits.ENSEIGNANT, droits.ELEVE, droits.VIE_SCOLAIRE,
                                                             droits.DIRECTION}) or lecteur.admin
    par_chemin = {e.chemin: e for e in elements}
    dates = echeances(espace, [par_chemin[d.chemin].uid for d in organise["devoirs"]])
    # the latest due first (what is to hand in now, then the past ones); drafts (no date yet) at the top for teachers
    organise["devoirs"].sort(key=lambda d: dates.get(par_chemin[d.chemin].uid) or date.max, reverse=True)
    attendus = len(eleves_de_l_espace(espace, annuaire)) if acces.lit_les_rendus else 0
    devoirs = []
    for d in organise["devoirs"]:
        element = par_chemin[d.chemin]
        ligne = {"titre": d.titre, "etat": d.etat_libelle, "url": d.url if liens else None,
                 "echeance": regles.echeance_texte(dates.get(element.uid), aujourd_hui)}
        if acces.lit_les_rendus:
            comptes = regles.comptes_rendus(rendus.get(d.chemin, {}).values(), attendus)
            ligne.update(remis=comptes.remis, attendus=comptes.attendus, a_corriger=comptes.a_corriger,
                         comptes=comptes.texte, correction_url=f"{d.url}/@@correction")
        devoirs.append(ligne)
    base = espace.absolute_url()
    matiere = libelle_de_la_matiere(espace, annuaire)
    division = libelle_division(espace, annuaire)
    libre = bool(getattr(espace, "libre", False))
    noms = noms_des_enseignants(espace, annuaire)
    resultat = {
        "@id": f"{base}/@espace-cours",
        "titre": regles.titre_espace(matiere, division, libre, espace.Title()),
        "matiere": matiere or "",
        "division": "" if libre else division,
        "enseignants": sorted(set(noms)),
        "description": espace.Description() or "",
        "enseignants_texte": regles.enseignants_texte(noms),
        "enseignant": enseignant,
        "actions": [
            {"id": "nouveau-devoir", "titre": "Nouveau devoir", "url": f"{base}/@@nouveau-devoir"},
            {"id": "cahier-de-textes", "titre": "Cahier de textes", "url": f"{base}/@@cahier-de-textes"},
            {"id": "ajouter-document", "titre": "Ajouter un document", "url": f"{base}/++add++Document"},
            {"id": "ajouter-fichier", "titre": "Déposer un fichier", "url": f"{base}/++add++File"},
            {"id": "nouvelle-sequence", "titre": "Nouvelle séquence", "url": f"{base}/++add++Sequence"},
            {"id": "gerer", "titre": "Gérer les contenus", "url": f"{base}/folder_contents"},
        ] if enseignant else [
            {"id": "cahier-de-textes", "titre": "Cahier de textes", "url": f"{base}/@@cahier-de-textes"},
        ],
        "sequences": [contenu_json(s, liens) for s in organise["sequences"]],
        "contenus": [contenu_json(c, liens) for c in organise["contenus"]],
        "devoirs": devoirs,
        "mes_rendus": [],
        "enfants": [],
    }
    if acces.eleve:
        resultat["mes_rendus"] = rendus_de_l_eleve(espace, organise["devoirs"], rendus, acces.qui)
    if droits.PARENT in qualites and lecteur.personne is not None:
        for enfant in droits.enfants_dans(annuaire, lecteur.personne, droits.espace_de(espace)):
            resultat["enfants"].append({"prenom": enfant.prenom, "nom_complet": enfant.nom_complet,
                                        "rendus": rendus_de_l_eleve(espace, organise["devoirs"], rendus, enfant.id)})
    return resultat


class EspaceCoursView(BrowserView):
    """The space's default view (``view``): the page above, in the site's layout."""

    def __call__(self):
        # one of Cartable's own pages, not a content's raw ``view``: no Plone editing toolbar
        # (cartable.theme.barre.page_cartable reads the name); its own actions and « Gérer les contenus » instead
        self.__name__ = "espace-de-cours"
        self.acces = Acces(None, espace=self.context)
        self.donnees = donnees(self.context, self.acces)
        self.request.response.setHeader("Cache-Control", "private, no-cache")
        return self.index()


class SequenceView(BrowserView):
    """A séquence's page: its items, as the space's page lists them (never Dexterity's raw fields)."""

    def __call__(self):
        from cartable.pedagogie.content.espace import espace_englobant

        espace = espace_englobant(self.context)
        self.acces = Acces(None, espace=espace)
        if not (self.acces.qualites or self.acces.lecteur.admin):
            raise Unauthorized("Accès refusé.")
        self.espace = espace
        catalogue = api.portal.get_tool("portal_catalog")
        base = _chemin(self.context)
        elements = [regles.Element(chemin=b.getPath()[len(base) + 1:], type=b.portal_type, titre=b.Title or "",
                                   etat=b.review_state or None, url=b.getURL(), identifiant=b.getId)
                    for b in catalogue.unrestrictedSearchResults(path={"query": base, "depth": 1})
                    if b.getPath() != base]
        organise = regles.organiser(elements, self.acces.enseignant)
        self.contenus = [contenu_json(c, True) for c in organise["sequences"] + organise["contenus"] + organise["devoirs"]]
        return self.index()


class RenduView(BrowserView):
    """A Rendu opened by its URL: its Devoir's page (where its student and teachers read it)."""

    def __call__(self):
        return self.request.response.redirect(aq_parent(self.context).absolute_url())


class CahierView(BrowserView):
    """The cahier de textes object opened by its URL: its space's cahier page."""

    def __call__(self):
        return self.request.response.redirect(f"{aq_parent(self.context).absolute_url()}/@@cahier-de-textes")
