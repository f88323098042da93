/* cartable.commun: what every page's script shares, as window.Cartable (no build step, nothing
   downloaded). Served as ++resource++cartable.commun/commun.js, included before the page's own script.
     appeler / requete     the REST call: JSON in and out, same-origin cookies, French error messages
     nouvelleCle           the Idempotency-Key of an action (kept until the server has answered)
     boite                 the outbox: requests kept in localStorage with their key, sent in order,
                           sent again after a network cut, a 503, a reload or a re-login in place
     etatEnMots            the outbox's state as the status line of a page says it (grids, roll call)
     indisponibleEnMots    the same line while a first read waits for Cartable
     lirePatiemment        a page's first read, waiting out a 503 (Retry-After) instead of failing
     suivreTache           a background task followed until it ends (@cartable-tasks/<id>)
     telecharger           a file fetched from a JSON-only service and handed to the browser
     enBase64, avancer     a file read for a JSON body; a progress bar moved */
(function () {
  "use strict";

  const PAS_DE_RESEAU = "Pas de réseau : réessayez dans un instant.";
  // Cartable's storage away for a moment (cartable.core.indisponible; HAProxy with no instance up answers the same)
  const INDISPONIBLE = "Cartable est momentanément indisponible, réessayez dans un instant.";

  // -- the idempotency key ---------------------------------------------------------------------------
  function nouvelleCle() {
    const c = window.crypto;
    if (c && c.randomUUID) return c.randomUUID();  // secure contexts only (https, localhost)
    if (c && c.getRandomValues) {  // a version 4 UUID all the same
      const o = c.getRandomValues(new Uint8Array(16));
      o[6] = (o[6] & 0x0f) | 0x40;
      o[8] = (o[8] & 0x3f) | 0x80;
      const h = Array.from(o, (b) => b.toString(16).padStart(2, "0")).join("");
      return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
    }
    return Date.now().toString(16) + "-" + Math.random().toString(16).slice(2) + Math.random().toString(16).slice(2);
  }

  // -- the API call ------------------------------------------------------------------------------------
  // options: {methode, corps (sent as JSON), cle (Idempotency-Key), entetes}. The raw Response;
  // a network cut rejects (as fetch does).
  function requete(url, options) {
    options = options || {};
    const entetes = Object.assign({Accept: "application/json"}, options.entetes || {});
    const init = {method: options.methode || (options.corps === undefined ? "GET" : "POST"), credentials: "same-origin", cache: "no-store"};
    if (options.corps !== undefined) {
      entetes["Content-Type"] = "application/json";
      init.body = typeof options.corps === "string" ? options.corps : JSON.stringify(options.corps);
    }
    if (options.cle) entetes["Idempotency-Key"] = options.cle;
    init.headers = entetes;
    return fetch(url, init);
  }

  // The French sentence for a refused request: the service's {"error": {"type", "message"}},
  // else one that says what happened.
  function messageErreur(statut, donnees) {
    if (statut === 0) return PAS_DE_RESEAU;
    if (statut === 401) return "Session expirée : reconnectez-vous, puis recommencez.";
    const message = donnees && donnees.error && donnees.error.message;
    if (message) return message;
    if (statut === 503) return INDISPONIBLE;  // an answer without Cartable's JSON (a proxy's page)
    if (statut === 413) return "Fichier trop volumineux pour le serveur.";
    return "Erreur du serveur (" + statut + ").";
  }

  // The wait a 503 or a 429 asks for (Retry-After, in seconds), in ms, from 1 to 60 s; without the header, sinon.
  function attenteDemandee(reponse, sinon) {
    const secondes = parseInt(reponse.headers.get("Retry-After") || "", 10);
    return Number.isFinite(secondes) ? Math.min(Math.max(secondes, 1), 60) * 1000 : sinon;
  }

  // A page's first read (GET): while Cartable answers 503 (its storage restarting), it waits the Retry-After
  // and asks again, calling options.attente(secondes) at each 503 (the page says it waits); resolves to the
  // first other Response. A network cut rejects, as fetch does.
  async function lirePatiemment(url, options) {
    options = options || {};
    for (;;) {
      const reponse = await requete(url, options);
      if (reponse.status !== 503) return reponse;
      const ms = attenteDemandee(reponse, options.reessai || 5000);
      if (options.attente) options.attente(Math.round(ms / 1000));
      await new Promise((r) => setTimeout(r, ms));
    }
  }

  // « dans 3 secondes », « dans 1 seconde », « dans un instant » (0 or unknown)
  function dansSecondes(secondes) {
    if (!(secondes > 0)) return "dans un instant";
    return "dans " + secondes + (secondes > 1 ? " secondes" : " seconde");
  }

  // A first read waiting (lirePatiemment's attente): « Cartable est momentanément indisponible, nouvel essai dans 3 secondes. »
  function indisponibleEnMots(secondes) {
    return "Cartable est momentanément indisponible, nouvel essai " + dansSecondes(secondes) + ".";
  }

  // The status line of a page with an outbox, from boite's etat(): {texte, genre (Bootstrap's alert colour),
  // cas ("session", "reseau", "indisponible", "attente", "enregistre")}. mots: {unite: "saisie(s)",
  // gardees: "gardée(s)"} (what is kept: « 3 saisie(s) gardée(s) sur cet appareil »). The page adds its own
  // refusals and its last word (« Appel terminé »).
  function etatEnMots(etat, mots) {
    const n = etat.attente, gardees = n + " " + mots.unite + " " + mots.gardees + " sur cet appareil";
    if (!etat.session) return {cas: "session", genre: "danger", texte: "Session expirée : " + gardees + ". Reconnectez-vous ci-dessous."};
    if (!etat.reseau) return {cas: "reseau", genre: "warning", texte: "Hors ligne : " + gardees + ", envoi au retour du réseau."};
    if (etat.indisponible && n) {
      return {cas: "indisponible", genre: "warning",
              texte: "Cartable est momentanément indisponible : " + gardees + ", nouvel essai " + dansSecondes(etat.reessai) + "."};
    }
    if (n) return {cas: "attente", genre: "info", texte: n + " " + mots.unite + " en attente d'envoi…"};
    return {cas: "enregistre", genre: "success", texte: "Tout est enregistré."};
  }

  // Never rejects: {ok, statut (0: no network), donnees (the JSON answer, {} if none), message
  // (French, when not ok), reponse (the Response, null without network)}.
  async function appeler(url, options) {
    let reponse;
    try { reponse = await requete(url, options); }
    catch (e) { return {ok: false, statut: 0, donnees: {}, message: PAS_DE_RESEAU, reponse: null}; }
    const donnees = await reponse.json().catch(() => ({}));
    return {ok: reponse.ok, statut: reponse.status, donnees: donnees, message: reponse.ok ? "" : messageErreur(reponse.status, donnees), reponse: reponse};
  }

  // -- files ------------------------------------------------------------------------------------------
  function enBase64(fichier) {
    return new Promise((resoudre, rejeter) => {
      const lecteur = new FileReader();
      lecteur.onload = () => resoudre(String(lecteur.result).split(",", 2)[1] || "");
      lecteur.onerror = () => rejeter(lecteur.error);
      lecteur.readAsDataURL(fichier);
    });
  }

  // REST services only answer Accept: application/json, so a file is fetched, then handed to the
  // browser under the server's name (Content-Disposition), else options.nom; options.bouton is
  // disabled meanwhile. Resolves to the file's name; rejects with an Error whose message is French.
  async function telecharger(url, options) {
    options = options || {};
    if (options.bouton) options.bouton.disabled = true;
    try {
      let reponse;
      try { reponse = await requete(url); } catch (e) { throw new Error(PAS_DE_RESEAU); }
      if (!reponse.ok) throw new Error(messageErreur(reponse.status, await reponse.json().catch(() => ({}))));
      const nom = /filename="([^"]+)"/.exec(reponse.headers.get("Content-Disposition") || "");
      const lien = document.createElement("a");
      lien.href = URL.createObjectURL(await reponse.blob());
      lien.download = nom ? nom[1] : options.nom || "fichier";
      document.body.appendChild(lien);
      lien.click();
      lien.remove();
      setTimeout(() => URL.revokeObjectURL(lien.href), 10000);
      return lien.download;
    } finally {
      if (options.bouton) options.bouton.disabled = false;
    }
  }

  // -- task progress ------------------------------------------------------------------------------------
  // A progress bar (.progress with a .progress-bar inside, or the bar itself) at fait / total.
  function avancer(barre, fait, total) {
    const pourcent = total ? Math.min(100, Math.round(100 * fait / total)) : 0;
    const interieur = barre.firstElementChild || barre;
    barre.setAttribute("aria-valuenow", String(pourcent));
    interieur.style.width = pourcent + "%";
    interieur.textContent = pourcent + " %";
    return pourcent;
  }

  // Polls url (a @cartable-tasks/<id> answer: {state, done, total, message, result, error}) until
  // fini(job) (by default: done or failed), calling progression(job) at each answer and horsLigne()
  // when the network is cut (the polling goes on). Resolves to the last job; rejects with a French Error.
  function suivreTache(url, options) {
    options = options || {};
    const fini = options.fini || ((job) => job.state === "done" || job.state === "failed");
    return new Promise((resoudre, rejeter) => {
      async function tour() {
        const r = await appeler(url);
        if (r.statut === 0) { if (options.horsLigne) options.horsLigne(); setTimeout(tour, options.reessai || 3000); return; }
        if (!r.ok) { const e = new Error(r.message); e.statut = r.statut; rejeter(e); return; }
        if (options.progression) options.progression(r.donnees);
        if (fini(r.donnees)) { resoudre(r.donnees); return; }
        setTimeout(tour, options.intervalle || 1000);
      }
      tour();
    });
  }

  // -- re-login in place ------------------------------------------------------------------------------------
  // Plone's own login form sets the session cookie; its hidden fields (CSRF token) go back with the
  // credentials. The page's form#reconnexion (#reco-login, #reco-mdp, #reco-erreur) is used, or one
  // is built after options.apres. The answer cannot be read (a redirect), so the outbox checks it:
  // verifier() tells whether the session works again (false: wrong credentials).
  function formulaireDeReconnexion(apres) {
    let formulaire = document.getElementById("reconnexion");
    if (formulaire) return formulaire;
    formulaire = document.createElement("form");
    formulaire.id = "reconnexion";
    formulaire.className = "card card-body mb-3";
    formulaire.hidden = true;
    formulaire.innerHTML =
      '<p class="mb-2">Votre session a expiré. Reconnectez-vous : vos saisies sont gardées sur cet appareil et seront envoyées ensuite.</p>' +
      '<div class="row g-2">' +
      '<div class="col-auto"><input class="form-control" id="reco-login" name="login" autocomplete="username" placeholder="Identifiant"></div>' +
      '<div class="col-auto"><input class="form-control" id="reco-mdp" name="password" type="password" autocomplete="current-password" placeholder="Mot de passe"></div>' +
      '<div class="col-auto"><button class="btn btn-primary" id="reco-ok" type="submit">Se reconnecter</button></div>' +
      "</div>" +
      '<p class="text-danger mt-2 mb-0" id="reco-erreur"></p>';
    apres.after(formulaire);
    return formulaire;
  }

  function portail() {
    return document.body.dataset.portalUrl || window.location.origin;
  }

  function brancherReconnexion(formulaire, options) {
    const champ = (id) => formulaire.querySelector("#" + id) || document.getElementById(id);
    formulaire.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const erreur = champ("reco-erreur"), bouton = champ("reco-ok");
      erreur.textContent = "";
      if (bouton) bouton.disabled = true;
      try {
        const page = await fetch(options.portail + "/login", {credentials: "same-origin", cache: "no-store"});
        const login = new DOMParser().parseFromString(await page.text(), "text/html").querySelector("form#login_form, form[action$='login']");
        const donnees = new FormData();
        if (login) login.querySelectorAll("input[type=hidden]").forEach((i) => donnees.append(i.name, i.value));
        donnees.set("__ac_name", champ("reco-login").value);
        donnees.set("__ac_password", champ("reco-mdp").value);
        donnees.set("buttons.login", "Se connecter");
        await fetch(options.portail + "/login", {method: "POST", body: donnees, credentials: "same-origin", redirect: "manual"});
      } catch (e) {
        erreur.textContent = PAS_DE_RESEAU;
        if (bouton) bouton.disabled = false;
        return;
      }
      const ok = await options.verifier();
      if (bouton) bouton.disabled = false;
      if (!ok) { erreur.textContent = "Identifiant ou mot de passe incorrect."; return; }
      formulaire.hidden = true;
      champ("reco-mdp").value = "";
    });
  }

  // -- the outbox ---------------------------------------------------------------------------------------------
  // Every change a page must not lose goes to localStorage first (key options.stockage), then to
  // options.url (POST), each request with its Idempotency-Key, stored with it before it is sent: whatever
  // cuts the answer off, the same request goes again with the same key and the server saves it once.
  //   ajouter(corps)       one request, queued in order (a roll-call mark, a cahier entry);
  //   mettre(id, change)   a field's value: pending changes are sent options.delai ms after the last one,
  //                        together in one request built by options.regrouper(changes) → body; a later
  //                        change of the same field replaces the one not sent yet.
  // Answers: 2xx → options.surReponse(donnees, requete) (requete.changes: the fields it carried);
  // no network, 5xx, 408, 429 → sent again options.reessai ms later (or after the Retry-After the server
  // gives, 60 s at most), or when the network comes back;
  // 401 → the session expired: the re-login form is shown, and the outbox resumes once logged in;
  // another 4xx → refused: a batch of several fields goes again one field at a time, so that the refusal
  // names its field; options.surRefus({message, statut, id, change, requete}) (id: null for ajouter).
  // Refused fields stay in refuses() until typed again. options.surEtat(etat()) at every change of state:
  // {attente (changes not confirmed), refus, session, reseau, envoi, indisponible (the last answer was a 503),
  // reessai (whole seconds before the next try after a 503; surEtat is called each second meanwhile)};
  // etatEnMots(etat(), mots) says it.
  function boite(options) {
    const DELAI = options.delai === undefined ? 1500 : options.delai, REESSAI = options.reessai || 5000;
    let envoi = false, session = true, reseau = true, demarre = false, minuterie = null, reessai = null;
    let indisponible = false;  // the last answer was a 503: Cartable's storage is away for a moment
    let prochainEssai = 0, decompte = null;  // when the outbox sends again after a 503 (Date.now() ms), its ticker

    function vide() { return {attente: {}, file: [], refuses: {}, unParUn: false}; }
    function lire() {
      let s;
      try { s = JSON.parse(localStorage.getItem(options.stockage) || "null"); } catch (e) { s = null; }
      // what the pages stored before cartable.commun: the roll call's list, the grid's and council's batch
      const ancien = Array.isArray(s) || !!(s && s.lot);
      if (Array.isArray(s)) s = {file: s.map((op) => ({cle: op.id, corps: op.body}))};
      s = Object.assign(vide(), s || {});
      if (s.lot) {
        s.file.unshift({cle: s.lot.cle || nouvelleCle(), corps: options.regrouper(s.lot.changes), changes: s.lot.changes});
        delete s.lot;
      }
      if (ancien) ecrire(s);  // once: a key made here must stay the same
      return s;
    }
    function ecrire(s) { localStorage.setItem(options.stockage, JSON.stringify(s)); }

    function compter(s) {
      return Object.keys(s.attente).length + s.file.reduce((n, r) => n + (r.changes ? Object.keys(r.changes).length : 1), 0);
    }
    function etat() {
      const s = lire();
      return {attente: compter(s), refus: Object.keys(s.refuses).length, session: session, reseau: reseau, envoi: envoi,
              indisponible: indisponible, reessai: indisponible ? Math.max(0, Math.ceil((prochainEssai - Date.now()) / 1000)) : 0};
    }
    function signaler() { if (options.surEtat) options.surEtat(etat()); }

    function plusTard(ms) {
      ms = ms === undefined ? REESSAI : ms;
      clearTimeout(reessai);
      reessai = setTimeout(envoyer, ms);
      prochainEssai = Date.now() + ms;
      clearInterval(decompte);
      // after a 503 the status line counts down to the next try
      if (indisponible) decompte = setInterval(() => { if (!indisponible || Date.now() >= prochainEssai) clearInterval(decompte); signaler(); }, 1000);
    }

    function refuser(s, requete, statut, message) {
      const ids = Object.keys(requete.changes || {});
      if (ids.length > 1) {
        ids.forEach((id) => { if (!(id in s.attente)) s.attente[id] = requete.changes[id]; });
        s.unParUn = true;
        ecrire(s);
        return;
      }
      if (ids.length === 1 && ids[0] in s.attente) { ecrire(s); return; }  // typed again since: the newer value goes
      if (ids.length === 1) s.refuses[ids[0]] = {change: requete.changes[ids[0]], message: message};
      ecrire(s);
      if (options.surRefus) options.surRefus({message: message, statut: statut, id: ids.length ? ids[0] : null,
                                              change: ids.length ? requete.changes[ids[0]] : null, requete: requete});
    }

    // One request at a time, the oldest first; resolves when the outbox is empty or must wait.
    async function envoyer() {
      demarre = true;
      if (envoi || !session) return;
      clearTimeout(reessai);
      envoi = true;
      try {
        for (;;) {
          let s = lire();
          if (!s.file.length) {
            const ids = Object.keys(s.attente);
            if (!ids.length || !options.regrouper) { if (s.unParUn) { s.unParUn = false; ecrire(s); } return; }
            const changes = {};
            (s.unParUn ? ids.slice(0, 1) : ids).forEach((id) => { changes[id] = s.attente[id]; delete s.attente[id]; });
            s.file.push({cle: nouvelleCle(), corps: options.regrouper(changes), changes: changes});
            ecrire(s);
          }
          const envoyee = s.file[0];
          signaler();
          let reponse;
          try { reponse = await requete(options.url, {corps: envoyee.corps, cle: envoyee.cle}); }
          catch (e) { reseau = false; indisponible = false; plusTard(); return; }
          reseau = true;
          if (reponse.status === 401) { session = false; reconnexion().hidden = false; return; }
          if (reponse.status >= 500 || reponse.status === 408 || reponse.status === 429) {
            indisponible = reponse.status === 503;
            plusTard(attenteDemandee(reponse, REESSAI));
            return;
          }
          indisponible = false;
          clearInterval(decompte);
          const donnees = await reponse.json().catch(() => ({}));
          s = lire();
          s.file = s.file.filter((r) => r.cle !== envoyee.cle);
          if (reponse.ok) {
            ecrire(s);
            if (options.surReponse) options.surReponse(donnees, envoyee);
          } else {
            refuser(s, envoyee, reponse.status, messageErreur(reponse.status, donnees));
          }
        }
      } finally {
        envoi = false;
        signaler();
      }
    }

    let formulaire = null;
    function reconnexion() {
      if (formulaire) return formulaire;
      formulaire = formulaireDeReconnexion(options.apres);
      const login = formulaire.querySelector("#reco-login");
      if (login && !login.value && options.login) login.value = options.login;
      brancherReconnexion(formulaire, {
        portail: options.portail || portail(),
        // the first request waiting is the check: without a session it is refused again (401), writing nothing
        verifier: async () => { session = true; await envoyer(); return session; },
      });
      return formulaire;
    }

    function mettre(id, change) {
      const s = lire();
      s.attente[id] = change;
      delete s.refuses[id];
      ecrire(s);
      signaler();
      clearTimeout(minuterie);
      minuterie = setTimeout(envoyer, DELAI);
    }

    function ajouter(corps, cle) {
      const s = lire();
      s.file.push({cle: cle || nouvelleCle(), corps: corps});
      ecrire(s);
      signaler();
      return envoyer();
    }

    // Every change not confirmed yet, by field (the oldest first, the newest wins), and the queued requests.
    function changes() {
      const s = lire(), tout = {};
      s.file.forEach((r) => Object.assign(tout, r.changes || {}));
      return Object.assign(tout, s.attente);
    }

    window.addEventListener("online", () => { reseau = true; if (demarre) envoyer(); });
    window.addEventListener("focus", () => { if (demarre && compter(lire())) envoyer(); });

    return {
      ajouter: ajouter,
      mettre: mettre,
      envoyer: envoyer,
      etat: etat,
      changes: changes,
      requetes: () => lire().file,
      refuses: () => lire().refuses,
      nonEnvoye: (id) => id in lire().attente,  // typed again since the last request left
      occupe: () => envoi || !session || compter(lire()) > 0,
    };
  }

  window.Cartable = {
    appeler: appeler,
    requete: requete,
    messageErreur: messageErreur,
    nouvelleCle: nouvelleCle,
    boite: boite,
    etatEnMots: etatEnMots,
    indisponibleEnMots: indisponibleEnMots,
    lirePatiemment: lirePatiemment,
    suivreTache: suivreTache,
    telecharger: telecharger,
    enBase64: enBase64,
    avancer: avancer,
  };
})();
