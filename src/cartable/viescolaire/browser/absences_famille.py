"""@@absences-eleve?eleve=: « Absences et retards » of one child in one establishment (phone first).

For the child, their legal responsables and the vie scolaire. Each register mark of the
school year up to today (date in words, course, minutes of lateness), each absence's state
(cartable.regles.absences_famille: « à justifier », « déclarée », « justifiée », « non
justifiée »), « Justifier » on one absence (the declaration form prefilled with that course),
the declarations sent, punitions and sanctions. Read only: the records of the vie scolaire
(BTrees) and the directory, no catalog query.
"""

from datetime import datetime

from plone import api

from cartable.annuaire.browser.pages import PageLecteur
from cartable.core import horloge
from cartable.regles import acces
from cartable.regles.absences_famille import evenement, resume
from cartable.regles.bureau import adresse
from cartable.regles.dates_fr import date_fr, jour_relatif
from cartable.regles.incidents import LIBELLES_STATUTS, TYPES_FAMILLES
from cartable.viescolaire import absences, bureau
from cartable.viescolaire.declarations import periode_en_mots
from cartable.viescolaire.stockage import lire_vie_scolaire

STATUTS_DECLARATION = {"a_traiter": "en attente de la vie scolaire", "acceptee": "acceptée", "refusee": "refusée"}


def _majuscule(texte):
    return texte[:1].upper() + texte[1:]


class AbsencesEleveView(PageLecteur):
    """The child's events, newest first; for a parent, the other children and establishments one tap away."""

    def eleve(self):
        ident = self.request.form.get("eleve")
        personne = self.lecteur.personne
        if not ident and personne is not None and personne.categorie == "Eleve":
            return personne
        eleve = self.lecteur.annuaire.personne(ident) if self.lecteur.annuaire is not None and isinstance(ident, str) else None
        return eleve if eleve is not None and eleve.categorie == "Eleve" else None

    def autorise(self):
        eleve = self.eleve()
        structure = self.context.jointure
        if eleve is None or structure not in bureau.structures_eleve(eleve):
            return False
        personne = self.lecteur.personne
        return bool(self.lecteur.admin or (personne is not None and personne.id == eleve.id)
                    or acces.responsable_legal(personne, eleve) or acces.est_vie_scolaire(personne, structure))

    def update(self):
        if getattr(self, "_donnees", None) is not None:
            return self._donnees
        eleve = self.eleve()
        annuaire = self.lecteur.annuaire
        structure = self.context.jointure
        vs = lire_vie_scolaire(self.context)
        aujourd_hui = horloge.maintenant().date()
        personne = self.lecteur.personne
        famille = personne is not None and personne.categorie in ("Eleve", "PersRelEleve")
        peut_declarer = acces.responsable_legal(personne, eleve) and structure in eleve.rattachements
        url = self.context.absolute_url()
        evenements, punitions, declarations, bilan = [], [], [], None
        if vs is not None and vs.calendrier is not None:
            debut = vs.calendrier.debut
            compte, marques = absences.decompte(vs, eleve, structure, debut, aujourd_hui)  # the half-day rule's count
            bilan = resume(compte)
            les_declarations = vs.declarations_de(eleve.id)
            for occ, marque, code in sorted(marques, key=lambda m: (m[0].date, m[0].debut), reverse=True):
                motif = vs.motifs.get(code) if code else None
                mots = evenement(marque, motif, les_declarations, occ.date, occ.debut)
                montre = motif is not None and (not famille or motif["visible_familles"])
                justifier = None
                if peut_declarer and mots["etat"] == "a_justifier":
                    justifier = adresse(url, "declarer-absence", eleve=eleve.id, du=occ.date.isoformat(), au=occ.date.isoformat(),
                                            de=occ.debut, a=occ.fin)
                evenements.append({
                    "cle": occ.cle, "jour": _majuscule(jour_relatif(occ.date, aujourd_hui)),
                    "cours": bureau.intitule(annuaire, occ.debut, occ.fin, occ.matiere, occ.division[1]),
                    "texte": mots["texte"], "etat": mots["etat"], "etat_mots": mots["etat_mots"],
                    "motif": motif["libelle"] if montre else None, "justifier": justifier,
                })
            for d in sorted(les_declarations, key=lambda d: d["declaree_le"], reverse=True):
                motif = vs.motifs.get(d["motif"], {})
                declarations.append({"periode": _majuscule(periode_en_mots(d, aujourd_hui.year)), "motif": motif.get("libelle", ""),
                                     "statut": d["statut"], "statut_mots": STATUTS_DECLARATION.get(d["statut"], d["statut"]),
                                     "raison": d["raison"]})
        if vs is not None:
            for e in sorted(vs.incidents_de(eleve.id), key=lambda e: e["quand"], reverse=True):
                if e["type"] not in TYPES_FAMILLES:
                    continue
                quand = datetime.fromisoformat(e["quand"])
                punitions.append({"titre": f"{bureau.LIBELLES_TYPES[e['type']]} : {e['nature'] or 'sans précision'}",
                                  "jour": f"Donnée le {date_fr(quand.date(), aujourd_hui.year)}",
                                  "statut": LIBELLES_STATUTS.get(e["statut"], e["statut"]), "motif": e["description"]})
        a_justifier = sum(1 for e in evenements if e["etat"] == "a_justifier")
        self._donnees = {
            "eleve": eleve, "etablissement": self.context.Title(), "evenements": evenements, "punitions": punitions,
            "declarations": declarations, "a_justifier": a_justifier, "bilan": bilan,
            "declarer": adresse(url, "declarer-absence", eleve=eleve.id) if peut_declarer else None,
            "autres": self.autres(eleve),
        }
        return self._donnees

    def autres(self, eleve):
        """A parent's other pages: each child × establishment (with the establishment's name when several)."""
        personne = self.lecteur.personne
        if personne is None or personne.categorie != "PersRelEleve":
            return []
        site = api.portal.get()
        pages = []
        for enfant in acces.enfants_visibles(self.lecteur.annuaire, personne):
            for ici in bureau.lieux(site, self.lecteur, bureau.structures_eleve(enfant)):
                pages.append({"texte": f"{enfant.prenom} — {ici.nom}", "lien": adresse(ici.url, "absences-eleve", eleve=enfant.id),
                              "actuel": enfant.id == eleve.id and ici.structure == self.context.jointure})
        return pages if len(pages) > 1 else []
