/* The messagerie's pages. What is typed is kept in localStorage as it is typed (the draft, per person), and a
   message or a reply leaves through cartable.commun's outbox: stored with its Idempotency-Key before it is
   sent, sent again after a network cut, a reload or a re-login, saved once by the server. */
(function () {
  "use strict";
  const C = window.Cartable;

  // the files chosen, in base64 for the JSON body ({nom, contenu}); checked again by the server
  async function lirePieces(champ) {
    const fichiers = Array.from((champ && champ.files) || []);
    return Promise.all(fichiers.map(async (f) => ({nom: f.name, contenu: await C.enBase64(f)})));
  }
  // into the outbox (kept until the server answers); files too large for this device's storage leave at once
  function deposer(boite, corps, message, url, surReponse) {
    try { boite.ajouter(corps); }
    catch (e) {
      message.textContent = "Envoi…";
      C.appeler(url, {methode: "POST", corps: corps, cle: C.nouvelleCle()}).then((r) => {
        if (r.ok) surReponse(r.donnees); else message.textContent = r.message;
      });
    }
  }

  function cleBrouillon(login) { return "cartable-messagerie-brouillon:" + login; }
  function lireJSON(cle) {
    try { return JSON.parse(localStorage.getItem(cle) || "null"); } catch (e) { return null; }
  }

  // -- the folders: the draft kept on this device ------------------------------------------------------
  const messagerie = document.getElementById("messagerie");
  if (messagerie && messagerie.dataset.dossier === "brouillons" && messagerie.querySelector(".messagerie-brouillon")) {
    const brouillon = lireJSON(cleBrouillon(messagerie.dataset.login));
    if (brouillon && (brouillon.sujet || brouillon.texte)) {
      messagerie.querySelector(".messagerie-brouillon").hidden = false;
      messagerie.querySelector(".messagerie-sans-brouillon").hidden = true;
      messagerie.querySelector(".messagerie-brouillon-sujet").textContent = brouillon.sujet ? "« " + brouillon.sujet + " »" : "";
    }
  }

  // -- a conversation: marked read once shown, a reply, filing -------------------------------------------
  const conversation = document.getElementById("conversation");
  if (conversation) {
    const site = conversation.dataset.site, id = conversation.dataset.id, login = conversation.dataset.login;
    const message = conversation.querySelector(".messagerie-message");
    if (Number(conversation.dataset.nonLus) > 0) {
      C.appeler(site + "/@messagerie-lu/" + encodeURIComponent(id), {methode: "POST", corps: {}});
    }
    // a message to many, its mailboxes filled in the background: the sender's progress, read every 2 s until done
    const envois = Array.from(conversation.querySelectorAll(".messagerie-envoi")).filter((b) => b.dataset.termine !== "1");
    if (envois.length) {
      const suivre = async () => {
        const r = await C.appeler(site + "/@messagerie-conversation/" + encodeURIComponent(id));
        let encore = !r.ok;
        if (r.ok) {
          r.donnees.messages.forEach((m) => {
            const badge = envois.find((b) => b.dataset.message === m.id);
            if (!badge || !m.envoi) return;
            badge.textContent = m.envoi.texte;
            if (m.envoi.termine) badge.dataset.termine = "1"; else encore = true;
          });
        }
        if (encore) setTimeout(suivre, 2000);
      };
      setTimeout(suivre, 2000);
    }
    const form = conversation.querySelector("form.messagerie-repondre");
    const cleReponse = "cartable-messagerie-reponse:" + login + ":" + id;
    const texte = form.elements.texte;
    texte.value = localStorage.getItem(cleReponse) || "";
    texte.addEventListener("input", () => localStorage.setItem(cleReponse, texte.value));
    const urlReponse = site + "/@messagerie-repondre/" + encodeURIComponent(id);
    const repondu = () => {
      localStorage.removeItem(cleReponse);
      message.textContent = "Réponse envoyée.";
      window.location.reload();
    };
    const boite = C.boite({
      stockage: "cartable-messagerie-reponses:" + login + ":" + id,
      url: urlReponse,
      apres: message,
      login: login,
      surEtat: (e) => {
        if (!e.attente) return;
        if (!e.session) message.textContent = "Session expirée : reconnectez-vous ci-dessous, votre réponse est gardée ici.";
        else if (!e.reseau) message.textContent = "Hors ligne : votre réponse est gardée sur cet appareil et partira au retour du réseau.";
        else message.textContent = "Envoi…";
      },
      surReponse: repondu,
      surRefus: (r) => { message.textContent = r.message; },
    });
    if (boite.requetes().length) boite.envoyer();  // a reply left before a cut or a reload
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!texte.value.trim()) { message.textContent = "Écrivez votre réponse avant de l'envoyer."; return; }
      if (boite.occupe()) { message.textContent = "Une réponse est déjà en cours d'envoi."; return; }
      const pieces = await lirePieces(form.elements.pieces);
      deposer(boite, {texte: texte.value, tous: form.elements.tous.checked, pieces_jointes: pieces}, message, urlReponse, repondu);
    });
    conversation.querySelectorAll("form.messagerie-signaler-form").forEach((f) => f.addEventListener("submit", async (e) => {
      e.preventDefault();
      const bouton = f.querySelector("button");
      bouton.disabled = true;
      const r = await C.appeler(site + "/@messagerie-signaler/" + encodeURIComponent(id),
                                {methode: "POST", corps: {message: f.dataset.message, motif: f.elements.motif.value}, cle: C.nouvelleCle()});
      message.textContent = r.ok ? r.donnees.message : r.message;
      if (!r.ok) bouton.disabled = false;
    }));
    // carnet de liaison: sign (a parent), remind the families that did not (its author); then the page again
    [["button.messagerie-signer", "/@messagerie-signer/", true], ["button.messagerie-relancer", "/@messagerie-relancer/", false]].forEach(([selecteur, service, recharger]) => {
      const bouton = conversation.querySelector(selecteur);
      if (!bouton) return;
      bouton.addEventListener("click", async () => {
        bouton.disabled = true;
        const r = await C.appeler(site + service + encodeURIComponent(id), {methode: "POST", corps: {}, cle: C.nouvelleCle()});
        message.textContent = r.ok ? r.donnees.message : r.message;
        if (r.ok && recharger) window.location.reload();
        if (!r.ok) bouton.disabled = false;
      });
    });
    conversation.querySelectorAll(".messagerie-ranger").forEach((b) => b.addEventListener("click", async () => {
      b.disabled = true;
      const r = await C.appeler(site + "/@messagerie-ranger/" + encodeURIComponent(id),
                                {methode: "POST", corps: {dossier: b.dataset.dossier}, cle: C.nouvelleCle()});
      if (r.ok) { window.location.href = site + "/@@messagerie"; return; }
      message.textContent = r.message;
      b.disabled = false;
    }));
  }

  // -- the new message ----------------------------------------------------------------------------------
  const ecrire = document.getElementById("ecrire");
  if (ecrire) {
    const site = ecrire.dataset.site, login = ecrire.dataset.login;
    const message = ecrire.querySelector(".messagerie-message");
    const trouves = ecrire.querySelector(".messagerie-trouves");
    const cle = cleBrouillon(login);

    function coches(nom) {
      return Array.from(ecrire.querySelectorAll("input[name=" + nom + "]:checked"));
    }
    function contenu() {
      return {
        sujet: ecrire.elements.sujet.value,
        texte: ecrire.elements.texte.value,
        destinataires: coches("destinataires").map((c) => ({id: c.value, nom: c.dataset.nom || "", eleve: c.dataset.eleve === "1"})),
        groupes: coches("groupes").map((c) => c.value),
        a_signer: !!(ecrire.elements.a_signer && ecrire.elements.a_signer.checked),
        aux_familles: auxFamilles(),
      };
    }
    function auxFamilles() { return !!(ecrire.elements.aux_familles && ecrire.elements.aux_familles.checked); }
    function garder() {
      localStorage.setItem(cle, JSON.stringify(contenu()));
    }
    // the server's copy (the mailbox's « Brouillons »), 1.5 s after the last keystroke; off line, this device keeps it
    const etatBrouillon = ecrire.querySelector(".messagerie-brouillon-etat");
    let minuterieBrouillon = null, envoye = false;
    function garderSurLeServeur() {
      clearTimeout(minuterieBrouillon);
      minuterieBrouillon = setTimeout(async () => {
        if (envoye) return;
        const r = await C.appeler(site + "/@messagerie-brouillon", {methode: "POST", corps: contenu()});
        if (envoye) return;
        etatBrouillon.textContent = r.ok ? "Brouillon enregistré dans votre messagerie."
          : "Brouillon gardé sur cet appareil : il sera enregistré dans votre messagerie au retour du réseau.";
      }, 1500);
    }
    function caseDe(id) {
      return Array.from(ecrire.querySelectorAll("input[name=destinataires]")).find((c) => c.value === id);
    }
    let rang = 0;
    function ajouterCase(liste, personne, cochee) {
      const li = document.createElement("li");
      li.className = "form-check";
      const input = document.createElement("input");
      input.className = "form-check-input";
      input.type = "checkbox";
      input.name = "destinataires";
      input.value = personne.id;
      input.id = "trouve-" + (rang += 1);
      input.dataset.nom = personne.nom;
      input.dataset.eleve = personne.eleve ? "1" : "";
      input.checked = !!cochee;
      const label = document.createElement("label");
      label.className = "form-check-label text-break";
      label.htmlFor = input.id;
      label.textContent = personne.nom + (personne.detail ? " — " + personne.detail : "");
      li.append(input, label);
      liste.append(li);
      return input;
    }

    // the draft as it was typed: this device's, else the one saved in the mailbox (another device); then the
    // person chosen from Mon bureau (?a=)
    function plein(b) { return b && (b.sujet || b.texte || (b.destinataires || []).length || (b.groupes || []).length); }
    let brouillon = lireJSON(cle);
    if (!plein(brouillon) && ecrire.dataset.brouillon) {
      try { brouillon = JSON.parse(ecrire.dataset.brouillon); } catch (e) { brouillon = null; }
    }
    if (brouillon) {
      ecrire.elements.sujet.value = brouillon.sujet || "";
      ecrire.elements.texte.value = brouillon.texte || "";
      (brouillon.destinataires || []).forEach((p) => {
        const c = caseDe(p.id);
        if (c) c.checked = true; else ajouterCase(trouves, p, true);
      });
      (brouillon.groupes || []).forEach((g) => {
        const c = Array.from(ecrire.querySelectorAll("input[name=groupes]")).find((x) => x.value === g);
        if (c) c.checked = true;
      });
      if (brouillon.a_signer && ecrire.elements.a_signer) ecrire.elements.a_signer.checked = true;
      if (brouillon.aux_familles && ecrire.elements.aux_familles) ecrire.elements.aux_familles.checked = true;
    }
    if (ecrire.dataset.choisi) { const c = caseDe(ecrire.dataset.choisi); if (c) c.checked = true; }
    window.addEventListener("online", () => { if (!envoye) garderSurLeServeur(); });  // kept while off line: saved now
    ecrire.addEventListener("input", () => { garder(); garderSurLeServeur(); });
    ecrire.addEventListener("change", () => { garder(); garderSurLeServeur(); });

    // search by name: only the people the server says one may write to
    const chercher = document.getElementById("chercher");
    let minuterie = null;
    chercher.addEventListener("input", () => {
      clearTimeout(minuterie);
      minuterie = setTimeout(async () => {
        const q = chercher.value.trim();
        trouves.querySelectorAll("li").forEach((li) => { if (!li.querySelector("input").checked) li.remove(); });
        if (q.length < 2) return;
        const r = await C.appeler(site + "/@messagerie-destinataires?q=" + encodeURIComponent(q));
        if (!r.ok) { message.textContent = r.message; return; }
        if (!r.donnees.personnes.length) { message.textContent = "Personne à qui vous pouvez écrire ne porte ce nom."; return; }
        message.textContent = "";
        r.donnees.personnes.forEach((p) => { if (!caseDe(p.id)) ajouterCase(trouves, p, false); });
      }, 300);
    });

    const boite = C.boite({
      stockage: "cartable-messagerie-envois:" + login,
      url: site + "/@messagerie-envoyer",
      apres: message,
      login: login,
      surEtat: (e) => {
        if (!e.attente) return;
        if (!e.session) message.textContent = "Session expirée : reconnectez-vous ci-dessous, votre message est gardé ici.";
        else if (!e.reseau) message.textContent = "Hors ligne : votre message est gardé sur cet appareil et partira au retour du réseau.";
        else message.textContent = "Envoi…";
      },
      surReponse: envoye_,
      surRefus: (r) => { envoye = false; message.textContent = r.message; },  // the draft stays: corrected, sent again
    });
    function envoye_(donnees) {
      localStorage.removeItem(cle);
      message.textContent = donnees.message || "Message envoyé.";
      if (donnees.lien) window.location.href = donnees.lien;
    }
    if (boite.requetes().length) boite.envoyer();  // a message left before a cut or a reload

    ecrire.addEventListener("submit", async (e) => {
      e.preventDefault();
      // « aux familles des élèves choisis »: the students chosen stand for their families
      const familles = auxFamilles();
      const destinataires = coches("destinataires").filter((c) => !(familles && c.dataset.eleve === "1")).map((c) => c.value);
      const eleves = familles ? coches("destinataires").filter((c) => c.dataset.eleve === "1").map((c) => c.value) : [];
      const groupes = coches("groupes").map((c) => c.value);
      if (!destinataires.length && !groupes.length && !eleves.length) { message.textContent = "Choisissez au moins un destinataire."; return; }
      if (boite.occupe()) { message.textContent = "Un message est déjà en cours d'envoi."; return; }
      garder();
      envoye = true;
      clearTimeout(minuterieBrouillon);
      const pieces = await lirePieces(ecrire.elements.pieces);
      deposer(boite, {sujet: ecrire.elements.sujet.value, texte: ecrire.elements.texte.value,
                      destinataires: destinataires, groupes: groupes, eleves: eleves, pieces_jointes: pieces,
                      a_signer: !!(ecrire.elements.a_signer && ecrire.elements.a_signer.checked)},
              message, site + "/@messagerie-envoyer", envoye_);
    });
  }
})();
