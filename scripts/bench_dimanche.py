"""Sunday evening as the families make it, replayed from the browser: log in, Mon bureau, the agenda, a Devoir, the notes.

    .venv/bin/python scripts/bench_dimanche.py [--clients 8] [--duree 30] [--personnes 60] [--db postgresql://…] [--par-etape]

1. Creates a fresh instance (SQLite in a temporary folder, or ``--db``) with the demo region (``cartable-site``:
   loaded for the server's day, Paris time), gives ``--personnes`` students of the demo collège — each with a
   published Devoir in their class's space and a published mark — and a legal responsable of each a known
   password, and publishes one ordinary Plone Document at the site root — the reference page.
2. Serves it with one Zope process (``cartable-start --sans-worker``) and, with locust as a library, ``--clients``
   people (students and parents alternating) who, with no think time, do what they do on Sunday evening in the
   browser (static resources are cached by a browser: not fetched):
   (1) the login form and its POST (Plone's ``__ac`` session cookie; a new session each journey);
   (2) Mon bureau, where they land;
   (3) the agenda (``@@agenda?eleve=``: a parent reads their child's);
   (4) a student: a Devoir of the coming week (its page, then their hand-in, ``@rendu``, as devoir.js reads it); a
       parent reads the homework in the agenda — the Devoir's page answers them « Accès refusé » — and skips it;
   (5) the notes: ``@@mes-notes?eleve=`` in the child's establishment, then ``@notes-eleve`` for the period the
       page opens, as mes_notes.js does.
   Then, as the reference in the same run, the same clients read the stock authenticated view of the Document.
3. Prints one line per request (requests, errors, req/s, p50/p95/p99 ms), the journeys per second, the conflicts
   and the **server's CPU per journey** (user + system time of the Zope process from /proc over the phase, divided
   by the journeys completed: steadier than latencies on a shared machine), next to the Document view's CPU per
   request, and the load average. Nothing is asserted.
4. With ``--par-etape``, then each step alone for ``--duree`` seconds (each client logged in once): its
   throughput against the Document view's, its latencies and its server CPU — the figures the issue's target
   (home page and agenda ≥ 5× the Document view's throughput, p99 < 300 ms at 8 clients) is read on.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_commun import DOCUMENT_REFERENCE, Parcoureur, Releve, imprimer_parcours, instance_demo, lire, mesurer_parcours  # noqa: E402

PASSWORD = "bench-dimanche-2026"

PREPARE = """
import sys, json, transaction
from AuthEncoding import AuthEncoding
from plone import api
from zope.component.hooks import setSite
from cartable.core import horloge
from cartable.ops.zope_app import open_app, close_app
from cartable.annuaire.stockage import lire_annuaire
from cartable.demo.pedagogie import espaces_de_classe
from cartable.notes.stockage import lire_carnet
from cartable.regles.periode_notes import periodes_avec_notes
app = open_app(sys.argv[1]); site = app["cartable"]; setSite(site)
annuaire = lire_annuaire(site)
hashed = AuthEncoding.pw_encrypt(sys.argv[2], "SSHA")
wanted = int(sys.argv[3])
college = next(s for s in annuaire.structures.values() if s.type == "CLG")
etab = site[college.uai.lower()]
carnet = lire_carnet(etab)
periodes = sorted(carnet.periodes.values(), key=lambda p: p["du"]) if carnet is not None else []
jour = horloge.aujourd_hui()  # the server's day (Paris), not the machine's
devoirs = {}  # division → the path of a published Devoir of the class still to hand in
for espace in espaces_de_classe(etab):
    for devoir in espace.objectValues():
        if devoir.portal_type == "Devoir" and api.content.get_state(devoir) == "publie" and devoir.echeance.date() >= jour:
            devoirs.setdefault(espace.division, "/".join(devoir.getPhysicalPath()))
eleves, parents = [], []
for code in sorted(annuaire.divisions_de(college.id, "classe")):
    if code not in devoirs:
        continue
    for ident in sorted(annuaire.eleves(college.id, code)):
        if len(eleves) >= wanted:
            break
        eleve = annuaire.personne(ident)
        legaux = [l.personne for l in eleve.responsables if l.representant_legal]
        if not legaux or carnet is None or not periodes_avec_notes(carnet, eleve, college.id, periodes):
            continue
        parent = annuaire.personne(legaux[0])
        for personne in (eleve, parent):
            personne.mot_de_passe = hashed
            personne.code_activation = None
        commun = {"eleve": eleve.id, "devoir": devoirs[code]}
        eleves.append({"login": eleve.login, "nom": eleve.nom_complet, "role": "eleve", **commun})
        parents.append({"login": parent.login, "nom": parent.nom_complet, "role": "parent", **commun})
""" + DOCUMENT_REFERENCE + """transaction.commit(); close_app(app)
print(json.dumps({"etab": college.uai.lower(), "eleves": eleves, "parents": parents, "jour": jour.isoformat(),
                  "classes": len(devoirs)}))
"""

ETAPES = ("(1) connexion", "(2) Mon bureau", "(3) agenda", "(4) devoir", "(5) notes")
NOMS = (ETAPES[0], ETAPES[1], ETAPES[2], "(4) page du devoir", "(4) GET @rendu", "(5) page @@mes-notes", "(5) GET @notes-eleve")
PERIODE = re.compile(r'data-periode="([^"]*)"')


def utilisateurs(donnees, releve: Releve, clients: int):
    personnes = [p for paire in zip(donnees["eleves"], donnees["parents"]) for p in paire]  # students and parents alternate

    class Famille(Parcoureur):
        fixed_count = clients
        comptes = personnes
        mot_de_passe = PASSWORD
        etapes = ETAPES

        def faire(self, etape, client):
            moi, site = self.moi, self.site_path
            if etape == ETAPES[1]:
                lire(client, site, etape, attendu=moi["nom"])
            elif etape == ETAPES[2]:
                lire(client, f"{site}/@@agenda", etape, attendu="data-travail", params={"eleve": moi["eleve"]})
            elif etape == ETAPES[3]:
                if moi["role"] != "eleve":  # a parent reads the homework in the agenda: the Devoir's page is refused to them
                    return False
                if lire(client, moi["devoir"], NOMS[3], attendu='id="devoir'):
                    lire(client, f"{moi['devoir']}/@rendu", NOMS[4], accept="application/json")
            else:
                etab = f"{site}/{donnees['etab']}"
                page = lire(client, f"{etab}/@@mes-notes", NOMS[5], attendu='id="mes-notes"', params={"eleve": moi["eleve"]})
                periode = PERIODE.search(page)
                if periode:
                    lire(client, f"{etab}/@notes-eleve", NOMS[6], accept="application/json",
                         params={"eleve": moi["eleve"], "periode": periode.group(1)})

    Famille.releve = releve
    return [Famille]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="people at once (students and parents alternating)")
    parser.add_argument("--duree", type=float, default=30, help="seconds per phase")
    parser.add_argument("--personnes", type=int, default=60, help="students of the demo collège given a password (and a parent each)")
    parser.add_argument("--db", help="postgresql://… (an empty database); default: SQLite in a temporary folder")
    parser.add_argument("--port", type=int, default=8196)
    parser.add_argument("--journal", help="a folder where the server's logs are copied when it stops")
    parser.add_argument("--par-etape", action="store_true",
                        help="then each step alone for --duree seconds: its throughput, latencies and server CPU")
    args = parser.parse_args(argv)
    releve = Releve()
    etapes = ETAPES if args.par_etape else ()
    with instance_demo("cartable-bench-dimanche-", args.port, args.db, PREPARE, PASSWORD, args.personnes,
                       annonce="préparation : région de démonstration, comptes des élèves et des parents…", pid=True,
                       journal=args.journal) as (host, donnees, pid):
        if not donnees["eleves"]:
            print("aucun élève avec un devoir et une note publiée dans la région de démonstration", file=sys.stderr)
            return 1
        print(f"mesure : {args.clients} clients, {2 + len(etapes)} phases de {args.duree:.0f} s…", file=sys.stderr, flush=True)
        resultats = mesurer_parcours(host, utilisateurs(donnees, releve, args.clients), releve, args.clients, args.duree, pid,
                                     reference=Parcoureur.reference, etapes=etapes)
    base = "PostgreSQL" if args.db else "SQLite"
    code = os.environ.get("PYTHONPATH") or "this checkout"
    return imprimer_parcours(
        f"Sunday-evening benchmark — demo collège, {len(donnees['eleves'])} students and {len(donnees['parents'])} parents "
        f"(server's day {donnees['jour']}), {args.clients} clients, {args.duree:.0f} s per phase, 1 Zope process, {base}, "
        f"code: {code}", resultats, NOMS, reference=Parcoureur.reference, etapes=etapes)


if __name__ == "__main__":
    sys.exit(main())
