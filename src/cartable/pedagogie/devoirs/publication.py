"""A Devoir's attachments follow it: hidden while it is a draft, visible to the space once it is published."""

from plone import api


def pieces_jointes_visibles(devoir, event):
    """On « publier » (or « rouvrir »): make the private attachments (File, Image, Link) visible."""
    if event.transition is None or event.new_state.id != "publie":
        return
    with api.env.adopt_roles(["Manager"]):  # the teacher published the Devoir: its attachments go with it
        for objet in devoir.objectValues():
            if objet.portal_type in ("File", "Image", "Link") and api.content.get_state(objet, default=None) == "prive":
                api.content.transition(obj=objet, transition="rendre_visible")
