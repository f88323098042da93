"""Test layers.

- ``CARTABLE_FIXTURE``: the Cartable add-ons installed in a bare Plone site;
- ``CARTABLE_DEMO_FIXTURE``: on top of it, the demo region built once (its
  ~1,950 people imported, the demo timetables and grades, ``admin.region``,
  passwords on the personas of the access matrix, the teacher's 3A course space
  with a published Devoir), in a DemoStorage of its own, committed;
- their ``IntegrationTesting`` (rolled back after each test) and
  ``FunctionalTesting`` (a DemoStorage per test, the WSGI server): every test
  starts from the built site, nothing it commits reaches the next one.

The demo layer keeps what the tests need to find their way in the region as the
resource ``cartable_demo`` (see ``CartableDemoLayer.setUp``). What lives outside
the ZODB (the huey queue, job records, login-failure counters) is emptied per
test by the tests' fixtures: the layer writes its own into a directory of its own.
"""

import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import transaction
from plone.app.testing import (
    PLONE_FIXTURE,
    FunctionalTesting,
    IntegrationTesting,
    PloneSandboxLayer,
    applyProfile,
    ploneSite,
)
from plone.testing import Layer, zodb, zope

import cartable


class CartableLayer(PloneSandboxLayer):
    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=cartable)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "plone.app.contenttypes:default")
        applyProfile(portal, "plone.restapi:default")
        applyProfile(portal, "cartable.policy:default")


CARTABLE_FIXTURE = CartableLayer()

CARTABLE_INTEGRATION_TESTING = IntegrationTesting(
    bases=(CARTABLE_FIXTURE,), name="CartableLayer:IntegrationTesting"
)

CARTABLE_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(CARTABLE_FIXTURE, zope.WSGI_SERVER_FIXTURE), name="CartableLayer:FunctionalTesting"
)


# -- the demo region, built once ---------------------------------------------------------------

PASSWORD = "matrice-2026"  # the personas' and admin.region's password
JOUR = datetime(2026, 11, 16, 10, 30)  # a Monday of the demo school year: the moment the region is built at
ADMIN = "admin.region"

# the environment the layer's set-up runs in: its queue and counters in its own directory, never Redis
_ENVIRONNEMENT = ("CARTABLE_REDIS_URL", "CARTABLE_QUEUE_FILE", "CARTABLE_LIMITES_FILE", "CARTABLE_VAR")


class CartableDemoLayer(Layer):
    """The demo region in the Cartable site, built once in a DemoStorage stacked on ``CARTABLE_FIXTURE``'s.

    Resource ``cartable_demo``: ``region`` (the manifest of the AAF files: ``personas``,
    ``establishments``, ``dossier`` where they are), ``logins`` (role → login), ``chemins``
    (``etab``, ``classe``, ``espace``, ``devoir``, ``cahier``: paths under the site, starting with
    "/"), ``eleve``, ``cours``, ``matiere``, ``secret`` (the student's (nom, prénom)) and
    ``file_d_attente`` (what the build left in its huey queue: ``remettre_file_d_attente`` puts it
    back into a test's queue).
    """

    defaultBases = (CARTABLE_FIXTURE,)

    def setUp(self):
        from cartable.core import horloge

        self["zodbDB"] = zodb.stackDemoStorage(self.get("zodbDB"), name="CartableDemoLayer")
        self._dossier = Path(tempfile.mkdtemp(prefix="cartable-demo-"))
        avant = {nom: os.environ.get(nom) for nom in _ENVIRONNEMENT}
        os.environ.pop("CARTABLE_REDIS_URL", None)
        os.environ["CARTABLE_QUEUE_FILE"] = str(self._dossier / "queue.sqlite3")
        os.environ["CARTABLE_LIMITES_FILE"] = str(self._dossier / "limites.sqlite3")
        os.environ["CARTABLE_VAR"] = str(self._dossier / "var")
        horloge.figer(JOUR)
        try:
            self["cartable_demo"] = self.construire(self._dossier / "aaf")
        finally:
            horloge.liberer()
            for nom, valeur in avant.items():
                if valeur is None:
                    os.environ.pop(nom, None)
                else:
                    os.environ[nom] = valeur

    def tearDown(self):
        del self["cartable_demo"]
        self["zodbDB"].close()
        del self["zodbDB"]
        shutil.rmtree(self._dossier, ignore_errors=True)

    def construire(self, dossier):
        from plone import api
        from zope.globalrequest import setRequest

        from cartable.annuaire import import_aaf
        from cartable.annuaire.stockage import lire_annuaire
        from cartable.demo.annuaire import ecrire_region_demo
        from cartable.demo.notes import notes_demo
        from cartable.demo.region import emplois_du_temps_demo
        from cartable.viescolaire.stockage import lire_vie_scolaire

        region = {**ecrire_region_demo(dossier), "dossier": dossier}
        personas = region["personas"]
        with ploneSite(db=self["zodbDB"]) as portal:
            setRequest(portal.REQUEST)
            try:
                with api.env.adopt_roles(["Manager"]):
                    rapport = import_aaf.importer_dossier(portal, dossier)
                    assert rapport.rejets == [], rapport.rejets
                    api.user.create(username=ADMIN, email="admin@example.org", password=PASSWORD)
                    api.user.grant_roles(username=ADMIN, roles=["Site Administrator"])
                annuaire = lire_annuaire(portal)
                emplois_du_temps_demo(portal, annuaire)
                notes_demo(portal, annuaire, lambda structure: portal[structure.uai.lower()])
                ids = {
                    "eleve": personas["eleve"],
                    "parent": personas["parent"],
                    "parent_autre": personas["parent_autre_famille"],
                    "enseignant": personas["enseignant"],
                    "enseignant_autre": personas["enseignant_autre_classe"],
                    "cpe": personas["cpe"][1],  # the second CPE of the school: no first-CPE privilege
                    "direction": personas["direction"],
                    "cpe_autre": personas["cpe_lycee"][0],
                }
                logins = {"admin": ADMIN}
                for role, ident in ids.items():
                    personne = annuaire.personne(ident)
                    donner_le_mot_de_passe(personne)
                    logins[role] = personne.login
                transaction.commit()
                college = next(e for e in region["establishments"] if e["type"] == "CLG")
                etab = college["uai"].lower()
                eleve = annuaire.personne(personas["eleve"])
                matiere = next(m for _, d, m in annuaire.personne(personas["enseignant"]).enseignements if d == "3A" and m)
                espace, devoir = pedagogie_de_la_matrice(portal, annuaire, college, matiere)
                vs = lire_vie_scolaire(portal[etab])
                cours = next(
                    o.cle for o in vs.occurrences(JOUR.date(), JOUR.date())
                    if o.division[1] == "3A" and personas["enseignant"] in o.enseignants and not o.annule
                )
                racine = portal.absolute_url()
                donnees = {
                    "region": region,
                    "logins": logins,
                    "chemins": {
                        "etab": f"/{etab}",
                        "classe": f"/{etab}/3a",
                        "espace": espace.absolute_url()[len(racine):],
                        "devoir": devoir.absolute_url()[len(racine):],
                        "cahier": espace["cahier-de-textes"].absolute_url()[len(racine):],
                    },
                    "eleve": eleve.id,
                    "cours": cours,
                    "matiere": matiere,
                    "secret": (eleve.nom, eleve.prenom),
                }
            finally:
                setRequest(None)
        donnees["file_d_attente"] = lire_file_d_attente(os.environ["CARTABLE_QUEUE_FILE"])
        return donnees


def lire_file_d_attente(fichier):
    """What the build left in its huey queue (SQLite): the jobs it queued after its commits (the import's
    space sync, the Devoir's notification) and the key/value store (job records, marks)."""
    import sqlite3

    with sqlite3.connect(fichier) as connexion:
        return {
            "kv": connexion.execute("SELECT key, value FROM kv ORDER BY key").fetchall(),
            "task": connexion.execute("SELECT data, priority FROM task ORDER BY priority DESC, id").fetchall(),
            "schedule": connexion.execute("SELECT data, timestamp FROM schedule ORDER BY id").fetchall(),
        }


def donner_le_mot_de_passe(personne):
    """The tests' password (``PASSWORD``) on a person of the directory, activated (no code left)."""
    from AuthEncoding import AuthEncoding

    personne.mot_de_passe = AuthEncoding.pw_encrypt(PASSWORD, "SSHA")
    personne.code_activation = None


def remettre_file_d_attente(huey, file_d_attente):
    """Put what the build queued back into ``huey`` (a test's queue, emptied before it): each test finds
    the queue as if it had built the region itself. The build's jobs are internal ones: their runner is
    registered on ``huey`` as the application registers it when it queues one, so they can be dequeued."""
    from cartable.core import periodique

    periodique.executeur(huey)
    stockage = huey.storage
    for cle, valeur in file_d_attente["kv"]:
        stockage.put_data(cle, valeur)
    for donnees, priorite in file_d_attente["task"]:
        stockage.enqueue(donnees, priorite)
    for donnees, moment in file_d_attente["schedule"]:
        stockage.add_to_schedule(donnees, datetime.fromtimestamp(moment))


def pedagogie_de_la_matrice(portal, annuaire, college, matiere):
    """The teacher's 3A course space (only it: the region's 265 are for the tests that sync them), with a
    published Devoir (committed)."""
    from plone import api

    from cartable.pedagogie import espaces

    with api.env.adopt_roles(["Manager"]):
        espace = espaces.creer_espace(portal[college["uai"].lower()]["3a"], "classe", "3A", matiere,
                                      espaces.libelle_matiere(annuaire, matiere))
        devoir = api.content.create(
            container=espace, type="Devoir", id="devoir-matrice", title="Devoir de la matrice",
            ouverture=datetime(2026, 11, 1, 8), echeance=datetime(2026, 12, 1, 18),
        )
        api.content.transition(obj=devoir, transition="publier")
    transaction.commit()
    return espace, devoir


CARTABLE_DEMO_FIXTURE = CartableDemoLayer()

CARTABLE_DEMO_INTEGRATION_TESTING = IntegrationTesting(
    bases=(CARTABLE_DEMO_FIXTURE,), name="CartableDemoLayer:IntegrationTesting"
)

CARTABLE_DEMO_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(CARTABLE_DEMO_FIXTURE, zope.WSGI_SERVER_FIXTURE), name="CartableDemoLayer:FunctionalTesting"
)
