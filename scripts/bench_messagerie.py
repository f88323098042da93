"""The messagerie at scale: an inbox of 10,000 messages and a conversation opened by 8 clients, then a message sent
to the 900 parents of an establishment in the background.

    .venv/bin/python scripts/bench_messagerie.py [--clients 8] [--duree 30] [--messages 10000] [--parents 900]
                                                 [--db postgresql://…] [--sans-envoi]

1. Creates a fresh instance (SQLite in a temporary folder, or ``--db``) with the demo region (``cartable-site``);
   in its database, as the messagerie stores them: ``--messages`` conversations received by the demo collège's CPE
   from its parents (one message each), one conversation of 30 messages between the CPE and a parent; enough
   synthetic legal responsables added to the collège's students for « Les parents de l'établissement » to count
   ``--parents`` people; the CPE and the direction given a known password; one ordinary Plone Document published at
   the site root — the reference page.
2. Serves it with one Zope process (``cartable-start --sans-worker``) and, with locust as a library, ``--clients``
   users logged in as the CPE through Plone's login form, one phase after the other (``--duree`` seconds each, no
   think time: capacity): (a) the reference: the stock authenticated view of that Document; (b) the CPE's inbox
   (``@@messagerie``: the newest 50 of the 10,000, with the unread count); (c) the conversation of 30 messages
   (``@@messagerie-conversation``). One table: requests, errors, req/s, p50/p95/p99 (ms); then, for each phase, the
   Zope process's CPU per request (user + system time from /proc over the phase) and the load average at its end.
3. Unless ``--sans-envoi``: starts one worker (``cartable-worker``, the instance's queue) and, as the direction, sends one message to
   « Les parents de l'établissement » of the collège, clicks twice (same Idempotency-Key), and reads the sender's
   progress until the last mailbox is filled: seconds from the click to the last mailbox. Then it reads the
   database: every parent expected has exactly one copy (0 duplicates, 0 missing, 0 extra), one conversation only.

Client, server and worker share the machine's cores: the client's CPU is part of what is measured, equally in every
phase.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from locust import FastHttpUser, constant, task  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_commun import BIN, DOCUMENT_REFERENCE, Mesures, connecter, imprimer, instance_demo  # noqa: E402
from charge_resultats import secondes_cpu  # noqa: E402

PASSWORD = "bench-messagerie-2026"

PREPARE = """
import sys, json, itertools, transaction
from pathlib import Path
from AuthEncoding import AuthEncoding
from plone import api
from zope.component.hooks import setSite
from cartable.ops.zope_app import open_app, close_app
from cartable.annuaire.registre import Personne
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.messagerie import envoi, personnes
from cartable.messagerie.registre import Conversation
from cartable.messagerie.stockage import messagerie_pour_ecrire
from cartable.regles import messagerie as regles
conf = Path(sys.argv[1]); hashed = AuthEncoding.pw_encrypt(sys.argv[2], "SSHA")
nombre_messages, parents_voulus = int(sys.argv[3]), int(sys.argv[4])
app = open_app(str(conf)); site = app["cartable"]; setSite(site)
annuaire = lire_annuaire(site)
college = next(s for s in annuaire.structures.values() if s.type == "CLG")
cpe = annuaire.personne(sorted(annuaire.membres_fonction(college.id, "EDU"))[0])
direction = annuaire.personne(sorted(annuaire.membres_fonction(college.id, "DIR"))[0])
for personne in (cpe, direction):
    personne.mot_de_passe = hashed
    personne.code_activation = None
groupe = regles.Groupe(regles.FAMILLES, college.id)

# synthetic legal responsables, one more per student of the collège in turn, up to the number of parents wanted
eleves = [annuaire.personne(i) for i in personnes.eleves_du_groupe(annuaire, groupe)]
eleves = [e for e in eleves if e is not None and e.actif and e.attributs.get("ENTElevePersRelEleve")]
ajoutes = 0
for n in itertools.count():
    if len(personnes.membres_groupe(annuaire, groupe)) >= parents_voulus or n >= 3 * len(eleves):
        break
    eleve = eleves[n % len(eleves)]
    ident = f"BENCH-P{n:05}"
    parent = Personne(ident, "PersRelEleve", {"sn": (f"Banc{n:05}",), "givenName": ("Parent",)})
    annuaire.personnes[ident] = parent
    annuaire.reindexer(parent, set())
    annuaire.compter("PersRelEleve", 1)
    avant = annuaire.entrees(eleve)
    attributs = dict(eleve.attributs)
    attributs["ENTElevePersRelEleve"] = tuple(attributs["ENTElevePersRelEleve"]) + (f"{ident}$90$0$1$0$0",)
    eleve.remplacer(attributs)
    annuaire.reindexer(eleve, avant)
    ajoutes += 1
    if ajoutes % 200 == 0:
        transaction.commit()
transaction.commit()
parents = personnes.membres_groupe(annuaire, groupe)

# the CPE's inbox: conversations received from the collège's parents, one message each, newest last
messagerie = messagerie_pour_ecrire(site)
for n in range(nombre_messages):
    auteur = annuaire.personne(parents[n % len(parents)])
    conversation = Conversation(messagerie.nouvel_id(), f"Question n° {n + 1} sur la vie de la classe", auteur.id,
                                horloge.maintenant())
    messagerie.conversations[conversation.id] = conversation
    envoi._deposer(messagerie, conversation, auteur, [cpe.id], "Bonjour, une question sur la semaine prochaine. " * 3, ())
    if n % 500 == 499:
        transaction.commit()
dernier_sujet = conversation.sujet
# one conversation of 30 messages between the CPE and a parent
parent = annuaire.personne(parents[0])
longue = Conversation(messagerie.nouvel_id(), "Suivi des absences de janvier", parent.id, horloge.maintenant())
messagerie.conversations[longue.id] = longue
for n in range(30):
    auteur, dest = (parent, cpe) if n % 2 == 0 else (cpe, parent)
    envoi._deposer(messagerie, longue, auteur, [dest.id], f"Message {n + 1} : " + "les absences de la semaine. " * 6, ())
transaction.commit()

""" + DOCUMENT_REFERENCE + """transaction.commit()
sortie = {"cpe": {"login": cpe.login, "nom": cpe.nom_complet}, "direction": {"login": direction.login, "nom": direction.nom_complet},
          "conversation": longue.id, "dernier_sujet": dernier_sujet, "structure": college.id, "parents": len(parents),
          "ajoutes": ajoutes, "boite": len(messagerie.boites[cpe.id].fils), "conf": str(conf)}
close_app(app)
print(json.dumps(sortie))
"""

VERIFIER = """
import sys, json, transaction
from zope.component.hooks import setSite
from cartable.ops.zope_app import open_app, close_app
from cartable.annuaire.stockage import lire_annuaire
from cartable.messagerie import personnes
from cartable.messagerie.stockage import lire_messagerie
from cartable.regles import messagerie as regles
app = open_app(sys.argv[1]); site = app["cartable"]; setSite(site)
conversation_id, structure, sujet = sys.argv[2], sys.argv[3], sys.argv[4]
annuaire = lire_annuaire(site)
messagerie = lire_messagerie(site)
conversation = messagerie.conversations[conversation_id]
message = conversation.chronologie()[0]
attendus = personnes.membres_groupe(annuaire, regles.Groupe(regles.FAMILLES, structure))
recus, copies_non_lues = [], 0
for ident, boite in messagerie.boites.items():
    fil = boite.fil(conversation_id)
    if fil is not None and fil.a_recu:
        recus.append(ident)
        copies_non_lues += list(fil.non_lus).count(message.id)
bilan = regles.bilan_distribution(attendus, recus)
bilan_liste = regles.bilan_distribution(message.destinataires, recus)
memes_sujets = sum(1 for c in messagerie.conversations.values() if c.sujet == sujet)
close_app(app)
print(json.dumps({"attendus": bilan["attendus"], "gardes": len(message.destinataires), "recus": bilan["recus"],
                  "doublons": len(bilan["doublons"]), "manquants": len(bilan["manquants"]), "en_trop": len(bilan["en_trop"]),
                  "liste_gardee_conforme": not (bilan_liste["doublons"] or bilan_liste["manquants"] or bilan_liste["en_trop"]),
                  "copies_non_lues": copies_non_lues, "conversations_de_ce_sujet": memes_sujets}))
"""

PHASES = ("(a) Document Plone (référence)", "(b) boîte de réception (10 000 conversations)", "(c) conversation de 30 messages")


def nommer_phases(messages):
    global PHASES
    PHASES = (PHASES[0], f"(b) boîte de réception ({messages:,} conversations)".replace(",", " "), PHASES[2])


def utilisateurs(prepare: dict, site_path: str, mesures: Mesures, clients: int):
    cpe = prepare["cpe"]

    class Lecteur(FastHttpUser):
        wait_time = constant(0)
        fixed_count = clients

        def on_start(self):
            connecter(self.client, site_path, cpe["login"], PASSWORD)
            for chemin in ("reference", "@@messagerie", f"@@messagerie-conversation?id={prepare['conversation']}"):
                self.client.get(f"{site_path}/{chemin}", headers={"Accept": "text/html"}, name="echauffement")

        @task
        def lire(self):
            phase = mesures.phase
            if phase is None:
                gevent.sleep(0.05)
                return
            if phase == PHASES[0]:
                chemin, attendu = "reference", "Informations pratiques"
            elif phase == PHASES[1]:
                chemin, attendu = "@@messagerie", prepare["dernier_sujet"]
            else:
                chemin, attendu = f"@@messagerie-conversation?id={prepare['conversation']}", "Message 30 :"
            with self.client.get(f"{site_path}/{chemin}", headers={"Accept": "text/html"}, name=phase,
                                 catch_response=True) as reponse:
                if reponse.status_code != 200:
                    reponse.failure(f"HTTP {reponse.status_code}")
                elif attendu not in (reponse.text or ""):
                    reponse.failure("page sans le contenu attendu")

    return [Lecteur]


def mesurer(host, classes, mesures, clients, duree, echauffement, pid):
    """Each phase for ``duree`` seconds after the warm-up (as bench_commun.mesurer), with the Zope process's CPU
    seconds (user + system, /proc) over each phase and the load average at its end
    → ({phase: duration}, {phase: CPU seconds}, {phase: load average})."""
    from locust import events
    from locust.env import Environment

    env = Environment(user_classes=classes, host=host, events=events, catch_exceptions=True)
    env.events.request.add_listener(mesures.noter)
    runner = env.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    gevent.sleep(echauffement)
    durees, cpu, charge = {}, {}, {}
    for phase in mesures.phases:
        mesures.phase = phase
        debut, cpu_debut = time.monotonic(), secondes_cpu(pid)
        gevent.sleep(duree)
        durees[phase] = time.monotonic() - debut
        cpu[phase] = (secondes_cpu(pid) or 0) - (cpu_debut or 0)
        charge[phase] = os.getloadavg()[0]
        mesures.phase = None
        gevent.sleep(1)  # the requests in flight finish outside any phase
    runner.quit()
    for erreur in runner.exceptions.values():  # a user that could not log in or warm up measures nothing
        print(f"exception ×{erreur['count']} : {erreur['msg']}", file=sys.stderr)
    return durees, cpu, charge


def envoyer_a_tous(host, conf, prepare, delai_max=900):
    """The direction's click (twice, one key) to « Les parents de l'établissement », the worker filling the
    mailboxes, the sender's progress read until the last one; then the database checked."""
    var = Path(conf).parent.parent / "var"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")}, "CARTABLE_VAR": str(var)}
    journal = var / "worker-bench.log"
    with open(journal, "w") as sortie:
        worker = subprocess.Popen([str(BIN / "cartable-worker"), "--zope-conf", str(conf), "--workers", "1"], env=env,
                                  stdout=sortie, stderr=subprocess.STDOUT)
    try:
        for _ in range(240):
            if "worker ready" in journal.read_text(errors="replace"):
                break
            time.sleep(0.5)
        else:
            raise RuntimeError("le worker n'a pas démarré : " + journal.read_text(errors="replace")[-2000:])
        session = requests.Session()
        session.auth = (prepare["direction"]["login"], PASSWORD)
        session.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
        sujet = f"Réunion parents-professeurs ({uuid.uuid4().hex[:6]})"
        corps = {"sujet": sujet, "texte": "Madame, Monsieur, la réunion parents-professeurs aura lieu jeudi à 18 h.",
                 "destinataires": [], "groupes": [f"familles:{prepare['structure']}:"]}
        cle = uuid.uuid4().hex
        clic = time.monotonic()
        premier = session.post(f"{host}/cartable/@messagerie-envoyer", json=corps, headers={"Idempotency-Key": cle}, timeout=300)
        reponse_s = time.monotonic() - clic
        second = session.post(f"{host}/cartable/@messagerie-envoyer", json=corps, headers={"Idempotency-Key": cle}, timeout=300)
        if premier.status_code != 200 or second.json() != premier.json():
            raise RuntimeError(f"envoi : {premier.status_code} {premier.text[:300]} / {second.text[:300]}")
        conversation = premier.json()["conversation"]
        etat, lectures = None, 0
        while time.monotonic() - clic < delai_max:
            vu = session.get(f"{host}/cartable/@messagerie-conversation/{conversation}", timeout=60).json()
            etat = vu["messages"][0]["envoi"]
            lectures += 1
            if etat and etat["termine"]:
                break
            time.sleep(0.2)
        dernier = time.monotonic() - clic
        if not (etat and etat["termine"]):
            raise RuntimeError(f"envoi inachevé après {delai_max} s : {etat}")
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    verifie = subprocess.run([sys.executable, "-c", VERIFIER, str(conf), conversation, prepare["structure"], sujet],
                             env=env, check=True, capture_output=True, text=True)
    bilan = json.loads(verifie.stdout.strip().splitlines()[-1])
    return {"destinataires": premier.json()["destinataires"], "reponse_s": reponse_s, "dernier_s": dernier,
            "lectures": lectures, **bilan}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duree", type=float, default=30, help="seconds per phase")
    parser.add_argument("--messages", type=int, default=10_000, help="conversations in the CPE's inbox")
    parser.add_argument("--parents", type=int, default=900, help="parents of the collège (synthetic ones added)")
    parser.add_argument("--db", help="postgresql://… (an empty database); default: SQLite in a temporary folder")
    parser.add_argument("--port", type=int, default=8198)
    parser.add_argument("--sans-envoi", action="store_true", help="the pages only, not the sending to the parents")
    args = parser.parse_args(argv)
    nommer_phases(args.messages)
    mesures = Mesures(PHASES)
    with instance_demo("cartable-bench-messagerie-", args.port, args.db, PREPARE, PASSWORD, str(args.messages),
                       str(args.parents), annonce=f"préparation : région de démonstration, {args.messages} messages, "
                                                  f"{args.parents} parents…", pid=True) as (host, prepare, pid):
        print(f"préparé : {json.dumps(prepare, ensure_ascii=False)}", file=sys.stderr, flush=True)
        print(f"mesure : {args.clients} clients, {len(PHASES)} phases de {args.duree:.0f} s…", file=sys.stderr, flush=True)
        durees, cpu, charge = mesurer(host, utilisateurs(prepare, "/cartable", mesures, args.clients), mesures,
                                      args.clients, args.duree, echauffement=15, pid=pid)
        envoi = None
        if not args.sans_envoi:
            print("envoi aux parents de l'établissement…", file=sys.stderr, flush=True)
            envoi = envoyer_a_tous(host, prepare["conf"], prepare)
    base = "PostgreSQL" if args.db else "SQLite"
    code = imprimer(f"Messagerie benchmark — the demo collège's CPE, an inbox of {prepare['boite']} conversations, "
                    f"{args.clients} clients, {args.duree:.0f} s per phase, 1 Zope process, {base}, {os.cpu_count()} cores",
                    mesures, durees)
    for phase in PHASES:
        nombre = sum(1 for r in mesures.requetes if r.scenario == phase)
        print(f"{phase} : server CPU {1000 * cpu[phase] / max(nombre, 1):.1f} ms per request (Zope process, /proc), "
              f"load average {charge[phase]:.2f} at the phase's end")
    if envoi is None:
        return code
    print(f"\nSending to « Les parents de l'établissement » ({envoi['destinataires']} parents, "
          f"{prepare['ajoutes']} of them synthetic), 1 worker:")
    print("| measure | value |\n| --- | --- |")
    print(f"| the click's answer (the list expanded and kept, the job queued) | {envoi['reponse_s']:.2f} s |")
    print(f"| from the click to the last mailbox (the sender's progress read every 0.2 s) | {envoi['dernier_s']:.1f} s |")
    print(f"| parents expected / recipient list kept / mailboxes holding it | {envoi['attendus']} / {envoi['gardes']} / {envoi['recus']} |")
    print(f"| duplicates / missing / extra | {envoi['doublons']} / {envoi['manquants']} / {envoi['en_trop']} |")
    print(f"| conversations sent for two clicks with one key | {envoi['conversations_de_ce_sujet']} |")
    ok = (envoi["doublons"] == envoi["manquants"] == envoi["en_trop"] == 0 and envoi["recus"] == envoi["attendus"]
          and envoi["conversations_de_ce_sujet"] == 1 and envoi["copies_non_lues"] == envoi["attendus"])
    print("check: " + ("0 duplicates, 0 missing — OK" if ok else "FAILED"))
    return code or (0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
