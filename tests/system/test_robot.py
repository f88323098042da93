"""Robot Framework suites of robot-tests/, in headless Debian Chromium, against a real instance.

Robot runs through its own entry point (``python -m robot``); its console output
is shown in the pytest output so that the suite names appear in the CI log.
A suite may need variables prepared here and checks made afterwards (PREPARE).

Every suite gets the server's moment instead of the real clock: MAINTENANT (the
session's clock when the suite starts, naive Paris time, see conftest.py) and
MAINTENANT_A (time.monotonic() then: one clock for every process of the
machine, untouched by a test that moves the real time), from which resources/cartable.resource's
« Heure du serveur » tells the server's time at any point of the suite.
"""

import re
import shutil
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import requests

from tests.system.conftest import JOUR, MOMENT, moment

REPO = Path(__file__).resolve().parents[2]
SUITES = sorted(p.stem for p in (REPO / "robot-tests").glob("*.robot"))
JSON = {"Accept": "application/json"}
TEACHER = ("david.mathieu", "cartable-demo")
CPE = ("samia.duval", "cartable-demo")
DIRECTION = ("stephane.lemoine", "cartable-demo")
COLLEGE = "0139101x"
END_OF_DEMO_YEAR = date(2027, 7, 3)


def prepare_appel(instance):
    """A course of the demo teacher on the session's day (a teacher takes the registers of the day only, the
    vie scolaire corrects earlier ones); afterwards, its register holds each mark exactly once."""
    etab = f"{instance.url}/{COLLEGE}"
    items = requests.get(
        f"{etab}/@emploi-du-temps?du={JOUR.isoformat()}&au={JOUR.isoformat()}", headers=JSON, auth=TEACHER, timeout=60,
    ).json()["items"]
    courses = [i for i in items if not i["annule"]]
    assert courses, "the demo teacher has no course on the session's day"
    cle = courses[0]["cle"]

    def verify():
        register = requests.get(f"{etab}/@appel/{cle}", headers=JSON, auth=CPE, timeout=60).json()
        absents = [e["id"] for e in register["eleves"] if e["marque"] == {"type": "absence"}]
        assert absents == [e["id"] for e in register["eleves"][:3]]
        journal = [(j["eleve"], j["apres"]) for j in register["journal"]]
        assert sorted(journal) == sorted((e, {"type": "absence"}) for e in absents)  # each mark saved exactly once

    return {"APPEL_URL": f"{etab}/@@appel?cle={cle}"}, verify


def prepare_vie_scolaire(instance):
    """Afterwards: the declaration was treated by the second CPE, and the parent sees it accepted."""
    etab = f"{instance.url}/{COLLEGE}"

    def verify():
        profil = requests.get(f"{instance.url}/@mon-profil", headers=JSON, auth=("david.lecomte", "cartable-demo"), timeout=60).json()
        eleve = profil["enfants"][0]["id"]
        items = requests.get(f"{etab}/@declarations?eleve={eleve}", headers=JSON, auth=("david.lecomte", "cartable-demo"), timeout=60).json()["items"]
        # this suite's declaration (absences_famille, on the same child, leaves its own)
        items = [d for d in items if d.get("commentaire") == "Grippe, certificat à venir"]
        assert [(d["statut"], d["traitee_par"], d["motif"]["code"]) for d in items] == [("acceptee", "sophie.dufour", "MAL")]
        assert MOMENT <= datetime.fromisoformat(items[0]["traitee_le"]) <= moment()  # stamped by the server's clock

    return {}, verify


def prepare_saisie_notes(instance):
    """Two new evaluations of the demo teacher in 3A, in a period open on the session's day; afterwards each of
    the 30 marks is on the server with exactly one journal entry, and both appreciations."""
    etab = f"{instance.url}/{COLLEGE}"
    aujourd_hui = JOUR
    periodes = requests.get(f"{etab}/@periodes", headers=JSON, auth=DIRECTION, timeout=60).json()["items"]
    courante = next((p for p in periodes if p["du"] <= aujourd_hui.isoformat() <= p["au"]), None)
    if courante is None:  # a session's day outside the demo school year
        courante = {"code": "R", "libelle": "Période du test", "du": aujourd_hui.isoformat(),
                    "au": (aujourd_hui + timedelta(days=30)).isoformat()}
        periodes.append(courante)
    courante["cloture"] = None  # open to the teacher whatever the day
    assert requests.post(f"{etab}/@periodes", json={"periodes": periodes}, headers=JSON, auth=DIRECTION, timeout=60).status_code == 200
    page = requests.get(f"{etab}/@@saisie-notes", auth=TEACHER, timeout=60).text
    matiere = re.search(r'value="3A\|(\w+)"', page).group(1)
    ids = []
    for titre in ("Robot A", "Robot B"):
        body = {"division": "3A", "matiere": matiere, "periode": courante["code"], "titre": titre, "date": aujourd_hui.isoformat()}
        ids.append(requests.post(f"{etab}/@evaluations", json=body, headers=JSON, auth=TEACHER, timeout=60).json()["id"])
    query = f"division=3A&matiere={matiere}&periode={courante['code']}"

    def verify():
        grille = requests.get(f"{etab}/@saisie-notes?{query}", headers=JSON, auth=DIRECTION, timeout=60).json()
        eleves = [e["id"] for e in grille["eleves"]]
        for colonne, ident in enumerate(ids):
            saisies = grille["saisies"][ident]
            attendu = {eleves[ligne]: f"{(ligne * 3 + colonne) % 20},5" for ligne in range(15)}
            assert {e: v["valeur"] for e, v in saisies.items()} == attendu
            assert {v["par"] for v in saisies.values()} == {TEACHER[0]}
            evaluation = next(e for e in grille["evaluations"] if e["id"] == ident)
            assert evaluation["modifications"] == 15  # typed once, saved once
        assert [grille["appreciations"][e]["texte"] for e in eleves[:2]] == [
            "Participation active, bons résultats.", "Doit revoir les fractions."]

    return {"GRILLE_URL": f"{etab}/@@saisie-notes?{query}", "EVAL_A": ids[0], "EVAL_B": ids[1]}, verify


def prepare_notes_parent(instance):
    """A student of the parent's child's class from another family: the parent must not get their grades page."""
    parent = ("david.lecomte", "cartable-demo")
    enfants = requests.get(f"{instance.url}/@mon-profil", headers=JSON, auth=parent, timeout=60).json()["enfants"]
    enfant = next(e for e in enfants if COLLEGE in {s["uai"].lower() for s in e["etablissements"]})
    college = next(s["id"] for s in enfant["etablissements"] if s["uai"].lower() == COLLEGE)
    classe = next(c["code"] for c in enfant["classes"] if c["etablissement"] == college)
    eleves = requests.get(f"{instance.url}/{COLLEGE}/{classe.lower()}/@annuaire-classe", headers=JSON, auth=DIRECTION,
                          timeout=60).json()["eleves"]
    autre = next(e for e in eleves if e["id"] not in {x["id"] for x in enfants})
    return {"AUTRE_ELEVE": autre["id"], "AUTRE_NOM": f"{autre['prenom']} {autre['nom']}"}, None


def prepare_gestion_edt(instance):
    """A week of the demo year with a course of 3A (the next one from the session's day when the year is on);
    afterwards that course is cancelled with the suite's motive, journaled by the direction, and the
    dry run wrote nothing."""
    etab = f"{instance.url}/{COLLEGE}"
    lundi = max(JOUR, date(2026, 9, 7))
    lundi = lundi + timedelta(days=7 - lundi.weekday())
    if lundi > END_OF_DEMO_YEAR - timedelta(days=5):
        lundi = date(2026, 11, 16)

    def semaine(debut):
        return requests.get(f"{etab}/@emploi-du-temps?division=3A&du={debut.isoformat()}&au={(debut + timedelta(days=5)).isoformat()}",
                            headers=JSON, auth=DIRECTION, timeout=60).json()["items"]

    for _ in range(8):  # a week of holidays: the next one
        cours = next((i for i in semaine(lundi) if not i["annule"]), None)
        if cours is not None:
            break
        lundi += timedelta(days=7)
    assert cours is not None, "3A has no course in the eight weeks from " + lundi.isoformat()

    def verify():
        (apres,) = [i for i in semaine(lundi) if i["cle"] == cours["cle"]]
        assert apres["annule"] is True and apres["motif"] == "Sortie pédagogique"
        journal = requests.get(f"{etab}/@emploi-du-temps-journal", headers=JSON, auth=DIRECTION, timeout=60).json()["items"]
        # the journal's entries on that course (edt_semaine moves another course of 3A in the same instance)
        assert [(e["action"], e["qui"]) for e in journal if (e.get("apres") or {}).get("cle") == cours["cle"]] == [("annuler", DIRECTION[0])]
        assert "import" not in [e["action"] for e in journal]  # the dry run wrote nothing

    return {"LUNDI": lundi.isoformat(), "COURS": cours["cle"]}, verify


def prepare_statistiques(instance):
    """Two declarations to treat, of a 3A and a 3B student (not the vie_scolaire suite's family), for the
    « mes classes » filter of the desk; afterwards the suite has refused both and kept 3A as the CPE's class."""
    etab = f"{instance.url}/{COLLEGE}"
    commentaire = "Déclaration de la suite statistiques"
    famille = {e["id"] for e in requests.get(f"{instance.url}/@mon-profil", headers=JSON, auth=("david.lecomte", "cartable-demo"),
                                              timeout=60).json()["enfants"]}
    noms = {}
    for classe in ("3A", "3B"):
        eleves = requests.get(f"{etab}/{classe.lower()}/@annuaire-classe", headers=JSON, auth=CPE, timeout=60).json()["eleves"]
        eleve = next(e for e in eleves if e["id"] not in famille)
        noms[classe] = f"{eleve['prenom']} {eleve['nom']}"
        declaree = requests.post(f"{etab}/@declarations", headers=JSON, auth=CPE, timeout=60, json={
            "eleve": eleve["id"], "du": "2026-11-19", "au": "2026-11-19", "motif": "MAL", "commentaire": commentaire})
        assert declaree.status_code == 201, declaree.text
        assert MOMENT <= datetime.fromisoformat(declaree.json()["declaree_le"]) <= moment()  # the server's clock is the session's

    def verify():
        a_traiter = requests.get(f"{etab}/@declarations?statut=a_traiter", headers=JSON, auth=CPE, timeout=60).json()["items"]
        assert [d for d in a_traiter if d["commentaire"] == commentaire] == []
        assert requests.get(f"{etab}/@mes-classes", headers=JSON, auth=CPE, timeout=60).json()["classes"] == ["3A"]

    return {"ELEVE_3A": noms["3A"], "ELEVE_3B": noms["3B"], "COMMENTAIRE": commentaire}, verify


def prepare_conseil(instance):
    """Afterwards the first student of 3A (the screen's first row) has, on the server, the suite's mention and avis."""
    etab = f"{instance.url}/{COLLEGE}"

    def verify():
        ecran = requests.get(f"{etab}/@conseil?division=3A&periode=T1", headers=JSON, auth=DIRECTION, timeout=120).json()
        premier = ecran["eleves"][0]
        assert (premier["mention"], premier["avis"]) == ("felicitations", "Robot : excellent trimestre, à poursuivre.")

    return {}, verify


def prepare_devoirs(instance):
    """A second 3A student activates their account (the direction's codes); a PDF to attach and one to hand in.
    Afterwards the marking table holds both hand-ins, restituted with their marks, the second one late."""
    import csv
    import io
    import tempfile

    classe = f"{instance.url}/{COLLEGE}/3a"
    lignes = list(csv.reader(io.StringIO(requests.get(f"{classe}/@@codes-activation", auth=DIRECTION, timeout=60).text.lstrip("\ufeff")),
                             delimiter=";"))
    eleve2 = next(dict(zip(lignes[0], l)) for l in lignes[1:] if l[4] == "Eleve" and l[6])
    mot_de_passe = "robot-devoirs-2026"
    activation = requests.post(f"{instance.url}/@activation", headers=JSON, timeout=60,
                               json={"login": eleve2["identifiant"], "code": eleve2["code_activation"], "new_password": mot_de_passe})
    assert activation.status_code == 200, activation.text
    dossier = Path(tempfile.mkdtemp(prefix="robot-devoirs-"))
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    (dossier / "consignes.pdf").write_bytes(pdf)
    (dossier / "copie.pdf").write_bytes(pdf)

    def verify():
        devoir = next(
            d for d in requests.get(f"{classe}/francais?fullobjects=1", headers=JSON, auth=TEACHER, timeout=60).json()["items"]
            if d["title"] == "Rédaction : mon quartier (robot)")
        table = requests.get(f"{devoir['@id']}/@correction", headers=JSON, auth=TEACHER, timeout=60).json()["lignes"]
        remis = sorted((l["etat"], l["en_retard"], l["note"]) for l in table if l["etat"])
        assert remis == [("restitue", False, "15,5"), ("restitue", True, "11")], remis

    return {"ELEVE2": eleve2["identifiant"], "ELEVE2_MDP": mot_de_passe, "PIECE": dossier / "consignes.pdf",
            "RENDU": dossier / "copie.pdf"}, verify


def prepare_agenda_parent(instance):
    """The parent's child's classmate from another family: their agenda must be refused to the parent."""
    variables, _ = prepare_notes_parent(instance)
    return variables, None


def prepare_espace_cours(instance):
    """A Devoir of the 3A French space expecting an online text, published by the teacher (REST), due four days
    after the session's day, and one expecting a file and a text, with a refused file to pick; afterwards the demo
    student's hand-in of the first holds the text the suite typed, handed in."""
    import tempfile

    espace = f"{instance.url}/{COLLEGE}/3a/francais"
    titre = "Mon quartier en ligne (robot espace)"
    texte = "Mon quartier a une boulangerie et un parc."
    corps = {"@type": "Devoir", "title": titre, "fichiers_attendus": False, "texte_attendu": True,
             "ouverture": f"{(JOUR - timedelta(days=1)).isoformat()}T08:00", "echeance": f"{(JOUR + timedelta(days=4)).isoformat()}T18:00"}
    cree = requests.post(espace, json=corps, headers=JSON, auth=TEACHER, timeout=60)
    assert cree.status_code == 201, cree.text
    devoir = cree.json()["@id"]
    assert requests.post(f"{devoir}/@workflow/publier", headers=JSON, auth=TEACHER, timeout=60).status_code == 200
    # a second one expecting a file and a text: the suite picks a refused file beside its text
    fichier = requests.post(espace, json={**corps, "title": "Exposé avec un fichier (robot espace)", "fichiers_attendus": True},
                            headers=JSON, auth=TEACHER, timeout=60).json()["@id"]
    assert requests.post(f"{fichier}/@workflow/publier", headers=JSON, auth=TEACHER, timeout=60).status_code == 200
    refuse = Path(tempfile.mkdtemp(prefix="robot-espace-")) / "programme.exe"
    refuse.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)

    def verify():
        lignes = requests.get(f"{devoir}/@correction", headers=JSON, auth=TEACHER, timeout=60).json()["lignes"]
        remis = [(l["etat"], l["texte"]) for l in lignes if l["etat"] not in (None, "", "non rendu")]
        assert remis == [("remis", texte)], remis

    return {"ESPACE": espace, "DEVOIR_TITRE": titre, "TEXTE": texte, "REFUSE": refuse}, verify


def prepare_notes_devoir(instance):
    """A Devoir of the 3A French space due tomorrow (in the open period), handed in by the demo student (REST);
    the suite marks and restitutes it in the browser. Afterwards the grade book holds one evaluation of that
    Devoir, published, with that one mark, saved once."""
    import base64

    eleve = ("aaron.lecomte", "cartable-demo")
    espace = f"{instance.url}/{COLLEGE}/3a/francais"
    titre = "Exposé : un métier (robot)"
    devoir = requests.post(espace, json={
        "@type": "Devoir", "title": titre, "ouverture": (MOMENT - timedelta(days=1)).isoformat(timespec="minutes"),
        "echeance": (MOMENT + timedelta(days=1)).replace(hour=18, minute=0).isoformat(timespec="minutes"), "bareme": 20,
    }, headers=JSON, auth=TEACHER, timeout=60)
    assert devoir.status_code == 201, devoir.text
    url = devoir.json()["@id"]
    assert requests.post(f"{url}/@workflow/publier", headers=JSON, auth=TEACHER, timeout=60).status_code == 200
    pdf = base64.b64encode(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").decode()
    rendu = requests.post(f"{url}/@rendu", json={"fichiers": [{"nom": "expose.pdf", "contenu": pdf}], "remettre": True},
                          headers=JSON, auth=eleve, timeout=60)
    assert rendu.status_code == 200, rendu.text
    lignes = requests.get(f"{url}/@correction", headers=JSON, auth=TEACHER, timeout=60).json()["lignes"]
    eleve_id = next(l["eleve"] for l in lignes if l["etat"] == "remis")
    matiere = requests.get(espace, headers=JSON, auth=TEACHER, timeout=60).json()["matiere"]
    etab = f"{instance.url}/{COLLEGE}"
    periodes = requests.get(f"{etab}/@periodes", headers=JSON, auth=DIRECTION, timeout=60).json()["items"]
    periode = next(p["code"] for p in periodes if p["du"] <= JOUR.isoformat() <= p["au"])
    query = f"division=3A&matiere={matiere}&periode={periode}"

    def verify():
        grille = requests.get(f"{etab}/@saisie-notes?{query}", headers=JSON, auth=DIRECTION, timeout=60).json()
        colonnes = [e for e in grille["evaluations"] if e["titre"] == titre]
        assert len(colonnes) == 1 and colonnes[0]["publiee"] and colonnes[0]["devoir"], colonnes
        assert {e: v["valeur"] for e, v in grille["saisies"][colonnes[0]["id"]].items()} == {eleve_id: "13,5"}
        assert colonnes[0]["modifications"] == 1  # restituted once, sent once

    return {"DEVOIR_URL": url, "ELEVE_ID": eleve_id, "TITRE": titre, "GRILLE_URL": f"{etab}/@@saisie-notes?{query}"}, verify


def prepare_absences_famille(instance):
    """A morning course of the session's day, taken by the demo teacher, with the parent's child in it and another
    student; afterwards the child's absence there is justified (the parent's half-day declaration accepted by the
    second CPE) and only it: the other student's absence of the same course has no motive; a third student's
    lateness, chosen inline, is 10 minutes."""
    etab = f"{instance.url}/{COLLEGE}"
    parent = ("david.lecomte", "cartable-demo")
    enfants = requests.get(f"{instance.url}/@mon-profil", headers=JSON, auth=parent, timeout=60).json()["enfants"]
    enfant = next(e for e in enfants if COLLEGE in {s["uai"].lower() for s in e["etablissements"]})
    jour = JOUR.isoformat()
    du_cours = requests.get(f"{etab}/@emploi-du-temps?eleve={enfant['id']}&du={jour}&au={jour}", headers=JSON, auth=CPE,
                            timeout=60).json()["items"]
    du_prof = requests.get(f"{etab}/@emploi-du-temps?du={jour}&au={jour}", headers=JSON, auth=TEACHER, timeout=60).json()["items"]
    communs = sorted((c for c in du_cours if not c["annule"] and c["debut"] < "12:30" and c["cle"] in {p["cle"] for p in du_prof}),
                     key=lambda c: c["debut"])
    assert communs, "the demo teacher has no morning course with the parent's child on the session's day"
    cle = communs[0]["cle"]
    register = requests.get(f"{etab}/@appel/{cle}", headers=JSON, auth=CPE, timeout=60).json()
    autre, en_retard = [e for e in register["eleves"] if e["id"] != enfant["id"]][:2]

    def verify():
        absences = requests.get(f"{etab}/@absences?eleve={enfant['id']}&du={jour}&au={jour}", headers=JSON, auth=CPE, timeout=60).json()
        motifs = {e["cle"]: (e["motif"] or {}).get("code") for e in absences["evenements"] if e["type"] == "absence"}
        assert motifs.get(cle) == "MAL", motifs
        autres = requests.get(f"{etab}/@absences?eleve={autre['id']}&du={jour}&au={jour}", headers=JSON, auth=CPE, timeout=60).json()
        assert [e["motif"] for e in autres["evenements"] if e["cle"] == cle] == [None]
        retards = requests.get(f"{etab}/@absences?eleve={en_retard['id']}&du={jour}&au={jour}", headers=JSON, auth=CPE, timeout=60).json()
        assert [(e["type"], e.get("minutes")) for e in retards["evenements"] if e["cle"] == cle] == [("retard", 10)]  # chosen inline
        declarations = requests.get(f"{etab}/@declarations?eleve={enfant['id']}", headers=JSON, auth=parent, timeout=60).json()["items"]
        acceptees = [(d["forme"], d["demi_journee"], d["traitee_par"]) for d in declarations if d["statut"] == "acceptee"]
        assert ("demi_journee", "matin", "sophie.dufour") in acceptees, declarations

    return {"APPEL_URL": f"{etab}/@@appel?cle={cle}", "CLE": cle, "ENFANT": enfant["id"], "AUTRE": autre["id"],
            "EN_RETARD": en_retard["id"], "ENSEIGNANT": TEACHER[0]}, verify


def prepare_editeur(instance):
    """The names the editor journey clicks (from the demo accounts make start prints): the teacher named editor
    (his directory id, the value of the direction's list), the 3A student made a member, a CPE of the lycée.
    Afterwards: one editor; the free space holds that one student and the lycée's CPE is refused it; the news
    item is published and an anonymous visitor reads it."""
    comptes = dict(re.findall(r"^\s+(\S+)\s+cartable-demo\s+(.+?)\s*$", instance.log.read_text(errors="replace"), re.M))
    nom_editeur = comptes["david.mathieu"].split(" — ")[0]
    nom_eleve = next(v.split(" — ")[0] for v in comptes.values() if v.endswith("élève de 3A du collège"))
    autre = next(login for login, v in comptes.items() if v.endswith("CPE du lycée"))
    etab = f"{instance.url}/{COLLEGE}"
    candidats = requests.get(f"{etab}/@editeurs", headers=JSON, auth=DIRECTION, timeout=60).json()["candidats"]
    editeur_id = next(c["id"] for c in candidats if c["nom"] == nom_editeur)

    documentaliste = next(login for login, v in comptes.items() if "documentaliste du collège" in v)

    def verify():
        liste = requests.get(f"{etab}/@editeurs", headers=JSON, auth=DIRECTION, timeout=60).json()["editeurs"]
        # the demo's documentaliste is an editor already; the direction named one more: the teacher
        assert sorted(e["nom"] for e in liste) == sorted([nom_editeur, comptes[documentaliste].split(" — ")[0]]), liste
        espaces = requests.get(f"{etab}/@espaces-libres", headers=JSON, auth=TEACHER, timeout=60).json()["items"]
        espace = next(e for e in espaces if e["titre"] == "Club journal (robot)")
        assert len(espace["membres"]) == 1 and espace["editeurs"] == [editeur_id], espace  # he animates it
        assert requests.get(espace["@id"], headers=JSON, auth=(autre, "cartable-demo"), timeout=60).status_code in (401, 403)
        # anonymous: the establishment stays private, its published news is public
        nouvelles = requests.get(f"{instance.url}/@search?portal_type=News%20Item&review_state=published", headers=JSON,
                                 timeout=60).json()
        nouvelle = next(n for n in nouvelles["items"] if n["title"] == "Portes ouvertes du collège (robot)")
        assert nouvelle["@id"].startswith(f"{etab}/"), nouvelle
        assert requests.get(nouvelle["@id"], headers=JSON, timeout=60).status_code == 200

    return {"EDITEUR_ID": editeur_id, "EDITEUR_NOM": nom_editeur, "ELEVE_NOM": nom_eleve, "AUTRE": autre}, verify


def prepare_bulletins(instance):
    """The first student of 3B (the council screen's first row), whose avis the suite gives after generating the
    class's bulletins; afterwards that student's T1 bulletin, downloaded as the direction, has the avis in its text
    (read from the PDF) and the class is no longer « à régénérer »."""
    from tests.unit.notes.texte_pdf import Pdf

    etab = f"{instance.url}/{COLLEGE}"
    ecran = requests.get(f"{etab}/@conseil?division=3B&periode=T1", headers=JSON, auth=DIRECTION, timeout=120).json()
    premier = ecran["eleves"][0]
    avis = "Robot : avis du conseil donné après la génération."

    def verify():
        pdf = requests.get(f"{etab}/@bulletin?eleve={premier['id']}&periode=T1", headers=JSON, auth=DIRECTION, timeout=120)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), pdf.text[:200]
        texte = " ".join(" ".join(Pdf(pdf.content).textes()).split())
        assert f"Avis : {avis}" in texte, texte
        assert premier['nom'].upper() in texte.upper()
        classes = requests.get(f"{etab}/@bulletins?periode=T1&division=3B", headers=JSON, auth=DIRECTION, timeout=120).json()["classes"]
        assert [(c["division"], c["a_regenerer"]) for c in classes if c["division"] == "3B"] == [("3B", False)], classes

    return {"ELEVE": premier["id"], "ELEVE_NOM": f"{premier['nom']} {premier['prenom']}", "TEXTE_AVIS": avis}, verify


PREPARE = {"devoirs": prepare_devoirs, "agenda_parent": prepare_agenda_parent, "conseil": prepare_conseil, "appel": prepare_appel, "vie_scolaire": prepare_vie_scolaire, "saisie_notes": prepare_saisie_notes,
           "notes_parent": prepare_notes_parent, "gestion_edt": prepare_gestion_edt, "statistiques": prepare_statistiques}
PREPARE["notes_devoir"] = prepare_notes_devoir
PREPARE["editeur"] = prepare_editeur


def prepare_parcours_editeur(instance):
    """The demo's editor: the collège's documentaliste (her login and name from the accounts make start prints)."""
    comptes = dict(re.findall(r"^\s+(\S+)\s+cartable-demo\s+(.+?)\s*$", instance.log.read_text(errors="replace"), re.M))
    login = next(login for login, v in comptes.items() if "documentaliste du collège" in v)
    return {"EDITRICE": login, "EDITRICE_NOM": comptes[login].split(" — ")[0]}, None


PREPARE["parcours_editeur"] = prepare_parcours_editeur
PREPARE["absences_famille"] = prepare_absences_famille
PREPARE["bulletins"] = prepare_bulletins


def test_chromium_is_installed():
    missing = [b for b in ("chromium", "chromedriver") if shutil.which(b) is None]
    assert not missing, f"{missing} missing: run `make robot-deps` (Debian packages chromium chromium-driver)"


@pytest.mark.parametrize("suite", SUITES)
def test_robot_suite(sqlite_instance, suite, capsys):
    variables, verify = PREPARE.get(suite, lambda _: ({}, None))(sqlite_instance)
    output = REPO / "robot-output" / suite
    command = [sys.executable, "-m", "robot", "--outputdir", str(output), "--consolecolors", "off",
               "--variable", f"BASE_URL:{sqlite_instance.url}",
               "--variable", f"MAINTENANT:{moment().isoformat()}", "--variable", f"MAINTENANT_A:{time.monotonic()}"]
    for name, value in variables.items():
        command += ["--variable", f"{name}:{value}"]
    result = subprocess.run(command + [str(REPO / "robot-tests" / f"{suite}.robot")], capture_output=True, text=True, timeout=600)
    with capsys.disabled():
        print(f"\n--- robot suite {suite} ---\n{result.stdout}{result.stderr}")
    assert result.returncode == 0, f"robot suite {suite} failed, see {output}/log.html"
    if verify:
        verify()


PREPARE["espace_cours"] = prepare_espace_cours


def prepare_sso_saml(instance):
    """SAML (issue 18): an ÉduConnect-like identity provider (pysaml2's IdP, tests/saml_idp.py) started here for the
    suite, and the instance configured through its var/saml.json, which the suite's teardown removes."""
    from tests.saml_idp import preparer_instance

    return preparer_instance(instance.url, instance.root / "var"), None


PREPARE["sso_saml"] = prepare_sso_saml
