"""RGPD (SDET): what « Mes données » says, whose reads are logged, when a record is old enough to purge.

Pure module: no Zope. The Zope side (cartable.policy.rgpd) reads the records
and hands them here as plain dicts; this module decides what goes in each
section, how a date or a state is said, and the retention arithmetic.
"""

from datetime import date, datetime

from cartable.regles.dates_fr import date_fr, heure_fr

# the sections of the export, in the order a person reads them
SECTIONS = (
    ("identite", "Identité et comptes"),
    ("notifications", "Notifications et préférences de courriel"),
    ("messagerie", "Messages"),
    ("vie_scolaire", "Vie scolaire"),
    ("notes", "Notes, appréciations et bulletins"),
    ("pedagogie", "Travail et devoirs rendus"),
)

NOTES_CPE_EXCLUES = ("Les notes de suivi confidentielles de la vie scolaire (CPE, direction) ne figurent pas dans cet "
                     "export familial : elles servent au suivi éducatif de l'élève et peuvent être demandées au chef "
                     "d'établissement (droit d'accès, article 15 du RGPD).")

CATEGORIES = {"Eleve": "Élève", "PersRelEleve": "Responsable légal", "PersEducNat": "Personnel de l'Éducation nationale"}
GENRES_MARQUES = {"absence": "Absence", "retard": "Retard", "depart": "Départ anticipé"}
ETATS_DECLARATION = {"a_traiter": "À traiter", "acceptee": "Acceptée", "refusee": "Refusée"}
ETATS_RENDU = {"brouillon": "Brouillon", "remis": "Remis", "rouvert": "Rouvert", "corrige": "Corrigé",
               "restitue": "Restitué"}
GENRES_NOTIFICATION = {"devoir": "Devoir", "note": "Note", "absence": "Absence", "rappel": "Rappel"}

# retention: the durations and when a record is aged are cartable.regles.retention


# -- how things are said ----------------------------------------------------------------------------


def quand_fr(valeur) -> str:
    """An ISO date or date-time (or a date/datetime) in words: « mardi 17 novembre 2026 à 10 h »; "" when empty."""
    if valeur in (None, ""):
        return ""
    if isinstance(valeur, str):
        try:
            valeur = datetime.fromisoformat(valeur) if "T" in valeur or " " in valeur else date.fromisoformat(valeur)
        except ValueError:
            return valeur
    if isinstance(valeur, datetime):
        texte = date_fr(valeur.date(), 0)
        return f"{texte} à {heure_fr(valeur)}" if (valeur.hour, valeur.minute) != (0, 0) else texte
    return date_fr(valeur, 0)


def etat_rendu(etat: str) -> str:
    return ETATS_RENDU.get(etat, etat or "Non rendu")


def etat_declaration(statut: str) -> str:
    return ETATS_DECLARATION.get(statut, statut or "")


def genre_marque(genre: str) -> str:
    return GENRES_MARQUES.get(genre, genre)


def rendu(fiche: dict) -> dict:
    """A student's hand-in as exported: the mark and the teacher's appreciation only once restituted."""
    restitue = fiche.get("etat") == "restitue"
    return {
        "devoir": fiche.get("devoir", ""), "espace": fiche.get("espace", ""), "etat": fiche.get("etat"),
        "etat_libelle": etat_rendu(fiche.get("etat")), "remis_le": fiche.get("remis_le"),
        "en_retard": bool(fiche.get("en_retard")),
        "note": fiche.get("note") if restitue else None,
        "appreciation": fiche.get("appreciation") if restitue else None,
        "fichiers": list(fiche.get("fichiers") or ()),
        "texte": fiche.get("texte") or None,  # what the student wrote online: theirs, at any state
    }


def marque(occurrence: dict, eleve: str) -> dict | None:
    """Only this student's mark of a register (a register lists the whole class: the others stay out)."""
    marques = occurrence.get("marques") or {}
    if eleve not in marques:
        return None
    m = marques[eleve]
    return {"quand": occurrence["quand"], "genre": m.get("type"), "genre_libelle": genre_marque(m.get("type")),
            "minutes": m.get("minutes"), "matiere": occurrence.get("matiere"), "motif": occurrence.get("motif")}


# -- the PDF's lines (pure: the export dict → what a reader reads) ----------------------------------


def _ligne(*morceaux) -> str:
    return " — ".join(str(m) for m in morceaux if m not in (None, "", []))


def lignes_export(export: dict) -> list[tuple[str, str]]:
    """[(genre, texte)] of one person's export: genre is "titre", "section", "sous_section" or "texte"."""
    lignes = [("titre", f"Mes données — {export['personne']['nom']}"),
              ("texte", f"Export du {quand_fr(export['genere_le'])}, par {export['demande_par']}.")]
    identite = export["identite"]
    lignes.append(("section", dict(SECTIONS)["identite"]))
    for cle, libelle in (("nom", "Nom"), ("categorie", "Catégorie"), ("identifiant", "Identifiant de connexion"),
                         ("courriel", "Courriel"), ("date_naissance", "Date de naissance"), ("actif", "Compte")):
        if identite.get(cle) not in (None, ""):
            valeur = identite[cle]
            if cle == "actif":
                valeur = "actif" if valeur else "désactivé"
            lignes.append(("texte", f"{libelle} : {valeur}"))
    for e in identite.get("etablissements", ()):
        lignes.append(("texte", f"Établissement : {_ligne(e.get('nom'), e.get('classe'))}"))
    for r in identite.get("responsables", ()):
        lignes.append(("texte", f"Responsable légal : {r}"))
    for h in identite.get("historique", ()):
        lignes.append(("texte", f"Compte {h['evenement']} le {quand_fr(h['quand'])}"))
    notifications = export["notifications"]
    lignes.append(("section", dict(SECTIONS)["notifications"]))
    if not notifications["items"]:
        lignes.append(("texte", "Aucune notification."))
    for n in notifications["items"]:
        lignes.append(("texte", _ligne(quand_fr(n.get("quand")), n.get("titre"), n.get("texte"),
                                       "lue" if n.get("lue") else "non lue")))
    for genre, choix in sorted(notifications["preferences"].items()):
        lignes.append(("texte", f"Courriel pour « {GENRES_NOTIFICATION.get(genre, genre)} » : {choix}"))
    brouillon = export.get("messagerie_brouillon")
    if export.get("messagerie") or brouillon:
        lignes.append(("section", dict(SECTIONS)["messagerie"]))
        for conversation in export.get("messagerie") or ():
            lignes.append(("sous_section", conversation["sujet"]))
            for m in conversation["messages"]:
                destinataires = ", ".join([*m.get("groupes", ()), *m.get("a", ())])
                lignes.append(("texte", _ligne(quand_fr(m["envoye"]), f"de {m['de']}", f"à {destinataires}" if destinataires else None)))
                lignes.append(("texte", f"    {m['texte']}"))
                for p in m.get("pieces", ()):
                    lignes.append(("texte", f"    Pièce jointe : {p['taille']}"))
        if brouillon:
            destinataires = ", ".join([*brouillon.get("groupes", ()), *brouillon.get("a", ())])
            lignes.append(("sous_section", "Brouillon en cours"))
            lignes.append(("texte", _ligne(f"enregistré le {quand_fr(brouillon['enregistre_le'])}" if brouillon.get("enregistre_le") else None,
                                           f"« {brouillon['sujet']} »" if brouillon.get("sujet") else None,
                                           f"à {destinataires}" if destinataires else None)))
            if brouillon.get("texte"):
                lignes.append(("texte", f"    {brouillon['texte']}"))
    for enfant in export["eleves"]:
        lignes += _lignes_eleve(enfant, plusieurs=export["personne"]["id"] != enfant["id"])
    return lignes


def _lignes_eleve(enfant: dict, plusieurs: bool) -> list[tuple[str, str]]:
    lignes = []
    suffixe = f" — {enfant['nom']}" if plusieurs else ""
    vs = enfant["vie_scolaire"]
    lignes.append(("section", dict(SECTIONS)["vie_scolaire"] + suffixe))
    for etab in vs:
        lignes.append(("sous_section", etab["etablissement"]))
        if not (etab["marques"] or etab["declarations"] or etab["dispenses"] or etab["punitions"]):
            lignes.append(("texte", "Aucun événement."))
        for m in etab["marques"]:
            lignes.append(("texte", _ligne(quand_fr(m["quand"]), m["genre_libelle"],
                                           f"{m['minutes']} min" if m.get("minutes") else None, m.get("motif"))))
        for d in etab["declarations"]:
            pieces = ", ".join(d["pieces"]) if d["pieces"] else None
            lignes.append(("texte", _ligne(f"Déclaration du {quand_fr(d['declaree_le'])}", f"{quand_fr(d['du'])} au {quand_fr(d['au'])}",
                                           d.get("motif"), etat_declaration(d.get("statut")),
                                           f"pièce(s) : {pieces}" if pieces else None)))
        for d in etab["dispenses"]:
            lignes.append(("texte", _ligne("Dispense", d.get("matiere"), f"du {quand_fr(d['du'])} au {quand_fr(d['au'])}")))
        for p in etab["punitions"]:
            lignes.append(("texte", _ligne(quand_fr(p["quand"]), p.get("type"), p.get("nature"), p.get("motif"),
                                           p.get("statut"))))
    lignes.append(("texte", enfant["notes_confidentielles"]))
    lignes.append(("section", dict(SECTIONS)["notes"] + suffixe))
    if not enfant["notes"]:
        lignes.append(("texte", "Aucune note publiée."))
    for periode in enfant["notes"]:
        lignes.append(("sous_section", _ligne(periode["etablissement"], periode["periode"])))
        for matiere in periode["matieres"]:
            lignes.append(("texte", _ligne(matiere["matiere"], f"moyenne {matiere['moyenne']}" if matiere.get("moyenne") else None,
                                           matiere.get("appreciation"))))
            for e in matiere["evaluations"]:
                lignes.append(("texte", "    " + _ligne(quand_fr(e["date"]), e["titre"],
                                                        f"{e['note']} / {e['bareme']}" if e.get("note") else "non noté")))
        if periode.get("bulletin_publie"):
            lignes.append(("texte", "Bulletin publié."))
    lignes.append(("section", dict(SECTIONS)["pedagogie"] + suffixe))
    if not enfant["rendus"] and not enfant["travaux_faits"]:
        lignes.append(("texte", "Aucun devoir rendu."))
    for r in enfant["rendus"]:
        lignes.append(("texte", _ligne(r["devoir"], r["etat_libelle"], f"remis le {quand_fr(r['remis_le'])}" if r.get("remis_le") else None,
                                       "en retard" if r["en_retard"] else None, f"note {r['note']}" if r.get("note") else None,
                                       r.get("appreciation"))))
        if r.get("texte"):
            lignes.append(("texte", f"    Texte rendu : {r['texte']}"))
    for t in enfant["travaux_faits"]:
        lignes.append(("texte", _ligne("Travail coché « fait »", t.get("titre"), t.get("matiere"),
                                       f"pour le {quand_fr(t['pour_le'])}" if t.get("pour_le") else None)))
    return lignes


# -- the read log -----------------------------------------------------------------------------------


def lecture_a_journaliser(personnel: bool, lit_soi_meme: bool, enseigne_a_l_eleve: bool, quoi: str) -> bool:
    """A staff member's read of a student's sensitive record: the suivi and incidents always, the notes
    only outside the classes they teach (a teacher reading their own class's grid is their job)."""
    if not personnel or lit_soi_meme:
        return False
    if quoi == "notes":
        return not enseigne_a_l_eleve
    return quoi in ("suivi", "incidents")


QUOI = {"suivi": "Suivi de l'élève", "incidents": "Incidents et punitions", "notes": "Notes"}


def entree_journal_en_mots(entree: dict) -> dict:
    return {**entree, "quand_texte": quand_fr(entree.get("quand")), "quoi_libelle": QUOI.get(entree.get("quoi"), entree.get("quoi"))}


# -- retention --------------------------------------------------------------------------------------


def depart(historique) -> date | None:
    """The day a record was last deactivated (historique: [(quand ISO, événement, source)]), None if it is active again."""
    dernier = None
    for quand, evenement, *_ in historique or ():
        if evenement == "désactivé":
            dernier = quand
        elif evenement in ("réactivé", "créé"):
            dernier = None
    return datetime.fromisoformat(dernier).date() if dernier else None
