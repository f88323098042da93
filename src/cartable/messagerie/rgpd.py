"""The messagerie's part of RGPD (cartable.policy.rgpd): what « Mes données » says of a person's attachments and of
their draft, and the retention tour's drafts. Reads never write; the tour's run removes only what its dry run counts.

- An attachment is listed with its name, its size in words and its address (``@@messagerie-piece``, which only the
  participants of its message may download): the file itself stays in the messagerie, as a hand-in's files do.
- The draft saved as typed (one per person, removed when sent) is in its owner's export: subject, text, the people
  and groups chosen, when it was saved.
- Drafts are kept ``cartable.rgpd.retention_brouillons_annees`` years after they were last saved (default in
  cartable.regles.retention); the tour reads the drafts' tree once (one entry per person who has a draft).
"""

from cartable.messagerie import envoi, lecture
from cartable.messagerie.stockage import lire_messagerie
from cartable.regles import messagerie as regles
from cartable.regles import retention as regles_retention


def pieces(site, conversation_id, message) -> list[dict]:
    """A message's attachments as the export lists them: name, size in words, the participants' download address."""
    return [{"nom": p["id"], "taille": regles.piece_en_mots(p["id"], p["taille"]),
             "url": lecture.url_piece(site, conversation_id, message.id, p["id"])} for p in message.pieces]


def brouillon(site, annuaire, titulaire) -> dict | None:
    """The person's draft as the export says it (None without one)."""
    brouillon = envoi.brouillon_de(site, titulaire)
    if brouillon is None:
        return None
    groupes = []
    for cle in brouillon.get("groupes") or ():
        try:
            groupes.append(envoi.libelle_groupe(annuaire, regles.lire_groupe(cle)) if annuaire is not None else cle)
        except regles.MessageInvalide:
            groupes.append(cle)
    return {"sujet": brouillon.get("sujet") or "", "texte": brouillon.get("texte") or "",
            "a": [lecture.nom(annuaire, p["id"]) if annuaire is not None and annuaire.personne(p["id"]) is not None
                  else p.get("nom") or p["id"] for p in brouillon.get("destinataires") or ()],
            "groupes": groupes, "a_signer": bool(brouillon.get("a_signer")), "enregistre_le": brouillon.get("le")}


def brouillons_perimes(site, aujourd_hui, annees) -> list[tuple[str, str]]:
    """[(person id, when saved)] of the drafts last saved more than ``annees`` years before today (a draft whose
    date cannot be read is kept)."""
    messagerie = lire_messagerie(site)
    brouillons = getattr(messagerie, "brouillons", None) if messagerie is not None else None
    regle = regles_retention.REGLES["brouillons"]
    return [(ident, b.get("le")) for ident, b in (brouillons.items() if brouillons is not None else ())
            if regles_retention.perime(aujourd_hui, regle.base, annees, jour=b.get("le"))]


def retirer_brouillons(site, perimes, essai) -> None:
    """The run: those drafts removed (nothing in a dry run)."""
    if essai or not perimes:
        return
    brouillons = lire_messagerie(site).brouillons
    for ident, _ in perimes:
        brouillons.pop(ident, None)
