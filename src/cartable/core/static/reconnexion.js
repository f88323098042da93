/* Re-login without leaving the page, shared by the pages that keep unsent input
   in localStorage (grade grid, class council, cahier de textes…). Plone's own
   login form sets the session cookie; its hidden fields (CSRF token) go back
   with the credentials. The page gives its form (#reco-login, #reco-mdp,
   #reco-erreur inside or beside it), a request that tells whether the session
   works again, and what to do then (usually: send the stored batch again). */
window.CartableReconnexion = {
  brancher: function (formulaire, options) {
    "use strict";
    formulaire.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const erreur = document.getElementById("reco-erreur");
      erreur.textContent = "";
      try {
        const page = await fetch(options.portal + "/login", {credentials: "same-origin", cache: "no-store"});
        const login = new DOMParser().parseFromString(await page.text(), "text/html").querySelector("form#login_form, form[action$='login']");
        const donnees = new FormData();
        if (login) login.querySelectorAll("input[type=hidden]").forEach((i) => donnees.append(i.name, i.value));
        donnees.set("__ac_name", document.getElementById("reco-login").value);
        donnees.set("__ac_password", document.getElementById("reco-mdp").value);
        donnees.set("buttons.login", "Se connecter");
        await fetch(options.portal + "/login", {method: "POST", body: donnees, credentials: "same-origin", redirect: "manual"});
        const test = await options.verifier();
        if (test.status === 401 || test.status === 403) { erreur.textContent = "Identifiant ou mot de passe incorrect."; return; }
      } catch (e) { erreur.textContent = "Pas de réseau : réessayez dans un instant."; return; }
      formulaire.hidden = true;
      document.getElementById("reco-mdp").value = "";
      options.reconnecte();
    });
  },
};
