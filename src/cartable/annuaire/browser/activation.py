from plone.protect import CheckAuthenticator, PostOnly
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage

from cartable.annuaire import _
from cartable.annuaire.activation import activer_compte
from cartable.annuaire.comptes import ActivationRefusee


class ActivationView(BrowserView):
    """@@activation: login + code from the letter + new password, then the login form."""

    erreur = None

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST" and "activer" in form:
            PostOnly(self.request)
            CheckAuthenticator(self.request)
            try:
                login = activer_compte(
                    self.context,
                    form.get("login"),
                    form.get("code"),
                    form.get("mot_de_passe"),
                    form.get("confirmation", ""),
                    adresse=self.request.getClientAddr() or "",
                )
            except ActivationRefusee as exc:
                self.erreur = str(exc)
                self.request.response.setStatus(400)
            else:
                IStatusMessage(self.request).add(
                    _("compte_active", default="Votre compte est activé : connectez-vous avec votre nouveau mot de passe."),
                    type="info",
                )
                self.request.response.redirect(f"{self.context.absolute_url()}/login?__ac_name={login}")
                return ""
        return self.index()
