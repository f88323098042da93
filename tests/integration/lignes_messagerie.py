"""Access-matrix rows of cartable.messagerie, merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body). Every person of the
directory has a mailbox: they list, count and search their own; the anonymous visitor (401) and the region's
administrator, who is no person of the directory (403), have none. No one reads a conversation they are not in,
through any path: a conversation id that is not theirs answers 404 to everybody for every method (the matrix's
personas are in no conversation; tests/integration/test_messagerie.py does the same with real conversations,
for the participants' neighbours, the other family, the other class's teacher, the CPE and the direction).
"""

from tests.integration.matrice_roles import ROLES

PERSONNES = ("eleve", "parent", "parent_autre", "enseignant", "enseignant_autre", "cpe", "direction", "cpe_autre")


def personnes(statut):
    """``statut`` (« ok » or a status) for every person of the directory; refused to the others."""
    return {role: statut if role in PERSONNES else "non" for role in ROLES}


AUTRUI = "{site}/@messagerie-conversation/0123456789abcdef0123456789abcdef"

LIGNES = {
    ("@messagerie", "GET"): ("{site}/@messagerie?dossier=reception", personnes("ok"), 200, None),
    ("@messagerie-non-lus", "GET"): ("{site}/@messagerie-non-lus", personnes("ok"), 200, None),
    ("@messagerie-destinataires", "GET"): ("{site}/@messagerie-destinataires?q=a", personnes("ok"), 200, None),
    ("@messagerie-conversation", "GET"): (AUTRUI, personnes(404), 404, None),
    ("@messagerie-lu", "POST"): (AUTRUI.replace("conversation", "lu"), personnes(404), 404, {}),
    ("@messagerie-repondre", "POST"): (AUTRUI.replace("conversation", "repondre"), personnes(404), 404,
                                       {"texte": "Intrus"}),
    ("@messagerie-ranger", "POST"): (AUTRUI.replace("conversation", "ranger"), personnes(404), 404,
                                     {"dossier": "archives"}),
    # a message to nobody: refused as bad input (400) for every person, nothing written
    ("@messagerie-envoyer", "POST"): ("{site}/@messagerie-envoyer", personnes(400), 400,
                                      {"sujet": "Question", "texte": "Bonjour"}),
}

# the pages: the folders and the new-message form for every person (the region's administrator, who has no mailbox,
# is told so); a conversation not theirs is 404 for everybody (the page says so without saying whether it exists)
LIGNES.update({
    ("messagerie", "page"): ("{site}/@@messagerie?dossier=reception", {**personnes("ok"), "admin": "ok"}, 200, None),
    ("messagerie-ecrire", "page"): ("{site}/@@messagerie-ecrire", {**personnes("ok"), "admin": "ok"}, 200, None),
    ("messagerie-conversation", "page"): (AUTRUI.replace("@messagerie-conversation/", "@@messagerie-conversation?id="),
                                          {**personnes(404), "admin": 404}, 404, None),
})

# an establishment's settings (the collège): its staff and the region read them; its direction and the region change
# them (a value that is not vrai/faux: 400, nothing written); the lycée's CPE and the families are refused
PERSONNELS_COLLEGE = ("enseignant", "enseignant_autre", "cpe", "direction", "admin")
LIGNES.update({
    ("@messagerie-reglages", "GET"): ("{etab}/@messagerie-reglages",
                                      {r: "ok" if r in PERSONNELS_COLLEGE else "non" for r in ROLES}, 200, None),
    ("@messagerie-reglages", "POST"): ("{etab}/@messagerie-reglages",
                                       {r: 400 if r in ("direction", "admin") else "non" for r in ROLES}, 400,
                                       {"eleves_entre_eux": "oui"}),
})

# signalement: a message of a conversation not theirs is 404 for everybody; the reports are read by the direction
LIGNES.update({
    ("@messagerie-signaler", "POST"): (AUTRUI.replace("conversation", "signaler"), personnes(404), 404,
                                       {"message": "inconnu", "motif": "Intrus"}),
    ("@messagerie-signalements", "GET"): ("{site}/@messagerie-signalements",
                                          {r: "ok" if r == "direction" else "non" for r in ROLES}, 200, None),
    ("messagerie-signalements", "page"): ("{site}/@@messagerie-signalements",
                                          {r: "ok" if r in ("direction", "admin") else "non" for r in ROLES}, 200, None),
})

# carnet de liaison: signing or reminding a mot of a conversation not theirs is 404 for everybody
LIGNES.update({
    ("@messagerie-signer", "POST"): (AUTRUI.replace("conversation", "signer"), personnes(404), 404, {}),
    ("@messagerie-relancer", "POST"): (AUTRUI.replace("conversation", "relancer"), personnes(404), 404, {}),
})

# each person's own draft saved as typed: read by its owner (nobody reads another's: there is no id to ask for);
# a malformed draft is refused (400) for every person and writes nothing
LIGNES.update({
    ("@messagerie-brouillon", "GET"): ("{site}/@messagerie-brouillon", personnes("ok"), 200, None),
    ("@messagerie-brouillon", "POST"): ("{site}/@messagerie-brouillon", personnes(400), 400, {"sujet": ["pas du texte"]}),
})

# an attachment: downloaded only by the participants of its message; a conversation not theirs is 404 for everybody
LIGNES.update({
    ("messagerie-piece", "page"): (AUTRUI.replace("@messagerie-conversation/", "@@messagerie-piece?conversation=")
                                   + "&message=0123&id=compte-rendu.pdf", {**personnes(404), "admin": "non"}, 404, None),
})
