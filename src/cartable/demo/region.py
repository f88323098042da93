"""The demo region: AAF files written by the demo generator, imported by the real importer.

Three establishments (a collège, a lycée, a lycée professionnel), ~700
students, ~1,100 parents, ~85 staff, 2 CPE in the collège and 3 in the lycée.
The people the README names get the demo password; everybody else keeps the
activation code the import gave them.
"""

from pathlib import Path

from AuthEncoding import AuthEncoding
from plone import api
from plone.app.textfield.value import RichTextValue
from zope.annotation.interfaces import IAnnotations

from cartable.annuaire import comptes
from cartable.annuaire.contenu import id_etablissement
from cartable.annuaire.import_aaf import importer_dossier
from cartable.annuaire.stockage import lire_annuaire
from cartable.core.site import dossier_var
from cartable.demo.annuaire import COLLEGE, ecrire_region_demo
from cartable.demo.emploi_du_temps import CALENDRIER_DEMO, creneaux_demo
from cartable.demo.notes import notes_demo
from cartable.demo.pedagogie import pedagogie_demo
from cartable.demo.vie_scolaire import vie_scolaire_demo
from cartable.etablissement import editeurs
from cartable.pedagogie.evenements import chargement_en_masse
from cartable.viescolaire.stockage import vie_scolaire_pour_ecrire

DEMO_PASSWORD = "cartable-demo"
ADMIN_REGION = "admin.region"
CLE = "cartable.policy.demo"  # the annotation key sites already hold (the module lived in policy): kept as is

# manifest persona → what the README says of it
PERSONAS = (
    ("eleve", "élève de 3A du collège"),
    ("parent", "responsable légal de cet élève"),
    ("parent_autre_famille", "responsable d'un autre élève de 3A"),
    ("parent_deux_etablissements", "responsable d'enfants dans deux établissements"),
    ("enseignant", "enseignant de la 3A"),
    ("professeur_principal", "professeur principal de la 3A"),
    ("enseignant_autre_classe", "enseignant du collège, pas en 3A"),
    ("cpe", "CPE du collège"),
    ("cpe_lycee", "CPE du lycée"),
    ("direction", "principal du collège"),
    ("direction_lycee", "proviseur du lycée"),
    ("documentaliste", "documentaliste du collège, éditrice de l'établissement"),
)

ACCUEIL = (
    "<p>Bienvenue sur <strong>Cartable</strong>, l'espace numérique de travail des "
    "collèges et lycées de la région : cours, devoirs et cahier de textes ; emplois "
    "du temps, appel, absences, notes et bulletins.</p>"
    "<p>Première connexion ? <a href=\"@@activation\">Activez votre compte</a> avec le code "
    "remis par votre établissement.</p>"
)


def dossier_demo() -> Path:
    return dossier_var() / "demo-aaf"


def creer_region_demo(site):
    """Idempotent: the same files again change nothing."""
    site.title = "Cartable — région de démonstration"
    site.text = RichTextValue(ACCUEIL, "text/html", "text/x-html-safe")
    manifest = ecrire_region_demo(dossier_demo())
    with chargement_en_masse():  # loading the demo queues no job and notifies nobody
        rapport = importer_dossier(site, dossier_demo())
        if rapport.rejets:
            raise RuntimeError("la région de démonstration ne s'importe pas : " + "; ".join(map(str, rapport.rejets[:5])))
        annuaire = lire_annuaire(site)
        emplois_du_temps_demo(site, annuaire)
        vie_scolaire_demo(site, annuaire)
        notes_demo(site, annuaire, lambda structure: site.get(id_etablissement(structure.uai)))
        pedagogie_demo(site, annuaire)
    comptes_demo = []
    for persona, role in PERSONAS:
        ids = manifest["personas"][persona]
        for ident in [ids] if isinstance(ids, str) else ids:
            personne = annuaire.personne(ident)
            if personne.mot_de_passe is None:
                personne.mot_de_passe = AuthEncoding.pw_encrypt(DEMO_PASSWORD, comptes.SCHEMA)
                personne.code_activation = None
            comptes_demo.append((personne.login, personne.nom_complet, role))
    # the collège's documentaliste is its editor, as a direction names one (cartable.etablissement)
    college = site.get(id_etablissement(annuaire.structures[COLLEGE].uai))
    if college is not None:
        editeurs.nommer(college, manifest["personas"]["documentaliste"])
    if api.user.get(username=ADMIN_REGION) is None:
        api.user.create(username=ADMIN_REGION, email="admin.region@example.org", password=DEMO_PASSWORD,
                        properties={"fullname": "Administratrice régionale"})
        api.user.grant_roles(username=ADMIN_REGION, roles=["Site Administrator"])
    comptes_demo.insert(0, (ADMIN_REGION, "Administratrice régionale", "administratrice régionale (Site Administrator)"))
    IAnnotations(site)[CLE] = comptes_demo
    return comptes_demo


def emplois_du_temps_demo(site, annuaire):
    """A timetable for every establishment (once: later changes are the direction's)."""
    for structure in annuaire.structures.values():
        etablissement = site.get(id_etablissement(structure.uai))
        vs = vie_scolaire_pour_ecrire(etablissement)
        vs.calendrier = CALENDRIER_DEMO
        if not len(vs.creneaux):
            for creneau in creneaux_demo(annuaire, structure.id):
                vs.creneaux[creneau.id] = creneau


def identifiants_demo(site):
    """(login, password, name, role) of the demo accounts, as make start prints them."""
    return [(login, DEMO_PASSWORD, nom, role) for login, nom, role in IAnnotations(site).get(CLE, ())]
