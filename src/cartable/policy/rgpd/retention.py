"""Retention: the daily purge of every kind of personal record kept too long, with a dry run.

Which record is aged, and how long each kind is kept, is cartable.regles.retention (durations:
registry records ``cartable.rgpd.retention_<genre>_annees``, defaults there). Here the tour finds the
candidates without walking the directory nor every record:

- **departures**: an index of the people who left, ``(day, id) → kinds done``, fed by the directory's
  deactivation event (``annuaire.evenements.PersonneDesactivee``); a range read up to the oldest day that
  can be aged today. An entry leaves the index once every kind counted from the departure is purged.
  Sites older than the index get it filled once, by the first real run (the only walk of the directory's
  people; a dry run before it walks them in memory and writes nothing).
- **per establishment, by date**: infirmerie passages, punitions and sanctions (the per-student index's
  dates, an event loaded only once its school year is over), bulletins (the periods that began before the
  threshold, a key range each);
- **one catalog query** for the hand-ins (Rendus created before the threshold);
- **key ranges** on the queue of e-mails (keyed by send time) and the read log (by date);
- the messagerie's **drafts** (one per person who has one, removed when sent): read once (cartable.messagerie.rgpd).

``appliquer(site, essai=True)`` only says what would go and writes nothing: it is what
``GET @retention?essai=1`` answers. The run (``essai=False``) removes it; a second run finds nothing.
"""

from datetime import datetime, time, timedelta

from BTrees.OOBTree import OOBTree
from plone import api
from zope.annotation.interfaces import IAnnotations

from cartable.annuaire import courriels
from cartable.annuaire.contenu import etablissements, id_etablissement
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.core import notifications as boites
from cartable.core.periodique import Quotidien, TachePeriodique
from cartable.messagerie import rgpd as messagerie_rgpd
from cartable.messagerie.stockage import lire_messagerie
from cartable.notes import retention as notes_retention
from cartable.notes.stockage import lire_carnet
from cartable.pedagogie import retention as pedagogie_retention
from cartable.policy.rgpd import journal
from cartable.regles import retention as regles
from cartable.regles.rgpd import depart as jour_de_depart
from cartable.regles.rgpd import quand_fr
from cartable.viescolaire import retention as vs_retention
from cartable.viescolaire.stockage import lire_vie_scolaire
from cartable.viescolaire.suivi import etablissements_de

HEURE = "cartable.rgpd.heure_retention"
CLE_DEPARTS = "cartable.rgpd.departs"  # (ISO day left, person id) → tuple of the kinds already purged
CLE_DEPARTS_COMPLET = "cartable.rgpd.departs_complet"  # True once the departures before the index were added

GENRES_DEPART = [g for g, r in regles.REGLES.items() if r.base == "depart"]
GENRES_ELEVE = ("appels", "notes_suivi", "incidents")  # counted from a departure, students only


def annees(genre) -> int:
    regle = regles.REGLES[genre]
    if regle.registre is None:
        return regle.annees
    try:
        valeur = api.portal.get_registry_record(regle.registre, default=regle.annees)
    except Exception:  # noqa: BLE001 — a bare site without the registry: the default
        valeur = regle.annees
    return regles.lire_annees(valeur, regle)


# -- the index of departures -------------------------------------------------------------------


def personne_desactivee(event):
    """Subscriber of the directory's deactivation: the day goes into the index."""
    annotations = IAnnotations(event.site)
    if CLE_DEPARTS not in annotations:
        annotations[CLE_DEPARTS] = OOBTree()
    jour = jour_de_depart(event.personne.historique) or horloge.aujourd_hui()
    annotations[CLE_DEPARTS][(jour.isoformat(), event.personne.id)] = ()


def _departs(site, annuaire, essai):
    """The index (a dict in a dry run that precedes the first fill: nothing written)."""
    annotations = IAnnotations(site)
    index = annotations.get(CLE_DEPARTS)
    if annotations.get(CLE_DEPARTS_COMPLET) or annuaire is None:
        return index if index is not None else {}
    anciens = {}
    for personne in annuaire.personnes.values():  # once in a site's life: the departures before the index
        if not personne.actif:
            jour = jour_de_depart(personne.historique)
            if jour is not None:
                anciens[(jour.isoformat(), personne.id)] = ()
    if essai:
        return {**anciens, **dict(index.items() if index is not None else ())}
    if index is None:
        index = annotations[CLE_DEPARTS] = OOBTree()
    for cle, fait in anciens.items():
        index.setdefault(cle, fait)
    annotations[CLE_DEPARTS_COMPLET] = True
    return index


def _candidats(index, aujourd_hui, seuils):
    """[(day, id, kinds done)] of the departures old enough for at least one kind (a range read)."""
    plus_court = min(seuils[g] for g in GENRES_DEPART)
    limite = regles.seuil(aujourd_hui, "date", plus_court).isoformat()  # left before this day (kept `n` years after)
    if isinstance(index, OOBTree):
        elements = index.items(max=(limite, ""), excludemax=True)
    else:
        elements = sorted((k, v) for k, v in index.items() if k < (limite, ""))
    return [(datetime.fromisoformat(jour).date(), ident, tuple(fait)) for (jour, ident), fait in elements]


# -- the tour ----------------------------------------------------------------------------------


def _vs_et_carnet(site, annuaire, structure):
    fiche = annuaire.structures.get(structure)
    contenu = site.get(id_etablissement(fiche.uai)) if fiche is not None and fiche.uai else None
    if contenu is None:
        return None, None, structure
    return lire_vie_scolaire(contenu), lire_carnet(contenu), fiche.nom or fiche.uai


def _par_depart(site, annuaire, aujourd_hui, seuils, essai):
    index = _departs(site, annuaire, essai)
    lignes, eleves_appels, totaux, pris = [], {}, dict.fromkeys(GENRES_DEPART, 0), set()
    file = IAnnotations(site).get(courriels.CLE_DIFFERES)
    par_personne = {}  # the queue holds only unsent e-mails (short): read once, grouped by person
    for cle in file.keys() if file is not None else ():
        par_personne.setdefault(cle[1], []).append(cle)
    boites_site = IAnnotations(site).get(boites.CLE)
    messagerie = lire_messagerie(site)
    for jour, ident, faits in _candidats(index, aujourd_hui, seuils):
        personne = annuaire.personne(ident)
        if personne is None or personne.actif or jour_de_depart(personne.historique) != jour:
            if not essai:  # came back, or left again later (another entry): this one is stale
                del index[(jour.isoformat(), ident)]
            continue
        eleve = personne.categorie == "Eleve"
        dus = [g for g in GENRES_DEPART if g not in faits and (eleve or g not in GENRES_ELEVE)
               and regles.perime(aujourd_hui, "depart", seuils[g], depart=jour)]
        if not dus:
            continue
        ligne = {"id": ident, "nom": personne.nom_complet, "categorie": personne.categorie, "parti_le": jour.isoformat(),
                 "parti_le_texte": quand_fr(jour), "etablissements": [], **dict.fromkeys(
                     ("marques", "corrections", "motifs", "notes_suivi", "incidents", "notifications", "courriels", "messagerie"), 0)}
        if eleve:
            for structure in etablissements_de(personne):
                vs, _, nom = _vs_et_carnet(site, annuaire, structure)
                if vs is None:
                    continue
                ligne["etablissements"].append(nom)
                if "appels" in dus:
                    eleves_appels.setdefault(structure, {})[ident] = ligne
                if "notes_suivi" in dus:
                    ligne["notes_suivi"] += vs_retention.purger_notes_suivi(vs, ident, essai)
                if "incidents" in dus:
                    ligne["incidents"] += vs_retention.retirer_eleve_des_incidents(vs, ident, essai)
        if "notifications" in dus and boites_site is not None and ident in boites_site:
            ligne["notifications"] = len(boites_site[ident].notifications())
            if not essai:
                del boites_site[ident]  # the box, its notifications and the e-mail preferences
        if "courriels" in dus and file is not None:
            cles = par_personne.get(ident, [])
            ligne["courriels"] = len(cles)
            pris.update(cles)
            if not essai:
                for cle in cles:
                    del file[cle]
        if "messagerie" in dus and messagerie is not None:
            ligne["messagerie"] = _purger_messagerie(messagerie, ident, essai)
        if any(ligne[c] for c in ("notes_suivi", "incidents", "notifications", "courriels", "messagerie")) or "appels" in dus:
            lignes.append(ligne)  # (a register mark is counted below; a line left at 0 is dropped there)
        if not essai:
            faits = (*faits, *dus)
            if all(g in faits or (not eleve and g in GENRES_ELEVE) for g in GENRES_DEPART):
                del index[(jour.isoformat(), ident)]  # nothing left to purge for this person
            else:
                index[(jour.isoformat(), ident)] = faits
    for structure, par_eleve in eleves_appels.items():  # one pass over each establishment's registers
        vs, _, _ = _vs_et_carnet(site, annuaire, structure)
        compte = vs_retention.purger_appels(vs, set(par_eleve), essai)
        for ident, ligne in par_eleve.items():
            for cle in ("marques", "corrections", "motifs"):
                ligne[cle] += compte[cle].get(ident, 0)
    lignes = [ligne for ligne in lignes if any(ligne[c] for c in (
        "marques", "corrections", "motifs", "notes_suivi", "incidents", "notifications", "courriels", "messagerie"))]
    for ligne in lignes:
        totaux["appels"] += ligne["marques"] + ligne["corrections"] + ligne["motifs"]
        for genre in ("notes_suivi", "incidents", "notifications", "courriels", "messagerie"):
            totaux[genre] += ligne[genre]
    return sorted(lignes, key=lambda e: (e["nom"], e["id"])), totaux, pris


def _purger_messagerie(messagerie, ident, essai) -> int:
    """A departed person's mailbox (their copies: folders, read state) and their draft; a conversation goes with the
    last copy of it (the messages they sent stay in the conversations others keep: those are the others'
    correspondence too). Counted: the copies, and the draft."""
    brouillons = getattr(messagerie, "brouillons", None)
    brouillon = brouillons is not None and ident in brouillons
    if brouillon and not essai:
        del brouillons[ident]
    boite = messagerie.boites.get(ident)
    if boite is None:
        return int(brouillon)
    copies = list(boite.fils.keys())
    if not essai:
        del messagerie.boites[ident]
        for conversation_id in copies:
            conversation = messagerie.conversations.get(conversation_id)
            if conversation is None:
                continue
            gardee = any(p != ident and p in messagerie.boites and conversation_id in messagerie.boites[p].fils
                         for p in conversation.participants)
            if not gardee:
                del messagerie.conversations[conversation_id]
    return len(copies) + int(brouillon)


def _nom(annuaire, ident):
    personne = annuaire.personne(ident) if annuaire is not None else None
    return personne.nom_complet if personne is not None else ident


def _par_etablissement(site, annuaire, aujourd_hui, seuils, essai):
    evenements, bulletins = [], []

    def depart_de(eleve):
        personne = annuaire.personne(eleve) if eleve else None
        return jour_de_depart(personne.historique) if personne is not None and not personne.actif else None

    for contenu in etablissements(site):
        nom = contenu.Title()
        vs = lire_vie_scolaire(contenu)
        if vs is not None:
            perimes = vs_retention.evenements_perimes(vs, aujourd_hui,
                                                      lambda e: regles.evenement_perime(e, aujourd_hui, seuils, depart_de))
            for e in perimes:
                evenements.append({"etablissement": nom, "id": e["id"], "type": e["type"], "nature": e["nature"],
                                   "quand": e["quand"], "eleves": [_nom(annuaire, i) for i in e["eleves"]]})
            vs_retention.retirer_evenements(vs, perimes, essai)
        carnet = lire_carnet(contenu)
        trouves = notes_retention.bulletins_perimes(carnet, aujourd_hui, regles.REGLES["bulletins"].base, seuils["bulletins"])
        for periode, eleve, fiche in trouves:
            bulletins.append({"etablissement": nom, "periode": periode, "eleve": _nom(annuaire, eleve),
                              "genere_le": fiche.get("genere_le")})
        notes_retention.retirer_bulletins(carnet, trouves, essai)
    return evenements, bulletins


def _courriels_abandonnes(site, aujourd_hui, essai, pris) -> int:
    """Queued e-mails due more than 30 days ago (``pris``: those already counted with a departure)."""
    file = IAnnotations(site).get(courriels.CLE_DIFFERES)
    if file is None:
        return 0
    limite = (aujourd_hui - timedelta(days=regles.COURRIELS_ABANDONNES_JOURS)).isoformat()
    cles = [c for c in file.keys(max=(limite, ""), excludemax=True) if c not in pris]  # due before that day (keys sort by time)
    if not essai:
        for cle in cles:
            del file[cle]
    return len(cles)


def appliquer(site, essai=True) -> dict:
    """What the purge removes today (``essai``: only says it, writes nothing)."""
    aujourd_hui = horloge.aujourd_hui()
    annuaire = lire_annuaire(site)
    seuils = {genre: annees(genre) for genre in regles.REGLES}
    departs, totaux, pris = (([], dict.fromkeys(GENRES_DEPART, 0), set()) if annuaire is None
                             else _par_depart(site, annuaire, aujourd_hui, seuils, essai))
    evenements, bulletins = _par_etablissement(site, annuaire, aujourd_hui, seuils, essai) if annuaire is not None else ([], [])
    rendus = pedagogie_retention.rendus_perimes(aujourd_hui, regles.REGLES["rendus"].base, seuils["rendus"])
    liste_rendus = [{"id": o.getId(), "eleve": _nom(annuaire, getattr(o, "eleve", None)), "devoir": o.aq_parent.Title(),
                     "cree_le": jour.isoformat(), "fichiers": len(o.fichiers_liste())} for o, jour in rendus]
    pedagogie_retention.retirer_rendus(rendus, essai)
    brouillons = messagerie_rgpd.brouillons_perimes(site, aujourd_hui, seuils["brouillons"])
    liste_brouillons = [{"personne": _nom(annuaire, ident), "enregistre_le": le} for ident, le in brouillons]
    messagerie_rgpd.retirer_brouillons(site, brouillons, essai)
    abandonnes = _courriels_abandonnes(site, aujourd_hui, essai, pris)
    seuil_journal = datetime.combine(regles.ans_apres(aujourd_hui, -seuils["journal_acces"]), time()).timestamp()
    lignes_journal = journal.magasin().purger(seuil_journal, essai=essai)
    comptes = {**totaux, "courriels": totaux["courriels"] + abandonnes, "journal_acces": lignes_journal,
               "rendus": len(rendus), "bulletins": len(bulletins), "brouillons": len(brouillons),
               "infirmerie": sum(1 for e in evenements if e["type"] == "infirmerie"),
               "punitions": sum(1 for e in evenements if e["type"] == "punition"),
               "sanctions": sum(1 for e in evenements if e["type"] == "sanction")}
    return {
        "essai": essai, "le": aujourd_hui.isoformat(),
        "regles": seuils,
        "totaux": regles.resume(comptes),
        "departs": departs,
        "eleves": [d for d in departs if d["categorie"] == "Eleve"],
        "evenements": sorted(evenements, key=lambda e: (e["etablissement"], e["quand"])),
        "rendus": sorted(liste_rendus, key=lambda r: (r["cree_le"], r["id"])),
        "bulletins": sorted(bulletins, key=lambda b: (b["etablissement"], b["periode"], b["eleve"])),
        "brouillons": sorted(liste_brouillons, key=lambda b: (b["enregistre_le"] or "", b["personne"])),
        "courriels_abandonnes": abandonnes,
        "journal_acces": lignes_journal,
    }


def retention_quotidienne(site, progress, maintenant):
    bilan = appliquer(site, essai=False)
    return {"totaux": bilan["totaux"], "departs": len(bilan["departs"])}


RETENTION = TachePeriodique("cartable.rgpd.retention", "Durées de conservation (RGPD)", retention_quotidienne,
                            Quotidien(HEURE, "02:30"))
