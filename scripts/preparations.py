"""What the page benchmarks prepare in their fresh instance, without gevent or locust (bench_instructions runs
under valgrind and imports neither): the reference Document, Mon bureau's accounts."""

# The reference page of every page benchmark: one published Plone Document at the site root. Each preparation
# script's text includes these lines, with ``site`` set and plone.api imported.
DOCUMENT_REFERENCE = """with api.env.adopt_roles(["Manager"]):
    if "reference" not in site.objectIds():
        doc = api.content.create(container=site, type="Document", id="reference", title="Rentrée : informations aux familles",
                                 description="Le document de référence du banc d'essai.")
        from plone.app.textfield.value import RichTextValue
        doc.text = RichTextValue("<p>" + "Informations pratiques pour la semaine. " * 40 + "</p>", "text/html", "text/x-html-safe")
        api.content.transition(obj=doc, transition="publish")
"""


# Mon bureau's accounts (bench_bureau, bench_instructions): the first parents of the demo collège's classes and every
# teacher of them get a known password; prints {"parents": [{login, nom}], "enseignants": [...]}.
BUREAU_PASSWORD = "bench-bureau-2026"

BUREAU_PREPARE = """
import sys, json, transaction
from AuthEncoding import AuthEncoding
from plone import api
from zope.component.hooks import setSite
from cartable.ops.zope_app import open_app, close_app
from cartable.annuaire.stockage import lire_annuaire
app = open_app(sys.argv[1]); site = app["cartable"]; setSite(site)
annuaire = lire_annuaire(site)
hashed = AuthEncoding.pw_encrypt(sys.argv[2], "SSHA")
wanted = int(sys.argv[3])
college = next(s for s in annuaire.structures.values() if s.type == "CLG")
parents, enseignants = [], set()
for code in sorted(annuaire.divisions_de(college.id, "classe")):
    enseignants.update(annuaire.enseignants_division.get((college.id, code), ()))
    for ident in sorted(annuaire.eleves(college.id, code)):
        if len(parents) >= wanted:
            break
        eleve = annuaire.personne(ident)
        legaux = [l.personne for l in eleve.responsables if l.representant_legal]
        if legaux and legaux[0] not in {p["id"] for p in parents}:
            parents.append({"id": legaux[0]})
comptes = {"parents": [], "enseignants": []}
for genre, idents in (("parents", [p["id"] for p in parents]), ("enseignants", sorted(enseignants))):
    for ident in idents:
        personne = annuaire.personne(ident)
        personne.mot_de_passe = hashed
        personne.code_activation = None
        comptes[genre].append({"login": personne.login, "nom": personne.nom_complet})
""" + DOCUMENT_REFERENCE + """transaction.commit(); close_app(app)
print(json.dumps(comptes))
"""
