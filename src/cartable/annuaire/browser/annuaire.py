"""Directory pages: an establishment, a class, a student, "Mon profil", activation codes."""

import csv
import io

from plone import api
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from cartable.annuaire.contenu import id_division, id_etablissement
from cartable.annuaire.lecteur import Lecteur
from cartable.regles import acces

LIBELLES_FONCTIONS = {
    "DIR": "Direction",
    "EDU": "Vie scolaire (CPE)",
    "ENS": "Enseignement",
    "DOC": "Documentation",
    "ADF": "Administration",
}


def fiche_eleve(annuaire, eleve):
    """What a student's page shows (the same for the page and REST)."""
    return {
        "id": eleve.id,
        "login": eleve.login,
        "nom": eleve.nom,
        "prenom": eleve.prenom,
        "date_naissance": eleve.date_naissance.isoformat() if eleve.date_naissance else None,
        "etablissements": [_structure(annuaire, s) for s in eleve.rattachements],
        "classes": [_division(annuaire, s, "classe", c) for s, c in eleve.classes],
        "groupes": [_division(annuaire, s, "groupe", g) for s, g in eleve.groupes],
        "responsables": [
            {
                "id": lien.personne,
                "nom_complet": _nom(annuaire, lien.personne),
                "representant_legal": lien.representant_legal,
                "contact": lien.contact,
            }
            for lien in eleve.responsables
        ],
    }


def fiche_division(annuaire, structure, genre, code):
    principaux = set(annuaire.principaux.get((structure, code), ()))
    enseignants = []
    for ident in annuaire.enseignants_de(structure, code):
        personne = annuaire.personne(ident)
        matieres = sorted(
            {annuaire.matieres[m].valeur("ENTLibelleMatiere") if m in annuaire.matieres else m
             for s, d, m in personne.enseignements if s == structure and d == code and m}
        )
        enseignants.append({"id": ident, "nom_complet": personne.nom_complet, "matieres": matieres, "principal": ident in principaux})
    return {
        **_division(annuaire, structure, genre, code),
        "eleves": [{"id": e.id, "nom": e.nom, "prenom": e.prenom} for e in annuaire.inscrits(structure, code)],
        "enseignants": sorted(enseignants, key=lambda e: e["nom_complet"]),
    }


def _structure(annuaire, structure):
    record = annuaire.structures.get(structure)
    return {"id": structure, "uai": record.uai if record else None, "nom": record.nom if record else structure}


def _division(annuaire, structure, genre, code):
    return {"etablissement": structure, "code": code, "libelle": annuaire.divisions.get((structure, genre, code), code)}


def _nom(annuaire, ident):
    personne = annuaire.personne(ident)
    return personne.nom_complet if personne is not None else None


class EtablissementView(BrowserView):
    """@@annuaire on an establishment: its classes and groups, its staff by function."""

    def update(self):
        self.lecteur = Lecteur(api.portal.get())
        annuaire = self.lecteur.annuaire
        structure = self.context.jointure
        self.lecteur.exiger(annuaire is not None and acces.voit_etablissement(annuaire, self.lecteur.personne, structure))
        url = self.context.absolute_url()
        self.classes = [
            (f"{url}/{id_division('classe', code)}", libelle)
            for code, libelle in sorted(annuaire.divisions_de(structure, "classe").items())
        ]
        self.groupes = [libelle for _, libelle in sorted(annuaire.divisions_de(structure, "groupe").items())]
        self.personnel = [
            (LIBELLES_FONCTIONS.get(code, code), sorted((annuaire.personne(i).nom_complet for i in ids), key=str.lower))
            for code, ids in sorted(annuaire.personnel_de(structure).items())
        ]

    def __call__(self):
        self.update()
        return self.index()


class ClasseView(BrowserView):
    """Class page: roster, teachers per subject, professeur principal."""

    def __call__(self):
        self.lecteur = Lecteur(api.portal.get())
        annuaire = self.lecteur.annuaire
        structure = self.context.__parent__.jointure
        self.lecteur.exiger(annuaire is not None and acces.voit_division(annuaire, self.lecteur.personne, structure, self.context.code))
        self.fiche = fiche_division(annuaire, structure, self.context.genre, self.context.code)
        self.direction = self.lecteur.admin or acces.est_direction(self.lecteur.personne, structure)
        self.espaces = espaces_de_la_classe(self.context, annuaire, structure)
        return self.index()


def espaces_de_la_classe(classe, annuaire, structure):
    """The course spaces the class holds (by the pedagogy's type name: the directory does not import it), by
    subject name, with their teachers' names; a link only where the reader may enter."""
    from AccessControl import getSecurityManager

    securite = getSecurityManager()
    espaces = []
    for espace in classe.objectValues():
        if getattr(espace, "portal_type", None) != "EspaceCours" or getattr(espace, "libre", False):
            continue
        matiere = getattr(espace, "matiere", None)
        noms = []
        for ident in annuaire.enseignants_de(structure, classe.code) if matiere else ():
            personne = annuaire.personne(ident)
            if personne is not None and personne.actif and (structure, classe.code, matiere) in set(personne.enseignements):
                noms.append(personne.nom_complet)
        espaces.append({
            "matiere": getattr(espace, "matiere_libelle", None) or espace.Title(),
            "enseignants": ", ".join(sorted(noms)),
            "url": espace.absolute_url() if securite.checkPermission("View", espace) else None,
        })
    return sorted(espaces, key=lambda e: e["matiere"].lower())


def eleve_visible(site, ident):
    """(lecteur, student) when the reader may see the student; 401/403/404 otherwise."""
    lecteur = Lecteur(site)
    annuaire = lecteur.annuaire
    eleve = annuaire.personne(ident) if annuaire is not None and ident else None
    lecteur.exiger(eleve is not None and acces.voit_eleve(annuaire, lecteur.personne, eleve))
    if eleve is None or eleve.categorie != "Eleve":
        raise NotFound(ident)  # only administrators get here: nothing to hide from them
    return lecteur, eleve


@implementer(IPublishTraverse)
class EleveView(BrowserView):
    """@@eleve/<id>: a student's page."""

    ident = None

    def publishTraverse(self, request, name):
        if self.ident is None:
            self.ident = name
            return self
        raise NotFound(name)

    def __call__(self):
        self.lecteur, eleve = eleve_visible(self.context, self.ident)
        self.fiche = fiche_eleve(self.lecteur.annuaire, eleve)
        return self.index()


def profil(site, lecteur, url_site=None):
    """"Mon profil": the reader, and for a responsable the children they may follow. ``url_site``: the site's
    URL when there is no request to ask (the fast lane), else its ``absolute_url()``."""
    personne = lecteur.personne
    if personne is None:
        return {"login": lecteur.login, "annuaire": False, "enfants": []}
    url_site = url_site or site.absolute_url()
    return {
        "login": personne.login,
        "annuaire": True,
        "nom_complet": personne.nom_complet,
        "categorie": personne.categorie,
        # a student's own establishments' pages (their grades); a responsable's are per child below
        "etablissements_url": [
            f"{url_site}/{id_etablissement(lecteur.annuaire.structures[s].uai)}"
            for s in personne.rattachements if s in lecteur.annuaire.structures
        ] if personne.categorie == "Eleve" else [],
        "enfants": [
            {
                **fiche_eleve(lecteur.annuaire, enfant),
                "@id": f"{url_site}/@@eleve/{enfant.id}",
                # the establishments' pages of the child (timetable, declaring an absence)
                "etablissements_url": [
                    f"{url_site}/{id_etablissement(lecteur.annuaire.structures[s].uai)}"
                    for s in enfant.rattachements if s in lecteur.annuaire.structures
                ],
            }
            for enfant in acces.enfants_visibles(lecteur.annuaire, personne)
        ],
    }


class MonProfilView(BrowserView):
    """@@mon-profil"""

    def __call__(self):
        self.lecteur = Lecteur(self.context)
        self.lecteur.exiger(not self.lecteur.anonyme)
        self.profil = profil(self.context, self.lecteur)
        return self.index()


def comptes_a_activer(annuaire, structure, code):
    """Students of a class and their legal responsables who still have an activation code."""
    for eleve_id in annuaire.eleves(structure, code):
        eleve = annuaire.personne(eleve_id)
        people = [eleve] + [annuaire.personne(l.personne) for l in eleve.responsables if l.representant_legal]
        for personne in people:
            if personne is not None and personne.actif and personne.code_activation:
                yield eleve, personne


class CodesActivationView(BrowserView):
    """@@codes-activation on a class: CSV of the logins and codes not yet used, for the direction."""

    def __call__(self):
        lecteur = Lecteur(api.portal.get())
        structure = self.context.__parent__.jointure
        lecteur.exiger(acces.est_direction(lecteur.personne, structure))
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["classe", "eleve", "nom", "prenom", "categorie", "identifiant", "code_activation"])
        for eleve, personne in comptes_a_activer(lecteur.annuaire, structure, self.context.code):
            writer.writerow(
                [self.context.code, eleve.nom_complet, personne.nom, personne.prenom, personne.categorie, personne.login, personne.code_activation]
            )
        self.request.response.setHeader("Content-Type", "text/csv; charset=utf-8")
        self.request.response.setHeader("Content-Disposition", f'attachment; filename="codes-{self.context.code}.csv"')
        self.request.response.setHeader("Cache-Control", "no-store")
        return "\ufeff" + out.getvalue()  # BOM: spreadsheets open it as UTF-8


class LettresActivationView(BrowserView):
    """@@lettres-activation on a class: one printable letter per account to activate."""

    def __call__(self):
        lecteur = Lecteur(api.portal.get())
        structure = self.context.__parent__.jointure
        lecteur.exiger(acces.est_direction(lecteur.personne, structure))
        self.lettres = [
            {"eleve": eleve.nom_complet, "nom_complet": p.nom_complet, "login": p.login, "code": p.code_activation,
             "responsable": p.categorie == "PersRelEleve"}
            for eleve, p in comptes_a_activer(lecteur.annuaire, structure, self.context.code)
        ]
        self.adresse = f"{api.portal.get().absolute_url()}/@@activation"
        self.request.response.setHeader("Cache-Control", "no-store")
        return self.index()
