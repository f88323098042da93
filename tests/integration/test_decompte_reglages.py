"""Issue 20, end to end: every surface counts a student's absences as the half-day rule does from the raw
records, with the establishment's settings in force on each day, and a change of settings from a date leaves
the closed period as it was.

Records are added through REST as the CPE, the direction and a parent, on Aaron (3A, collège): absences
with motives set by the vie scolaire (recevable, not recevable, « présent dans l'établissement »), absences
without one, lateness, early departures, an exemption, declarations accepted, refused and pending, a
cancelled course and a course of Friday 27 November moved to Tuesday 1 December. The direction then changes
the counting from 1 December (the first day of the second trimester). The expected numbers are computed
here from what was recorded (the timetable as @emploi-du-temps gives it, the marks, motives, exemptions and
declarations this test made, the motives' flags) by ``cartable.regles.decompte.decompter`` with a timeline
built here; they are compared with @absences (CPE and parent), @alertes, @export-absences, @statistiques,
@conseil, the LSU export's counts, Mon bureau's blocks (student, CPE) and the family's daily notification.

Two variants: brutes at 12:30 (threshold 4) then calculées at 11:00 (threshold 3); and calculées at 14:00
from the first day of the year, then brutes at 12:30 (threshold 2).
"""

import html
import re
from collections import defaultdict
from datetime import date, datetime

import pytest
import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.notes import lsu_export
from cartable.notes.bulletins import donnees_classe as bulletins_3a
from cartable.notes.stockage import lire_carnet
from cartable.regles import lsu
from cartable.regles.absences_famille import resume
from cartable.regles.decompte import decompter
from cartable.regles.reglages_decompte import Chronologie, Reglages
from cartable.viescolaire import notifications
from cartable.viescolaire.stockage import lire_vie_scolaire
from tests.integration.requetes import JOUR, client
from tests.integration.test_statistiques import lire_csv

CHANGEMENT = date(2026, 12, 1)
VARIANTES = {
    "brutes-puis-calculees": (None, Reglages("11:00", "calculees", 3)),
    "calculees-puis-brutes": (Reglages("14:00", "calculees", 4), Reglages("12:30", "brutes", 2)),
}
PERIODES = {"novembre": ("2026-11-01", "2026-11-30"), "decembre": ("2026-12-01", "2026-12-31"),
            "trimestres": ("2026-11-01", "2026-12-31")}
TRIMESTRES = {"T1": ("2026-09-01", "2026-11-30"), "T2": ("2026-12-01", "2027-03-05")}

# What is recorded, day by day: (rank of the course in the day, mark, how its motive comes). Ranks count the
# courses held that day in start order (the cancelled one left out); "-1" is the day's last course.
# motive: None (none), "vs:CODE" (the vie scolaire's), "decl" (the day's declaration decides).
PLAN = {
    "2026-11-02": [(0, "absence", None), (1, "absence", None), (3, "absence", "vs:INF"), (4, "absence", None)],
    "2026-11-03": [(0, "absence", "vs:MAL"), (1, "retard", None), (-1, "depart", None)],
    "2026-11-04": [(0, "absence", "decl"), (1, "absence", "decl"), (2, "absence", None)],  # accepted: all the day justified
    "2026-11-05": [(0, "absence", "decl"), (1, "absence", "decl"), (4, "absence", "vs:EXC")],  # refused; 0 is exempted
    "2026-11-06": [(0, "absence", "decl"), (-1, "absence", "vs:TRA")],  # pending
    "2026-11-23": [(0, "absence", None)],
    "2026-11-24": [(0, "absence", None), (1, "absence", None)],
    "2026-11-25": [(1, "absence", "vs:TRA")],
    "2026-11-26": [(0, "absence", None), (4, "absence", None)],
    "2026-12-01": [(0, "absence", None), (1, "absence", None), (2, "absence", None), (3, "absence", None)],
    "2026-12-02": [(0, "absence", "vs:MAL"), (1, "retard", None)],
    "2026-12-03": [(0, "absence", "vs:TRA"), (1, "absence", None), (3, "absence", "decl"), (4, "absence", "decl")],  # accepted
    "2026-12-04": [(-1, "absence", "decl")],  # pending
    "2026-12-07": [(0, "absence", None), (1, "absence", None), (4, "absence", None)],
}
DECLARATIONS = {"2026-11-04": "accepter", "2026-11-05": "refuser", "2026-11-06": None, "2026-12-03": "accepter", "2026-12-04": None}
ANNULE = ("2026-11-02", 2)  # the third course of Monday 2 November is cancelled before the roll
DEPLACE = ("2026-11-27", 0, "2026-12-01", "17:00", "18:00")  # the first course of Friday 27 November, held 1 December
DISPENSE = ("2026-11-05", 0)  # exempted from the subject of the first course of Thursday 5 November, that day


def get(site, role, chemin, **params):
    r = client(site, role).get(f"{site['paths']['etab']}/{chemin}", params=params or None)
    assert r.status_code == 200, (chemin, r.status_code, r.text[:500])
    return r


def post(site, role, chemin, corps, statut=200, **options):
    r = client(site, role).post(f"{site['paths']['etab']}/{chemin}", corps, **options)
    assert r.status_code == statut, (chemin, corps, r.status_code, r.text[:500])
    return r.json()


class Enregistrements:
    """What this test recorded, kept here as raw facts: the independent side of every comparison."""

    def __init__(self, site, eleve=None):
        self.site, self.eleve = site, eleve or site["paths"]["eleve"]
        self.cours = {}  # key → timetable item (the day it is held)
        self.marques = {}  # key → {"type", "minutes"?}
        self.motifs_vs = {}  # key → code given by the vie scolaire
        self.declarations = {}  # day → (motive, decision or None)
        self.dispenses = []  # (subject code, from, to)

    def emploi(self, jour, role="cpe"):
        items = get(self.site, role, "@emploi-du-temps", eleve=self.eleve, du=jour, au=jour).json()["items"]
        return sorted((i for i in items if i["date"] == jour), key=lambda i: (i["debut"], i["cle"]))

    def tenus(self, jour):
        return [i for i in self.emploi(jour) if not i["annule"]]

    def enregistrer(self):
        site, eleve = self.site, self.eleve
        jour, rang = ANNULE
        annule = self.tenus(jour)[rang]
        post(site, "direction", "@emploi-du-temps-modifier", {"action": "annuler", "cle": annule["cle"], "motif": "Sortie pédagogique"})
        self.cours[annule["cle"]] = {**annule, "annule": True}
        avant, rang, vers, debut, fin = DEPLACE
        deplace = self.tenus(avant)[rang]
        post(site, "direction", "@emploi-du-temps-modifier", {"action": "deplacer", "cle": deplace["cle"], "date": vers,
                                                               "debut": debut, "fin": fin})
        jour, rang = DISPENSE
        matiere = self.tenus(jour)[rang]["code_matiere"]
        post(site, "cpe", "@dispenses", {"eleve": eleve, "matiere": matiere, "du": jour, "au": jour, "motif": "Certificat médical"})
        self.dispenses.append((matiere, jour, jour))
        for jour, lignes in PLAN.items():
            tenus = self.tenus(jour)
            for i in tenus:
                self.cours[i["cle"]] = i
            for rang, genre, motif in lignes:
                item = tenus[rang]
                marque = {"type": genre, **({"minutes": 10} if genre == "retard" else {})}
                post(site, "cpe", f"@appel/{item['cle']}", {"marques": {eleve: marque}, "fait": True})
                self.marques[item["cle"]] = marque
                if motif and motif.startswith("vs:"):
                    post(site, "cpe", "@absences", {"eleve": eleve, "cles": [item["cle"]], "motif": motif[3:]})
                    self.motifs_vs[item["cle"]] = motif[3:]
        deplace = next(i for i in self.emploi(DEPLACE[2]) if i["cle"] == deplace["cle"])
        assert (deplace["date"], deplace["debut"]) == (DEPLACE[2], DEPLACE[3])
        self.cours[deplace["cle"]] = deplace
        self.deplace = deplace["cle"]
        post(site, "cpe", f"@appel/{deplace['cle']}", {"marques": {eleve: {"type": "absence"}}, "fait": True})
        self.marques[deplace["cle"]] = {"type": "absence"}
        for jour, decision in DECLARATIONS.items():
            declaree = post(site, "parent", "@declarations", {"eleve": eleve, "du": jour, "au": jour, "motif": "MAL",
                                                              "commentaire": "Fièvre"}, statut=201)
            if decision is not None:
                post(site, "cpe", f"@declarations/{declaree['id']}",
                     {"decision": decision, **({"raison": "Pas de justificatif"} if decision == "refuser" else {})})
            self.declarations[jour] = ("MAL", decision)

    # -- the independent computation ---------------------------------------------------------

    def motif(self, cle):
        """The vie scolaire's motive, else an accepted declaration's (each covers its whole day), else None."""
        if cle in self.motifs_vs:
            return self.motifs_vs[cle]
        motif, decision = self.declarations.get(self.cours[cle]["date"], (None, None))
        return motif if decision == "accepter" else None

    def entree(self, du, au, motifs):
        dans = {c: i for c, i in self.cours.items() if du <= i["date"] <= au}
        return {
            "settings": {},
            "motives": motifs,
            "courses": [{"id": c, "date": i["date"], "start": i["debut"], "end": i["fin"], "cancelled": i["annule"],
                         "exempt": any(m == i["code_matiere"] and d <= i["date"] <= a for m, d, a in self.dispenses)}
                        for c, i in sorted(dans.items())],
            "events": [{"course": c, "type": m["type"], **({"motive": self.motif(c)} if m["type"] == "absence" else {}),
                        **({"minutes": m["minutes"]} if m["type"] == "retard" else {})}
                       for c, m in sorted(self.marques.items()) if c in dans],
        }

    def lignes_export(self, du, au, recevables):
        """(date, type, justifiée) of every mark of a course held in [du, au] (the export lists every event)."""
        result = []
        for c, m in self.marques.items():
            i = self.cours[c]
            if du <= i["date"] <= au:
                justifiee = "" if m["type"] != "absence" else ("oui" if self.motif(c) in recevables else "non")
                result.append((i["date"], {"absence": "Absence", "retard": "Retard", "depart": "Départ anticipé"}[m["type"]], justifiee))
        return sorted(result)

    def a_notifier(self, jour, recevables, presents=frozenset()):
        """The day's absences the family is told of: those the half-day rule counts (a held course the student is
        not exempted from, a motive that is not « présent dans l'établissement ») with no recevable motive."""
        return sorted(c for c, m in self.marques.items() if m["type"] == "absence" and self.cours[c]["date"] == jour
                      and not self.cours[c]["annule"] and self.motif(c) not in recevables
                      and self.motif(c) not in presents
                      and not any(mat == self.cours[c]["code_matiere"] and d <= jour <= a for mat, d, a in self.dispenses))


def surfaces(site, functional_demo, eleves):
    """What every surface says of the students ``[(id, name)]`` (the first: Aaron), for each period and trimester."""
    eleve = eleves[0][0]
    vu = {}
    for periode, (du, au) in PERIODES.items():
        vu[f"absences {periode}"] = get(site, "cpe", "@absences", eleve=eleve, du=du, au=au).json()["decompte"]
        vu[f"absences parent {periode}"] = get(site, "parent", "@absences", eleve=eleve, du=du, au=au).json()["decompte"]
        alertes = get(site, "direction", "@alertes", du=du, au=au).json()["items"]
        export = lire_csv(get(site, "cpe", "@export-absences", du=du, au=au))[1:]
        for ident, nom in eleves:
            vu[f"alertes {periode} {ident}"] = sorted((a["mois"], a["non_justifiees"]) for a in alertes if a["eleve"] == ident)
            vu[f"export {periode} {ident}"] = sorted((ligne[2], ligne[5], ligne[8]) for ligne in export if ligne[0] == nom)
        lignes = get(site, "cpe", "@statistiques", du=du, au=au, classes="3A").json()["lignes"]
        vu[f"statistiques {periode}"] = {l["mois"]: (l["justifiees"], l["non_justifiees"], l["retards"]) for l in lignes
                                         if l["classe"] == "3A" and (l["justifiees"] or l["non_justifiees"] or l["retards"])}
    transaction.begin()
    portal = functional_demo["portal"]
    etab = portal[site["paths"]["etab"].rsplit("/", 1)[1]]
    annuaire, vs, carnet = lire_annuaire(portal), lire_vie_scolaire(etab), lire_carnet(etab)
    for code in TRIMESTRES:
        conseil = get(site, "direction", "@conseil", division="3A", periode=code).json()
        lsu_eleves = lsu_export.donnees(carnet, annuaire, vs, etab.jointure, code)["eleves"]
        bulletins = {e.id: d for e, d in bulletins_3a(carnet, annuaire, vs, etab.jointure, "3A", code)}
        for ident, _ in eleves:
            vu[f"bulletin {code} {ident}"] = bulletins[ident]["vie_scolaire"]  # what the PDF prints
            (ligne,) = [e for e in conseil["eleves"] if e["id"] == ident]
            vu[f"conseil {code} {ident}"] = ligne["absences"]
            (bilan,) = [e for e in lsu_eleves if e["id"] == ident]
            vu[f"lsu {code} {ident}"] = bilan["vie_scolaire"]
    return vu


def en_mots(nombre):
    """A count as the bulletin prints it: « 2 », « 1,5 »."""
    return f"{nombre:g}".replace(".", ",")


def attendu(enregistrements, chronologie, motifs):
    """The same numbers, computed here from the records (``enregistrements``: one per student, Aaron first)."""
    recevables = {c for c, m in motifs.items() if m["recevable"]}
    enr = enregistrements[0]
    vu = {}
    for periode, (du, au) in PERIODES.items():
        compte = decompter(enr.entree(du, au, motifs), chronologie)
        vu[f"absences {periode}"] = vu[f"absences parent {periode}"] = compte
        sommes = defaultdict(lambda: [0, 0, 0])
        for e in enregistrements:
            compte = decompter(e.entree(du, au, motifs), chronologie)
            vu[f"alertes {periode} {e.eleve}"] = sorted((m, compte["par_mois"][m]["non_justifiees"]) for m in compte["alertes"])
            vu[f"export {periode} {e.eleve}"] = e.lignes_export(du, au, recevables)
            for m, c in compte["par_mois"].items():
                sommes[m][0] += c["justifiees"]
                sommes[m][1] += c["non_justifiees"]
            for c, marque in e.marques.items():
                i = e.cours[c]
                exempt = any(x == i["code_matiere"] and d <= i["date"] <= a for x, d, a in e.dispenses)
                if marque["type"] == "retard" and du <= i["date"] <= au and not i["annule"] and not exempt:
                    sommes[i["date"][:7]][2] += 1
        vu[f"statistiques {periode}"] = {m: tuple(v) for m, v in sommes.items()}
    for code, (du, au) in TRIMESTRES.items():
        for e in enregistrements:
            compte = decompter(e.entree(du, au, motifs), chronologie)
            vu[f"conseil {code} {e.eleve}"] = {"justifiees": compte["demi_journees"]["justifiees"],
                                               "non_justifiees": compte["demi_journees"]["non_justifiees"],
                                               "retards": compte["retards"], "heures_manquees": round(compte["minutes_manquees"] / 60, 1)}
            vu[f"lsu {code} {e.eleve}"] = lsu.vie_scolaire_du_decompte(compte)
            vu[f"bulletin {code} {e.eleve}"] = {
                "demi_journees_justifiees": en_mots(compte["demi_journees"]["justifiees"]),
                "demi_journees_non_justifiees": en_mots(compte["demi_journees"]["non_justifiees"]),
                "retards": compte["retards"], "heures_manquees": en_mots(round(compte["minutes_manquees"] / 60, 1))}
    return vu


def novembre(vu):
    """What the closed period shows: November and the first trimester."""
    return {k: v for k, v in vu.items() if "novembre" in k or " T1" in k}


def bureau(site, role):
    r = client(site, role).get(f"{site['url']}/@bureau")
    assert r.status_code == 200, r.text[:500]
    return r.json()["blocs"]


@pytest.mark.parametrize("variante", sorted(VARIANTES))
def test_every_surface_counts_as_the_rule_with_the_settings_of_each_day(site, functional_demo, variante):
    base, nouveaux = VARIANTES[variante]
    eleve = site["paths"]["eleve"]
    if base is not None:  # the direction chose its counting on the first day of the year
        horloge.figer(datetime(2026, 9, 1, 7, 30))
        post(site, "direction", "@reglages-decompte", {"a_partir_du": "2026-09-01", **base.en_dict()})
        horloge.figer(JOUR)
    depart = Chronologie(base or Reglages())
    enr = Enregistrements(site)
    enr.enregistrer()
    # a classmate absent from the moved course only: planned on 27 November, held on 1 December
    transaction.begin()
    etab = functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]]
    camarade = Enregistrements(site, next(i for i in sorted(lire_annuaire(functional_demo["portal"]).eleves(etab.jointure, "3A")) if i != eleve))
    camarade.cours = {i["cle"]: i for i in camarade.tenus(DEPLACE[2])}
    post(site, "cpe", f"@appel/{enr.deplace}", {"marques": {camarade.eleve: {"type": "absence"}}, "fait": True})
    camarade.marques[enr.deplace] = {"type": "absence"}
    motifs = {i["code"]: {"recevable": i["recevable"], "present": i["present"]} for i in get(site, "cpe", "@motifs").json()["items"]}
    nom = get(site, "cpe", "@absences", eleve=eleve).json()["nom"]
    eleves = [(eleve, nom), (camarade.eleve, get(site, "cpe", "@absences", eleve=camarade.eleve).json()["nom"])]

    avant = surfaces(site, functional_demo, eleves)
    assert avant == attendu([enr, camarade], depart, motifs)
    assert avant[f"export novembre {camarade.eleve}"] == [] and len(avant[f"export decembre {camarade.eleve}"]) == 1

    # the direction counts differently from 1 December (with an idempotency key: a replay changes nothing more)
    corps = {"a_partir_du": CHANGEMENT.isoformat(), **nouveaux.en_dict()}
    reponse = post(site, "direction", "@reglages-decompte", corps, cle="changement-t2")
    assert post(site, "direction", "@reglages-decompte", corps, cle="changement-t2") == reponse
    assert len(reponse["journal"]) == (2 if base else 1) and reponse["journal"][0]["apres"] == nouveaux.en_dict()
    chronologie = Chronologie(base or Reglages(), ((CHANGEMENT, nouveaux),))

    apres = surfaces(site, functional_demo, eleves)
    assert apres == attendu([enr, camarade], chronologie, motifs)
    assert novembre(apres) == novembre(avant)  # the closed period keeps its counts
    assert apres["absences decembre"] != avant["absences decembre"]  # and the new settings did change December
    reglages = get(site, "parent", "@absences", eleve=eleve, du="2026-11-01", au="2026-12-31").json()["reglages"]
    assert [(r["du"], r["au"], r["mode"]) for r in reglages] == [("2026-11-01", "2026-11-30", (base or Reglages()).mode),
                                                                ("2026-12-01", "2026-12-31", nouveaux.mode)]

    # the family's daily notification: the day's counted absences without a recevable motive, whatever the settings
    transaction.begin()
    vs = lire_vie_scolaire(functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]])
    recevables = {c for c, m in motifs.items() if m["recevable"]}
    presents = {c for c, m in motifs.items() if m["present"]}
    dites_toutes = []
    for jour in PLAN:
        dites = notifications.absences_non_justifiees(vs, date.fromisoformat(jour)).get(eleve, [])
        assert sorted(o.cle for o in dites) == enr.a_notifier(jour, recevables, presents), jour
        dites_toutes += dites
    assert dites_toutes  # the plan has absences the family is told of

    # Mon bureau on Monday 7 December: the student's half-days to regularise since the start of the year, the
    # CPE's alerts of December, with the settings of each day
    horloge.figer(datetime(2026, 12, 7, 18, 0))
    annee = decompter(enr.entree("2026-09-01", "2026-12-07", motifs), chronologie)
    (mes_absences,) = [b for b in bureau(site, "eleve") if b["titre"] == "Mes absences"]
    a_regulariser = annee["demi_journees"]["a_regulariser"]
    assert a_regulariser and mes_absences["lignes"][0]["texte"].startswith(f"{str(a_regulariser).replace('.', ',')} demi-journ")
    (alertes,) = [b for b in bureau(site, "cpe") if b["titre"] == "Alertes du mois de décembre"]
    decembre = decompter(enr.entree("2026-12-01", "2026-12-07", motifs), chronologie)
    lignes = [l for l in alertes["lignes"] if l["texte"].startswith(nom)]
    assert len(lignes) == len(decembre["alertes"])
    if decembre["alertes"]:
        nombre = str(decembre["par_mois"]["2026-12"]["non_justifiees"]).replace(".", ",")
        assert lignes[0]["detail"].startswith(f"{nombre} demi-journ"), lignes

    # the parent's page « Absences et retards » on 7 December: the year's count, in one sentence, the same numbers
    page = client(site, "parent").page(f"{site['paths']['etab']}/@@absences-eleve", params={"eleve": eleve})
    assert page.status_code == 200, page.text[:300]
    bilan = re.search(r'id="bilan"[^>]*>.*?</span>\s*(.*?)\s*</p>', page.text, re.S).group(1)
    assert html.unescape(bilan) == resume(annee)


def test_settings_read_written_refused_and_audited(site):
    """The vie scolaire reads, the direction writes from a date, a past date and bad values are a French 400
    that writes nothing, a planned change can be withdrawn, every change is audited (who, when, before/after)."""
    lu = get(site, "cpe", "@reglages-decompte").json()
    assert lu["en_vigueur"] == {"limite": "12:30", "mode": "brutes", "seuil": 4, "mode_libelle": "Demi-journées brutes",
                                "texte": "Demi-journées brutes, limite à 12 h 30, alerte à 4 demi-journées non justifiées dans le mois"}
    assert lu["modifiable"] is False and lu["journal"] == []
    assert client(site, "cpe").post(f"{site['paths']['etab']}/@reglages-decompte", {"mode": "calculees"}).status_code == 403
    for corps, mot in (({"a_partir_du": "2026-11-13", "mode": "calculees"}, "passée"), ({"mode": "demi"}, "inconnu"),
                       ({"limite": "9:00"}, "invalide"), ({"seuil": 0}, "entre 1 et 20"), ({"a_partir_du": "2026-12-01"}, "au moins un")):
        r = client(site, "direction").post(f"{site['paths']['etab']}/@reglages-decompte", corps)
        assert r.status_code == 400 and mot in r.json()["error"]["message"], (corps, r.text)
    assert get(site, "direction", "@reglages-decompte").json()["journal"] == []
    fait = post(site, "direction", "@reglages-decompte", {"a_partir_du": "2027-01-04", "mode": "calculées", "seuil": "3"})
    assert fait["enregistre"] is True and fait["en_vigueur"]["mode"] == "brutes"  # not yet
    (entree,) = fait["journal"]
    assert entree["qui"] == site["logins"]["direction"] and entree["action"] == "changer" and entree["a_partir_du"] == "2027-01-04"
    assert entree["avant"] == {"limite": "12:30", "mode": "brutes", "seuil": 4}
    assert entree["apres"] == {"limite": "12:30", "mode": "calculees", "seuil": 3}
    assert [e["a_venir"] for e in fait["chronologie"]] == [False, True]
    same = post(site, "direction", "@reglages-decompte", {"a_partir_du": "2027-01-04", "mode": "calculees"})
    assert same["enregistre"] is False and len(same["journal"]) == 1
    retire = post(site, "direction", "@reglages-decompte", {"annuler": "2027-01-04"})
    assert len(retire["chronologie"]) == 1 and retire["journal"][0]["action"] == "annuler"
    horloge.figer(datetime(2027, 1, 5, 9, 0))
    assert client(site, "direction").post(f"{site['paths']['etab']}/@reglages-decompte", {"annuler": "2026-11-17"}).status_code == 400


def test_the_page_works_without_script(site):
    """The direction's page: the settings in force and the form in French; a form sent twice is applied once; the CPE
    reads without a form."""
    direction = client(site, "direction")
    url = f"{site['paths']['etab']}/@@reglages-decompte"
    page = direction.page(url)
    assert page.status_code == 200 and "Décompte des absences" in page.text and "Demi-journées brutes, limite à 12 h 30" in page.text
    assert 'name="a_partir_du"' in page.text and 'type="date"' in page.text
    jeton = page.text.split('name="_authenticator" value="')[1].split('"')[0]
    formulaire = {"_authenticator": jeton, "idempotence": "une-fois", "a_partir_du": "2026-12-01", "mode": "calculees",
                  "limite": "12:30", "seuil": "4"}
    entetes = {"Accept": "text/html", "Origin": site["url"].split("/plone")[0], "Content-Type": "application/x-www-form-urlencoded"}
    for _ in range(2):
        r = direction.request("POST", url, data=formulaire, headers=entetes)
        assert r.status_code == 200, r.text[:1000]
    assert "À partir du mardi 1er décembre" in r.text and "déjà enregistré" in r.text
    assert len(get(site, "direction", "@reglages-decompte").json()["journal"]) == 1
    mauvais = direction.request("POST", url, data={**formulaire, "idempotence": "autre", "a_partir_du": "2026-11-02"}, headers=entetes)
    assert mauvais.status_code == 400 and "est passée" in mauvais.text
    cpe = client(site, "cpe").page(url)
    assert cpe.status_code == 200 and "Demi-journées calculées" in cpe.text and 'name="a_partir_du"' not in cpe.text
