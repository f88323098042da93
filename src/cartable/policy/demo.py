"""The demo region: two establishments and one account per role.

Minimal on purpose: the directory issue replaces it with a real AAF import.
"""

from plone import api
from plone.app.textfield.value import RichTextValue

DEMO_PASSWORD = "cartable-demo"

ETABLISSEMENTS = (
    ("college-jean-moulin", "Collège Jean Moulin", "0131234W", "Marseille"),
    ("lycee-victor-hugo", "Lycée Victor Hugo", "0132345D", "Aix-en-Provence"),
)

# (login, full name, site-wide roles, establishment where they work, local roles there)
COMPTES = (
    ("admin.region", "Administratrice régionale", ["Site Administrator"], None, []),
    ("direction.moulin", "Mme Leroy (principale)", [], "college-jean-moulin", ["Editor", "Reader"]),
    ("cpe.moulin", "M. Bernard (CPE)", [], "college-jean-moulin", ["Reader"]),
    ("cpe2.moulin", "Mme Petit (CPE)", [], "college-jean-moulin", ["Reader"]),
    ("prof.martin", "M. Martin (professeur)", [], "college-jean-moulin", ["Reader"]),
    ("eleve.durand", "Léa Durand (élève)", [], "college-jean-moulin", ["Reader"]),
    ("parent.durand", "Paul Durand (responsable)", [], "college-jean-moulin", ["Reader"]),
)

ACCUEIL = (
    "<p>Bienvenue sur <strong>Cartable</strong>, l'espace numérique de travail des "
    "collèges et lycées de la région : cours, devoirs et cahier de textes ; emplois "
    "du temps, appel, absences, notes et bulletins.</p>"
)


def creer_region_demo(site):
    """Idempotent: what exists already is left as it is."""
    site.title = "Cartable — région de démonstration"
    site.text = RichTextValue(ACCUEIL, "text/html", "text/x-html-safe")
    for id_, titre, uai, commune in ETABLISSEMENTS:
        if id_ not in site.objectIds():
            api.content.create(site, "Etablissement", id=id_, title=titre, uai=uai, commune=commune)
    for login, nom, roles, etablissement, roles_locaux in COMPTES:
        if api.user.get(username=login) is None:
            api.user.create(
                username=login,
                email=f"{login}@example.org",
                password=DEMO_PASSWORD,
                properties={"fullname": nom},
            )
        if roles:
            api.user.grant_roles(username=login, roles=roles)
        if etablissement:
            api.user.grant_roles(username=login, obj=site[etablissement], roles=roles_locaux)


def identifiants_demo():
    """(login, password, who) lines printed by make start."""
    return [(login, DEMO_PASSWORD, nom) for login, nom, *_ in COMPTES]
