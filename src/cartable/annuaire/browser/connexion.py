"""The login page (``login``, the form of the 8:00 peak), light: Plone's own login form — its class, so the same
authentication through PAS (the login throttle, plone.session's ``__ac`` cookie, the UserLoggedIn events, the
first-login and password-change hooks), the same ``came_from`` checks (in the portal, not a login page, a path
that exists) and the same CSRF rules (plone.protect's transform still runs) — shown as a standalone page: plain
Chameleon under the header of every page, without main_template and the Diazo theme, which were two thirds of a
login's server CPU. The identity providers' choices (``cartable.saml.choix``) above the form, as before.

A region that sends its logins elsewhere (``plone.external_login_url``) is redirected as Plone does.
"""

from plone import api
from plone.app.layout.viewlets.interfaces import IAboveContent
from plone.registry.interfaces import IRegistry
from Products.CMFPlone.browser.login.login import LoginForm
from Products.statusmessages.interfaces import IStatusMessage
from zope.component import queryMultiAdapter, queryUtility
from zope.i18n import translate
from zope.interface import implementer
from zope.viewlet.interfaces import IViewlet

from cartable.annuaire.bureau.autonome import EnTeteSeule, gabarit, region_nom


@implementer(IAboveContent)
class AuDessusDuFormulaire(EnTeteSeule):
    """The manager the identity providers' choices are registered for, without main_template."""


class Connexion(LoginForm):
    modele = gabarit("templates/connexion.pt", __file__)

    def render(self):
        if queryUtility(IRegistry)["plone.external_login_url"]:
            return super().render()
        self._set_no_cache_headers()
        reponse = self.request.response
        reponse.setHeader("X-Theme-Disabled", "1")  # complete as rendered: no Diazo (plone.protect's transform stays)
        reponse.setHeader("X-Frame-Options", "SAMEORIGIN")
        reponse.setHeader("Content-Type", "text/html; charset=utf-8")
        site = api.portal.get()
        self.url_site = site.absolute_url()
        self.region = region_nom(site)
        entete = self._viewlet(EnTeteSeule, "cartable.entete")
        choix = self._viewlet(AuDessusDuFormulaire, "cartable.saml.choix")
        requete = self.request

        def traduire(msgid, domain=None, mapping=None, context=None, target_language=None, default=None, **_):
            return translate(msgid, domain=domain, mapping=mapping, context=requete, target_language=target_language,
                             default=default)

        return self.modele(
            view=self, translate=traduire,
            entete=entete.render() if entete is not None else None,
            choix=choix.render() if choix is not None else "",
            messages=[{"texte": translate(m.message, context=requete), "genre": m.type}
                      for m in IStatusMessage(requete).show()],
            erreur=translate(self.status, context=requete) if self.status else "",
            nom=self.widgets["ac_name"], mot_de_passe=self.widgets["ac_password"],
            came_from=self.widgets["came_from"].value or "",
        )

    def _viewlet(self, gestionnaire, nom):
        viewlet = queryMultiAdapter((self.context, self.request, self, gestionnaire(self.context, self.request, self)),
                                    IViewlet, name=nom)
        if viewlet is not None:
            viewlet.update()
        return viewlet
