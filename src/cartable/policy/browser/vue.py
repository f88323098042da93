"""``@@view`` of any content: its designed page, never Plone's raw field view.

Plone registers ``view`` for every Dexterity content as the raw rendering of its schema (every field's
label and value: « Nom court », « Related Items », the establishment's AAF key…). A content's default page
(its layout: ``document_view``, ``listing_view``, the add-ons' own ``view``) never uses it, but anyone
allowed to view the content could type ``…/@@view``. Here, ``@@view`` renders the content's layout; the
add-ons' own ``view`` pages, registered for their types, take precedence. A content whose layout is
``view`` itself and has no designed page keeps Plone's view (tests/integration/test_vues_dexterity.py
fails on it). The raw fields stay the editors' tool, on ``@@edit``.
"""

from plone.dexterity.browser.view import DefaultView
from Products.Five.browser import BrowserView


class VueDesignee(BrowserView):
    def __call__(self):
        layout = getattr(self.context, "getLayout", lambda: None)()
        if layout and layout.lstrip("@") != "view":
            # traversed as the default page is (a view or a skin template, with its own permission)
            return self.context.restrictedTraverse(layout)()
        return DefaultView(self.context, self.request)()
