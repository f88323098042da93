"""The vie scolaire's part of Mon bureau: its blocks and menu entries, per role and per establishment.

See cartable.core.bureau for the contract. Each block reads the records the vie
scolaire keeps on an establishment (timetable, registers, declarations,
incidents: BTrees, through ``lire_vie_scolaire`` and the module's read
functions) and the directory; no catalog query, nothing written. The words
(register states, changes of a course, marks) are cartable.regles.bureau_vie_scolaire.

- enseignant: « Mes cours aujourd'hui » (register state, a tap to take it); a
  professeur principal (ENTAuxEnsClassesPrincipal) also the month's alerts of the class;
- élève: their courses of today and of the next school day, their absences to regularise;
- responsable légal: one card per child and establishment (today's marks, absences
  to justify with a prefilled declaration, punitions and sanctions in force);
- CPE: declarations to treat, registers not taken now, today's absent and late
  students, the month's alerts; direction: registers not taken now, today's
  timetable changes, the establishment's figures.

One block per establishment where the person has a role (``sous_titre``: its name).
The regional administrator has no directory record: their home is the directory's blocks.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from zope.interface import implementer

from cartable.annuaire.contenu import id_etablissement
from cartable.core import adresses, horloge
from cartable.core.bureau import IBlocBureau, IEntreesMenu
from cartable.regles import acces
from cartable.regles import bureau_vie_scolaire as mots
from cartable.regles.bureau import adresse, bloc, ligne
from cartable.regles.dates_fr import heure_fr
from cartable.regles.decompte import alerte_possible
from cartable.regles.emploi_du_temps import lire_cle
from cartable.regles.incidents import LIBELLES_STATUTS, TYPES_FAMILLES
from cartable.viescolaire import absences
from cartable.viescolaire.declarations import periode_en_mots
from cartable.viescolaire.stockage import lire_vie_scolaire

JOURS_A_VENIR = 7  # how far an élève's « next school day » is looked for
PUNITIONS_EN_COURS = ("prononcee", "non_faite")
LIBELLES_TYPES = {"punition": "Punition", "sanction": "Sanction"}
LIGNES_MAX = 12  # a CPE's list longer than this ends with « Et 9 autres … », linking to the desk


@dataclass
class Ici:
    """One establishment as a block needs it: its record's id, name, URL and vie scolaire (None before any timetable)."""

    structure: str
    nom: str
    url: str
    vs: object


def etablissement(site, annuaire, structure):
    fiche = annuaire.structures.get(structure) if annuaire is not None else None
    objet = site.get(id_etablissement(fiche.uai)) if fiche is not None and fiche.uai else None
    if objet is None:
        return None
    return Ici(structure, fiche.nom or objet.Title(), adresses.url_sous_site(site, objet.getId()), lire_vie_scolaire(objet))


def structures_personnel(personne):
    """The establishments where a member of staff has a function, is attached or teaches, in a stable order."""
    if personne is None or personne.categorie != "PersEducNat":
        return []
    vus = ([s for s, _, _ in personne.fonctions] + list(personne.rattachements)
           + [s for s, _ in personne.classes + personne.groupes] + [s for s, _, _ in personne.enseignements])
    return [s for s in dict.fromkeys(vus) if acces.est_personnel(personne, s)]


def structures_eleve(eleve):
    return list(dict.fromkeys([s for s, _ in eleve.classes] + list(eleve.rattachements)))


def enseigne_ici(personne, structure):
    return (acces.FONCTION_ENSEIGNANT in acces.fonctions(personne, structure)
            or any(s == structure for s, _ in personne.classes + personne.groupes)
            or any(s == structure for s, _, _ in personne.enseignements))


def lieux(site, lecteur, structures):
    """The establishments of ``structures`` that exist as content, with their vie scolaire."""
    trouves = (etablissement(site, lecteur.annuaire, s) for s in structures)
    return [ici for ici in trouves if ici is not None]


def au_plus(lignes, suite, singulier, pluriel):
    """The first lines of a long list, and one line saying how many more (``suite``: where they all are)."""
    if len(lignes) <= LIGNES_MAX:
        return lignes
    reste = len(lignes) - LIGNES_MAX + 1
    return lignes[:LIGNES_MAX - 1] + [ligne(f"Et {mots.nombre(reste, singulier, pluriel)}", lien=suite, etat="info")]


# -- courses -----------------------------------------------------------------------------------

def matiere(annuaire, code):
    fiche = annuaire.matieres.get(code) if code else None
    libelle = fiche.valeur("ENTLibelleMatiere") if fiche is not None else code
    if not libelle:
        return "Cours"
    if not libelle.isupper():
        return libelle
    # the AAF's capitals (« ANGLAIS LV1 ») as people write them (« Anglais LV1 »)
    return " ".join(m.upper() if any(c.isdigit() for c in m) else m for m in libelle.capitalize().split(" "))


def noms(annuaire, ids):
    personnes = (annuaire.personne(i) for i in ids)
    return [p.nom_complet for p in personnes if p is not None]


def intitule(annuaire, debut, fin, code_matiere, division):
    """« 8 h – 9 h Mathematiques — 3A »."""
    return f"{mots.horaire(debut, fin)} {matiere(annuaire, code_matiere)} — {division}"


def changement(vs, annuaire, occ, aujourd_hui):
    """(words of the change or None, details) of an occurrence, against the slot it comes from."""
    modification = vs.modifications.get(occ.cle)
    if modification is None:  # unchanged, or cancelled by a closure
        return (mots.ANNULE, [f"Cours annulé : {occ.motif}" if occ.motif else "Cours annulé"]) if occ.annule else (None, [])
    origine = lire_cle(occ.cle)
    creneau = vs.creneau_de(origine[1], origine[0])
    if creneau is None:
        return (mots.ANNULE, [occ.motif or "Cours annulé"]) if occ.annule else (None, [])
    prevu = {"jour": origine[0], "debut": creneau.debut, "salle": creneau.salle, "enseignants": noms(annuaire, creneau.enseignants)}
    tenu = {"jour": occ.date, "debut": occ.debut, "salle": occ.salle, "enseignants": noms(annuaire, occ.enseignants)}
    return mots.changement(annule=occ.annule, motif=occ.motif, prevu=prevu, tenu=tenu, aujourd_hui=aujourd_hui)


def deplaces_ailleurs(vs, jour, garder):
    """(slot, modification) of the courses planned on ``jour`` and held another day, kept by ``garder(slot, teachers)``."""
    trouves = []
    for cle, modification in vs.modifications.items(min=f"{jour.isoformat()}@", max=f"{jour.isoformat()}@\uffff"):
        if modification.date is None or modification.date == jour or modification.annule:
            continue
        creneau = vs.creneau_de(lire_cle(cle)[1], jour)
        enseignants = modification.remplacants if modification.remplacants is not None else creneau.enseignants if creneau else ()
        if creneau is not None and garder(creneau, enseignants):
            trouves.append((creneau, modification))
    return trouves


def lignes_deplacees(vs, annuaire, jour, garder, aujourd_hui):
    return [
        (creneau.debut, ligne(intitule(annuaire, creneau.debut, creneau.fin, creneau.matiere, creneau.division[1]),
                              mots.deplace_ailleurs(modification.date, modification.debut or creneau.debut, aujourd_hui),
                              etat="info", etiquette=mots.DEPLACE))
        for creneau, modification in deplaces_ailleurs(vs, jour, garder)
    ]


def etat_registre(vs, occ):
    appel = vs.appels.get(occ.cle)
    return appel.etat if appel is not None else "a_faire"


# -- enseignant --------------------------------------------------------------------------------

def creneaux_du_jour_de(vs, personne_id, jour):
    """The slots that may give this teacher a course on ``jour``: theirs, and those changed that day (a
    replacement given to them, a course moved in). Not every slot of the establishment: the day's
    occurrences of a thousand slots were most of a teacher's Mon bureau."""
    jour_iso = jour.isoformat()
    cles = list(vs.modifications.keys(min=f"{jour_iso}@", max=f"{jour_iso}@\uffff")) + vs._deplacees_vers(jour, jour)
    changes = {origine[1] for origine in map(lire_cle, cles) if origine is not None}
    return [c for c in vs.tous_creneaux() if personne_id in c.enseignants or c.id in changes]


def cours_enseignant(ici, annuaire, personne, maintenant):
    jour = maintenant.date()
    lignes = []
    for occ in ici.vs.occurrences(jour, jour, creneaux_du_jour_de(ici.vs, personne.id, jour)):
        if personne.id not in occ.enseignants:
            continue
        etat, etiquette = mots.etat_appel(etat_registre(ici.vs, occ), occ.annule, occ.date, occ.debut, maintenant)
        change, details = changement(ici.vs, annuaire, occ, jour)
        detail = " · ".join(([f"Salle {occ.salle}"] if occ.salle and change != mots.SALLE else []) + details)
        lignes.append((occ.debut, ligne(intitule(annuaire, occ.debut, occ.fin, occ.matiere, occ.division[1]), detail,
                                        None if occ.annule else adresse(ici.url, "appel", cle=occ.cle), etat, etiquette)))
    lignes += lignes_deplacees(ici.vs, annuaire, jour, lambda _c, enseignants: personne.id in enseignants, jour)
    return [l for _, l in sorted(lignes, key=lambda dl: dl[0])]


def alertes_classe(ici, annuaire, classe, aujourd_hui):
    """The month's alerts (4+ non justifiées half-days, regles.decompte) of one class.

    As absences.alertes, but only the class's students with an absence mark this month are
    counted (a teacher's home must stay light: not every absent student of the establishment),
    and of those only the ones with enough days of absence to reach the threshold."""
    debut = aujourd_hui.replace(day=1)
    inscrits = set(annuaire.eleves(ici.structure, classe))
    jours = jours_d_absence_par_l_index(ici.vs, inscrits, debut, aujourd_hui)
    if jours is None:  # an establishment whose per-student index is not built yet
        jours = jours_d_absence_par_les_cours(ici, annuaire, classe, inscrits, debut, aujourd_hui)
    seuil = ici.vs.chronologie_decompte().seuil_minimal(debut, aujourd_hui)
    resultat = []
    for ident, dates in jours.items():
        if not alerte_possible(dates, seuil):
            continue
        eleve = annuaire.personne(ident)
        if eleve is None or not eleve.actif:
            continue
        compte, _ = absences.decompte(ici.vs, eleve, ici.structure, debut, aujourd_hui)
        resultat += [{"eleve": eleve.id, "nom": eleve.nom_complet, "classes": [classe], "mois": mois,
                      "non_justifiees": compte["par_mois"][mois]["non_justifiees"]} for mois in compte["alertes"]]
    return sorted(resultat, key=lambda a: (-a["non_justifiees"], a["nom"]))


def jours_d_absence_par_l_index(vs, inscrits, du, au):
    """{student of ``inscrits``: the days from ``du`` to ``au`` they are marked absent in a course held}, from
    their own entries of the marks index (``VieScolaire.cles_marquees_entre``); None when it is not built.

    Why: read course by course, a professeur principal's block opened a month of the class's registers and
    every student's record on each page. The students may be more than the alerts (a course moved out of the
    month, another division's course): ``decompte`` decides, as before."""
    if vs.marques_eleves is None:
        return None
    deplacees = None
    jours = {}
    for ident in inscrits:
        if not vs.cles_marquees(ident):
            continue
        if deplacees is None:  # courses moved into the period from another day, read once for all the students
            deplacees = set(vs._deplacees_vers(du, au))
        for cle in vs.cles_marquees_entre(ident, du, au, deplacees):
            appel = vs.appels.get(cle)
            marque = appel.marques.get(ident) if appel is not None else None
            if marque is None or marque["type"] != "absence":
                continue
            # the day it was held: a moved course's key keeps the day it was planned
            occ = vs.occurrence(cle) if cle in vs.modifications else None
            jour = occ.date if occ is not None else lire_cle(cle)[0]
            if du <= jour <= au:
                jours.setdefault(ident, set()).add(jour)
    return jours


def jours_d_absence_par_les_cours(ici, annuaire, classe, inscrits, du, au):
    """The same, read from every course of the class and its students' groups held in the period."""
    divisions = {(ici.structure, classe)}
    for ident in inscrits:
        eleve = annuaire.personne(ident)
        divisions.update(g for g in (eleve.groupes if eleve is not None else ()) if g[0] == ici.structure)
    creneaux = [c for c in ici.vs.tous_creneaux() if c.division in divisions]
    jours = {}
    for occ in ici.vs.occurrences(du, au, creneaux):
        appel = ici.vs.appels.get(occ.cle)
        for ident, marque in (appel.marques.items() if appel is not None else ()):
            if marque["type"] == "absence" and ident in inscrits:
                jours.setdefault(ident, set()).add(occ.date)
    return jours


def ligne_alerte(alerte, lien_eleve):
    return ligne(f"{alerte['nom']} ({', '.join(alerte['classes'])})",
                 f"{mots.nombre(alerte['non_justifiees'], 'demi-journée non justifiée', 'demi-journées non justifiées')}"
                 f" en {mots.mois_fr(alerte['mois'])}", lien_eleve(alerte["eleve"]), "alerte", "Alerte")


@implementer(IBlocBureau)
class CoursEnseignant:
    """« Mes cours aujourd'hui »: a teacher's courses in order, each with its register's state and its link."""

    ordre = 10
    titre = "Mes cours aujourd'hui"

    def blocs(self, site, lecteur):
        personne = lecteur.personne
        if personne is None or personne.categorie != "PersEducNat":
            return []
        maintenant = horloge.maintenant()
        resultat = []
        for ici in lieux(site, lecteur, structures_personnel(personne)):
            lignes = cours_enseignant(ici, lecteur.annuaire, personne, maintenant) if ici.vs is not None else []
            if not lignes and not enseigne_ici(personne, ici.structure):
                continue  # a CPE, a documentaliste: no course, no block
            resultat.append(bloc(self.titre, lignes, "Aucun cours aujourd'hui.", sous_titre=ici.nom, liens=[
                {"texte": "Tous mes appels du jour", "lien": adresse(ici.url, "appel")},
                {"texte": "Mon emploi du temps", "lien": adresse(ici.url, "emploi-du-temps")},
            ]))
        return resultat


@implementer(IBlocBureau)
class AlertesProfesseurPrincipal:
    """A professeur principal's class (ENTAuxEnsClassesPrincipal): its students' alerts of the month."""

    ordre = 30
    titre = "Alertes d'absentéisme"

    def blocs(self, site, lecteur):
        personne = lecteur.personne
        if personne is None or personne.categorie != "PersEducNat" or not personne.classes_principal:
            return []
        aujourd_hui = horloge.maintenant().date()
        site_url = adresses.url_site(site)
        resultat = []
        for structure, classe in personne.classes_principal:
            ici = etablissement(site, lecteur.annuaire, structure)
            if ici is None or not acces.est_personnel(personne, structure):
                continue
            alertes = alertes_classe(ici, lecteur.annuaire, classe, aujourd_hui) if ici.vs is not None else []
            resultat.append(bloc(
                f"{self.titre} — classe {classe}",
                [ligne_alerte(a, lambda ident: f"{site_url}/@@eleve/{ident}") for a in alertes],
                f"Aucun élève de la {classe} n'a {seuil_du_jour(ici, aujourd_hui)} demi-journées non justifiées "
                "ou plus ce mois-ci.", sous_titre=ici.nom))
        return resultat


# -- élève -------------------------------------------------------------------------------------

def divisions_eleve(eleve, structure):
    return {d for s, d in eleve.classes + eleve.groupes if s == structure}


def creneaux_des_divisions(vs, divisions):
    """The slots (current and ended versions) of these classes and groups of the establishment."""
    return [c for c in vs.tous_creneaux() if c.division[1] in divisions]


def cours_eleve(vs, annuaire, divisions, jour, aujourd_hui, creneaux=None):
    """The lines of a student's courses on ``jour``: moved in, moved out, cancelled and replaced said in words.
    ``creneaux``: ``creneaux_des_divisions(vs, divisions)`` when the caller has it already."""
    lignes = []
    creneaux = creneaux_des_divisions(vs, divisions) if creneaux is None else creneaux
    for occ in vs.occurrences(jour, jour, creneaux):
        change, details = changement(vs, annuaire, occ, aujourd_hui)
        detail = " · ".join(([", ".join(noms(annuaire, occ.enseignants))] if change != mots.REMPLACEMENT else [])
                            + ([f"Salle {occ.salle}"] if occ.salle and change != mots.SALLE else []) + details)
        lignes.append((occ.debut, ligne(intitule(annuaire, occ.debut, occ.fin, occ.matiere, occ.division[1]), detail,
                                        etat="alerte" if occ.annule else ("info" if change else None), etiquette=change)))
    lignes += lignes_deplacees(vs, annuaire, jour, lambda c, _e: c.division[1] in divisions, aujourd_hui)
    return [l for _, l in sorted(lignes, key=lambda dl: dl[0])]


def prochain_jour_de_cours(vs, divisions, aujourd_hui, creneaux=None):
    """The next day after today with a course of these divisions (within a week), or None: read day after day,
    usually tomorrow only."""
    creneaux = creneaux_des_divisions(vs, divisions) if creneaux is None else creneaux
    for decalage in range(1, JOURS_A_VENIR + 1):
        jour = aujourd_hui + timedelta(days=decalage)
        if any(True for _ in vs.occurrences(jour, jour, creneaux)):
            return jour
    return None


@implementer(IBlocBureau)
class CoursEleve:
    """An élève's courses today and on the next school day, with every change in words."""

    ordre = 10

    def blocs(self, site, lecteur):
        eleve = lecteur.personne
        if eleve is None or eleve.categorie != "Eleve":
            return []
        aujourd_hui = horloge.maintenant().date()
        resultat = []
        for ici in lieux(site, lecteur, structures_eleve(eleve)):
            if ici.vs is None:
                continue
            divisions = divisions_eleve(eleve, ici.structure)
            creneaux = creneaux_des_divisions(ici.vs, divisions)  # once for today, the next day and finding it
            liens = [{"texte": "Mon emploi du temps", "lien": adresse(ici.url, "emploi-du-temps")}]
            resultat.append(bloc(mots.cours_du(aujourd_hui, aujourd_hui),
                                 cours_eleve(ici.vs, lecteur.annuaire, divisions, aujourd_hui, aujourd_hui, creneaux),
                                 "Pas de cours aujourd'hui.", sous_titre=ici.nom, liens=liens))
            prochain = prochain_jour_de_cours(ici.vs, divisions, aujourd_hui, creneaux)
            if prochain is not None:
                resultat.append(bloc(mots.cours_du(prochain, aujourd_hui),
                                     cours_eleve(ici.vs, lecteur.annuaire, divisions, prochain, aujourd_hui, creneaux),
                                     "Pas de cours ce jour-là.", sous_titre=ici.nom, liens=liens))
        return resultat


def absences_a_justifier(ici, annuaire, eleve, aujourd_hui):
    """{jour: [occurrences]} of the student's absences without a motive, and whether a declaration waits for each day."""
    debut = ici.vs.calendrier.debut if ici.vs.calendrier is not None else aujourd_hui
    marques = absences.marques_de(ici.vs, eleve, ici.structure, debut, aujourd_hui)
    absents = [(occ, motif) for occ, marque, motif in marques if marque["type"] == "absence"]
    restantes = mots.a_justifier([(o.date, o.debut, m) for o, m in absents], ici.vs.declarations_de(eleve.id))
    par_jour = {}
    for jour, debut_cours, en_attente in restantes:
        occ = next(o for o, m in absents if o.date == jour and o.debut == debut_cours and m is None)
        cours, attente = par_jour.get(jour, ([], True))
        par_jour[jour] = (cours + [occ], attente and en_attente)
    return par_jour


@implementer(IBlocBureau)
class AbsencesEleve:
    """An élève's own absences still to regularise (half-days of the school year, regles.decompte) and their days."""

    ordre = 40

    def blocs(self, site, lecteur):
        eleve = lecteur.personne
        if eleve is None or eleve.categorie != "Eleve":
            return []
        aujourd_hui = horloge.maintenant().date()
        resultat = []
        for ici in lieux(site, lecteur, structures_eleve(eleve)):
            if ici.vs is None or ici.vs.calendrier is None:
                continue
            nombre = absences.a_regulariser(ici.vs, eleve, ici.structure, ici.vs.calendrier.debut, aujourd_hui)
            lignes = []
            if nombre:
                lignes.append(ligne(f"{mots.nombre(nombre, 'demi-journée', 'demi-journées')} d'absence à régulariser",
                                    "Vos responsables légaux peuvent les justifier auprès de la vie scolaire.", etat="a_faire",
                                    etiquette="À régulariser"))
                for jour, (cours, _) in sorted(absences_a_justifier(ici, lecteur.annuaire, eleve, aujourd_hui).items()):
                    lignes.append(ligne(f"Absence {mots.le_jour(jour, aujourd_hui)}",
                                        ", ".join(intitule(lecteur.annuaire, o.debut, o.fin, o.matiere, o.division[1]) for o in cours)))
            resultat.append(bloc("Mes absences", lignes, "Aucune absence à régulariser.", sous_titre=ici.nom))
        return resultat


# -- responsable légal ---------------------------------------------------------------------------

def lignes_famille(ici, annuaire, enfant, aujourd_hui):
    vs = ici.vs
    lignes = []
    # today's marks, as the teachers enter them
    du_jour = absences.marques_de(vs, enfant, ici.structure, aujourd_hui, aujourd_hui)
    for occ, marque, code in du_jour:
        motif = vs.motifs.get(code) if code else None
        detail = f"Motif : {motif['libelle']}" if motif is not None and motif["visible_familles"] else None
        lignes.append(ligne(f"Aujourd'hui, {intitule(annuaire, occ.debut, occ.fin, occ.matiere, occ.division[1])}", detail,
                            etat="alerte" if marque["type"] == "absence" else "info", etiquette=mots.marque(marque)))
    # absences without a motive: one line per day, a declaration prefilled for that day
    for jour, (cours, en_attente) in sorted(absences_a_justifier(ici, annuaire, enfant, aujourd_hui).items()):
        detail = ", ".join(intitule(annuaire, o.debut, o.fin, o.matiere, o.division[1]) for o in cours)
        texte = f"Absence {mots.le_jour(jour, aujourd_hui)} à justifier" if not en_attente else f"Absence {mots.le_jour(jour, aujourd_hui)}"
        if en_attente:
            lignes.append(ligne(texte, detail, etat="info", etiquette="Déclaration envoyée"))
        else:
            lignes.append(ligne(texte, detail, adresse(ici.url, "declarer-absence", eleve=enfant.id, du=jour.isoformat(), au=jour.isoformat()),
                                "a_faire", "À justifier"))
    # punitions and sanctions in force (what a family is shown: regles.incidents.TYPES_FAMILLES)
    for evenement in sorted(vs.incidents_de(enfant.id), key=lambda e: e["quand"]):
        if evenement["type"] not in TYPES_FAMILLES or evenement["statut"] not in PUNITIONS_EN_COURS:
            continue
        quand = datetime.fromisoformat(evenement["quand"])
        detail = " — ".join(x for x in (f"Donnée {mots.le_jour(quand.date(), aujourd_hui)}", evenement["description"]) if x)
        lignes.append(ligne(f"{LIBELLES_TYPES[evenement['type']]} : {evenement['nature'] or 'sans précision'}", detail,
                            etat="info", etiquette=LIBELLES_STATUTS.get(evenement["statut"], evenement["statut"])))
    return lignes


@implementer(IBlocBureau)
class Famille:
    """A responsable légal's card per child and establishment: today's marks, absences to justify, punitions."""

    ordre = 12

    def blocs(self, site, lecteur):
        personne = lecteur.personne
        if personne is None or personne.categorie != "PersRelEleve":
            return []
        aujourd_hui = horloge.maintenant().date()
        resultat = []
        for enfant in acces.enfants_visibles(lecteur.annuaire, personne):
            for ici in lieux(site, lecteur, structures_eleve(enfant)):
                if ici.vs is None:
                    continue
                liens = [{"texte": "Absences et retards", "lien": adresse(ici.url, "absences-eleve", eleve=enfant.id)},
                         {"texte": "Emploi du temps", "lien": adresse(ici.url, "emploi-du-temps", eleve=enfant.id)}]
                if ici.structure in enfant.rattachements:
                    liens.insert(1, {"texte": "Déclarer une absence", "lien": adresse(ici.url, "declarer-absence", eleve=enfant.id)})
                resultat.append(bloc("Vie scolaire", lignes_famille(ici, lecteur.annuaire, enfant, aujourd_hui),
                                     "Rien à signaler : aucune absence à justifier, aucune punition en cours.",
                                     sous_titre=f"{enfant.nom_complet} — {ici.nom}", liens=liens))
        return resultat


# -- vie scolaire: CPE and direction -------------------------------------------------------------

def registres_non_faits(ici, annuaire, maintenant):
    jour = maintenant.date()
    lignes = []
    for occ in ici.vs.occurrences(jour, jour):
        etiquette = mots.appel_non_fait(etat_registre(ici.vs, occ), occ.annule, occ.date, occ.debut, maintenant)
        if etiquette is not None:
            enseignants = ", ".join(noms(annuaire, occ.enseignants)) or "Sans enseignant"
            lignes.append(ligne(intitule(annuaire, occ.debut, occ.fin, occ.matiere, occ.division[1]), enseignants,
                                adresse(ici.url, "appel", cle=occ.cle), "alerte", etiquette))
    return lignes


def bloc_non_faits(ici, annuaire, maintenant):
    lignes = au_plus(registres_non_faits(ici, annuaire, maintenant), adresse(ici.url, "vie-scolaire"),
                     "autre appel non fait", "autres appels non faits")
    return bloc("Appels non faits", lignes, f"Aucun appel en retard à {heure_fr(maintenant)}.", sous_titre=ici.nom,
                liens=[{"texte": "Bureau de la vie scolaire", "lien": adresse(ici.url, "vie-scolaire")}])


def classes_de(eleve, structure):
    return ", ".join(c for s, c in eleve.classes if s == structure)


def seuil_du_jour(ici, aujourd_hui):
    """The alert threshold the establishment has in force today (its counting settings)."""
    if ici.vs is None:
        return 4
    return ici.vs.chronologie_decompte().en_vigueur(aujourd_hui).seuil


def declarations_a_traiter(ici, annuaire, aujourd_hui):
    lignes = []
    for d in sorted((d for d in ici.vs.declarations.values() if d["statut"] == "a_traiter"), key=lambda d: d["declaree_le"]):
        eleve = annuaire.personne(d["eleve"])
        if eleve is None:
            continue
        motif = ici.vs.motifs.get(d["motif"], {}).get("libelle", "motif inconnu")
        periode = periode_en_mots(d, aujourd_hui.year)  # « le lundi 16 novembre, matin », « de 8 h à 10 h »
        lignes.append(ligne(f"{eleve.nom_complet} ({classes_de(eleve, ici.structure)})", f"Absence {periode} — {motif}",
                            adresse(ici.url, "vie-scolaire"), "a_faire", "À traiter"))
    return lignes


def marques_du_jour(ici, annuaire, aujourd_hui):
    """{élève id: [(occurrence, mark)]} of today's registers."""
    par_eleve = {}
    for occ, appel in ici.vs.appels_tenus(aujourd_hui, aujourd_hui):
        if occ.annule:
            continue
        for eleve, marque in appel.marques.items():
            par_eleve.setdefault(eleve, []).append((occ, marque))
    return par_eleve


def absents_du_jour(ici, annuaire, par_eleve):
    lignes = []
    for ident, marques in par_eleve.items():
        eleve = annuaire.personne(ident)
        if eleve is None:
            continue
        marques = sorted(marques, key=lambda om: om[0].debut)
        absent = any(m["type"] == "absence" for _, m in marques)
        detail = " · ".join(f"{mots.marque(m)} ({mots.horaire(o.debut, o.fin)} {matiere(annuaire, o.matiere)})" for o, m in marques)
        lignes.append(((eleve.nom.lower(), eleve.prenom.lower()), ligne(
            f"{eleve.nom_complet} ({classes_de(eleve, ici.structure)})", detail, adresse(ici.url, "suivi-eleve", eleve=ident),
            "alerte" if absent else "info", "Absence" if absent else mots.marque(marques[0][1]))))
    return [l for _, l in sorted(lignes, key=lambda nl: nl[0])]


@implementer(IBlocBureau)
class BureauCPE:
    """A CPE's desk at a glance, per establishment: declarations, registers not taken, today's absences, alerts."""

    ordre = 15

    def blocs(self, site, lecteur):
        personne = lecteur.personne
        if personne is None or personne.categorie != "PersEducNat":
            return []
        maintenant = horloge.maintenant()
        aujourd_hui = maintenant.date()
        resultat = []
        for ici in lieux(site, lecteur, structures_personnel(personne)):
            if acces.FONCTION_CPE not in acces.fonctions(personne, ici.structure) or ici.vs is None:
                continue
            annuaire = lecteur.annuaire
            bureau = [{"texte": "Bureau de la vie scolaire", "lien": adresse(ici.url, "vie-scolaire")}]
            alertes = absences.alertes(ici.vs, annuaire, ici.structure, aujourd_hui.replace(day=1), aujourd_hui)
            resultat += [
                bloc("Déclarations à traiter", au_plus(declarations_a_traiter(ici, annuaire, aujourd_hui), bureau[0]["lien"],
                                                                "autre déclaration", "autres déclarations"),
                     "Aucune déclaration des familles en attente.", sous_titre=ici.nom, liens=bureau),
                bloc_non_faits(ici, annuaire, maintenant),
                bloc("Absents et retards aujourd'hui", au_plus(absents_du_jour(ici, annuaire, marques_du_jour(ici, annuaire, aujourd_hui)), bureau[0]["lien"],
                             "autre élève", "autres élèves"),
                     "Aucune absence ni aucun retard saisi aujourd'hui.", sous_titre=ici.nom, liens=bureau),
                bloc(f"Alertes du mois de {mots.mois_fr(aujourd_hui.isoformat())}",
                     [ligne_alerte(a, lambda ident: adresse(ici.url, "suivi-eleve", eleve=ident)) for a in alertes],
                     f"Aucun élève n'a {seuil_du_jour(ici, aujourd_hui)} demi-journées non justifiées ou plus ce mois-ci.",
                     sous_titre=ici.nom, liens=[{"texte": "Statistiques", "lien": adresse(ici.url, "statistiques-vie-scolaire")}]),
            ]
        return resultat


def changements_du_jour(ici, annuaire, aujourd_hui):
    lignes = []
    for occ in ici.vs.occurrences(aujourd_hui, aujourd_hui):
        change, details = changement(ici.vs, annuaire, occ, aujourd_hui)
        if change is not None:
            lignes.append((occ.debut, ligne(intitule(annuaire, occ.debut, occ.fin, occ.matiere, occ.division[1]), " · ".join(details),
                                            adresse(ici.url, "emploi-du-temps", division=occ.division[1]), "info", change)))
    lignes += lignes_deplacees(ici.vs, annuaire, aujourd_hui, lambda _c, _e: True, aujourd_hui)
    return [l for _, l in sorted(lignes, key=lambda dl: dl[0])]


def chiffres(ici, annuaire, maintenant):
    """A few figures of the establishment, today."""
    aujourd_hui = maintenant.date()
    eleves = sum(len(annuaire.eleves(ici.structure, c)) for c in annuaire.divisions_de(ici.structure, "classe"))
    cours = [o for o in ici.vs.occurrences(aujourd_hui, aujourd_hui) if not o.annule]
    faits = sum(1 for o in cours if etat_registre(ici.vs, o) == "fait")
    par_eleve = marques_du_jour(ici, annuaire, aujourd_hui)
    absents = sum(1 for ms in par_eleve.values() if any(m["type"] == "absence" for _, m in ms))
    retards = sum(1 for ms in par_eleve.values() for _, m in ms if m["type"] == "retard")
    a_traiter = sum(1 for d in ici.vs.declarations.values() if d["statut"] == "a_traiter")
    alertes = len({a["eleve"] for a in absences.alertes(ici.vs, annuaire, ici.structure, aujourd_hui.replace(day=1), aujourd_hui)})
    return [
        ligne(mots.nombre(eleves, "élève inscrit", "élèves inscrits"), etat="info"),
        ligne(f"{mots.nombre(faits, 'appel fait', 'appels faits')} sur {mots.nombre(len(cours), 'cours', 'cours')} aujourd'hui",
              lien=adresse(ici.url, "vie-scolaire"), etat="fait" if faits == len(cours) else "info"),
        ligne(f"{mots.nombre(absents, 'élève absent', 'élèves absents')}, {mots.nombre(retards, 'retard')} aujourd'hui", etat="info"),
        ligne(f"{mots.nombre(a_traiter, 'déclaration', 'déclarations')} des familles à traiter", etat="a_faire" if a_traiter else "info"),
        ligne(f"{mots.nombre(alertes, 'élève', 'élèves')} en alerte d'absentéisme en {mots.mois_fr(aujourd_hui.isoformat())}",
              lien=adresse(ici.url, "statistiques-vie-scolaire"), etat="alerte" if alertes else "info"),
    ]


@implementer(IBlocBureau)
class BureauDirection:
    """The direction, per establishment: registers not taken now, today's timetable changes, the figures."""

    ordre = 16

    def blocs(self, site, lecteur):
        personne = lecteur.personne
        if personne is None or personne.categorie != "PersEducNat":
            return []
        maintenant = horloge.maintenant()
        resultat = []
        for ici in lieux(site, lecteur, structures_personnel(personne)):
            fonctions = acces.fonctions(personne, ici.structure)
            if acces.FONCTION_DIRECTION not in fonctions or ici.vs is None:
                continue
            annuaire = lecteur.annuaire
            if acces.FONCTION_CPE not in fonctions:  # a CPE who is also direction has it in their desk
                resultat.append(bloc_non_faits(ici, annuaire, maintenant))
            resultat += [
                bloc("Changements d'emploi du temps aujourd'hui", changements_du_jour(ici, annuaire, maintenant.date()),
                     "Aucun cours annulé, déplacé ou remplacé aujourd'hui.", sous_titre=ici.nom,
                     liens=[{"texte": "Gestion de l'emploi du temps", "lien": adresse(ici.url, "gestion-emploi-du-temps")}]),
                bloc("L'établissement en chiffres", chiffres(ici, annuaire, maintenant), "Aucun chiffre disponible.",
                     sous_titre=ici.nom, liens=[{"texte": "Statistiques", "lien": adresse(ici.url, "statistiques-vie-scolaire")}]),
            ]
        return resultat


# -- menu ----------------------------------------------------------------------------------------

@implementer(IEntreesMenu)
class Menu:
    """The vie scolaire pages this person may open (the access matrix's rows), per establishment."""

    def entrees(self, site, lecteur):
        personne = lecteur.personne
        if personne is None:
            return []
        if personne.categorie == "PersEducNat":
            return self.personnel(site, lecteur, personne)
        if personne.categorie == "Eleve":
            ici = lieux(site, lecteur, structures_eleve(personne))
            return ([self.entree("Emploi du temps", x, adresse(x.url, "emploi-du-temps"), 20, len(ici)) for x in ici]
                    + [self.entree("Absences et retards", x, adresse(x.url, "absences-eleve"), 24, len(ici)) for x in ici])
        if personne.categorie == "PersRelEleve":
            return self.famille(site, lecteur, personne)
        return []

    @staticmethod
    def entree(texte, ici, adresse, ordre, combien):
        """``texte``, with the establishment's name when the person has several."""
        return {"texte": f"{texte} — {ici.nom}" if combien > 1 else texte, "lien": adresse, "ordre": ordre}

    def personnel(self, site, lecteur, personne):
        ici = lieux(site, lecteur, structures_personnel(personne))
        entrees = []
        for x in ici:
            vie_scolaire = acces.est_vie_scolaire(personne, x.structure)
            if enseigne_ici(personne, x.structure) or vie_scolaire:
                entrees.append(self.entree("Appel", x, adresse(x.url, "appel"), 20, len(ici)))
            if enseigne_ici(personne, x.structure):
                entrees.append(self.entree("Emploi du temps", x, adresse(x.url, "emploi-du-temps"), 22, len(ici)))
            if vie_scolaire:
                entrees.append(self.entree("Vie scolaire", x, adresse(x.url, "vie-scolaire"), 21, len(ici)))
                entrees.append(self.entree("Statistiques", x, adresse(x.url, "statistiques-vie-scolaire"), 60, len(ici)))
            entrees.append(self.entree("Signaler un incident", x, adresse(x.url, "signaler-incident"), 40, len(ici)))
            if acces.est_direction(personne, x.structure):
                entrees.append(self.entree("Gestion de l'emploi du temps", x, adresse(x.url, "gestion-emploi-du-temps"), 61, len(ici)))
                entrees.append(self.entree("Décompte des absences", x, adresse(x.url, "reglages-decompte"), 62, len(ici)))
        return entrees

    def famille(self, site, lecteur, personne):
        entrees = []
        enfants = acces.enfants_visibles(lecteur.annuaire, personne)
        for enfant in enfants:
            ici = lieux(site, lecteur, structures_eleve(enfant))
            qui = f" de {enfant.prenom}" if len(enfants) > 1 else ""
            for x in ici:
                entrees.append(self.entree(f"Emploi du temps{qui}", x, adresse(x.url, "emploi-du-temps", eleve=enfant.id), 20, len(ici)))
                entrees.append(self.entree(f"Absences et retards{qui}", x, adresse(x.url, "absences-eleve", eleve=enfant.id), 24, len(ici)))
                if x.structure in enfant.rattachements:
                    entrees.append(self.entree(f"Déclarer une absence{qui}", x, adresse(x.url, "declarer-absence", eleve=enfant.id), 25, len(ici)))
        return entrees

