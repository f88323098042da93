/* The student's hand-in on the Devoir's page, through GET/POST @rendu (JSON; files sent in base64; cartable.commun).
   Each change carries an Idempotency-Key kept until it succeeds: a retry after a network cut is
   answered with the first result, never applied twice. */
(function () {
  "use strict";
  const root = document.getElementById("remise");  // not "rendu": Plone's add menu gives that id to the type
  if (!root) return;
  const service = root.dataset.service;
  const $ = (id) => document.getElementById(id);
  let fiche = null;
  const enAttente = {};  // action → Idempotency-Key until it succeeds

  function dire(texte, genre) {
    $("rendu-statut").textContent = texte;
    $("rendu-statut").className = "small mt-2 text-" + (genre || "body");
  }

  function cle(action) {
    if (!enAttente[action]) enAttente[action] = Cartable.nouvelleCle();
    return enAttente[action];
  }

  function telecharger(url, nom, bouton) {
    Cartable.telecharger(url, {nom: nom, bouton: bouton}).catch((e) => dire(e.message, "danger"));
  }

  function afficher(f) {
    fiche = f;
    $("rendu-etat").textContent = f.etat_libelle;
    $("rendu-retard").hidden = !f.retard_texte;
    $("rendu-retard").textContent = f.retard_texte || "";
    $("rendu-remis").textContent = f.remis_le_texte ? "Remis le " + f.remis_le_texte : "";
    $("rendu-message").textContent = f.message;
    $("rendu-message").className = "small text-" + (f.peut_remettre ? "body" : "danger");
    $("rendu-retour").hidden = f.etat !== "restitue";
    $("rendu-note").textContent = f.note === null ? "—" : f.note + " / " + f.bareme;
    $("rendu-appreciation").textContent = f.appreciation || "";
    const liste = $("rendu-fichiers");
    liste.replaceChildren(...f.fichiers.map((fichier) => {
      const li = document.createElement("li");
      li.className = "mb-1";
      const bouton = document.createElement("button");
      bouton.type = "button";
      bouton.className = "btn btn-link p-0";
      bouton.textContent = fichier.nom + " (" + fichier.taille_texte + ")";
      bouton.addEventListener("click", () => telecharger(fichier.url, fichier.nom, bouton));
      li.appendChild(bouton);
      if (f.modifiable) {
        const retirer = document.createElement("button");
        retirer.type = "button";
        retirer.className = "btn btn-sm btn-outline-danger ms-2";
        retirer.textContent = "Retirer";
        retirer.setAttribute("aria-label", "Retirer " + fichier.nom);
        retirer.addEventListener("click", () => envoyer("retirer-" + fichier.nom, {retirer: [fichier.nom]}));
        li.appendChild(retirer);
      }
      return li;
    }));
    $("rendu-edition").hidden = !f.modifiable;
    $("zone-fichiers").hidden = !f.devoir.fichiers_attendus;
    $("zone-texte").hidden = !f.devoir.texte_attendu;
    $("rendu-ajout").accept = f.devoir.extensions.map((e) => "." + e).join(",");
    $("rendu-aide-fichiers").textContent = f.devoir.max_fichiers + " fichier(s) au plus, " + f.devoir.taille_max_texte +
      " chacun ; " + f.devoir.types_acceptes.join(", ") + ".";
    if (document.activeElement !== $("rendu-texte")) $("rendu-texte").value = f.texte || "";
    // once handed in, the text is no longer in the editor: shown as sent (textContent: never markup)
    $("rendu-texte-lu").hidden = f.modifiable || !f.texte;
    $("rendu-texte-remis").textContent = f.texte || "";
    $("rendu-remettre").disabled = !f.transitions.includes("remettre");
  }

  async function charger() {
    const reponse = await Cartable.appeler(service);
    if (!reponse.statut) { dire("Pas de réseau : rechargez la page dans un instant.", "danger"); return; }
    if (!reponse.ok) { dire(reponse.message, "danger"); return; }
    afficher(reponse.donnees);
  }

  async function corps(remettre) {
    const fichiers = [];
    for (const f of $("rendu-ajout").files) fichiers.push({nom: f.name, contenu: await Cartable.enBase64(f)});
    const c = {fichiers: fichiers, remettre: remettre};
    if (fiche && fiche.devoir.texte_attendu) c.texte = $("rendu-texte").value;
    return c;
  }

  async function envoyer(action, donnees) {
    const boutons = root.querySelectorAll("button");
    boutons.forEach((b) => { b.disabled = true; });
    dire("Envoi…", "body");
    try {
      const reponse = await Cartable.appeler(service, {corps: donnees, cle: cle(action)});
      if (!reponse.statut) { dire("Pas de réseau : rien n'est perdu, cliquez à nouveau pour réessayer.", "danger"); return; }
      delete enAttente[action];  // answered: a refusal kept nothing, the next try is a new request
      if (!reponse.ok) {
        dire(reponse.message, "danger");
        if (reponse.statut === 400) await garderLeTexte(donnees, reponse.message);
        return;
      }
      $("rendu-ajout").value = "";
      afficher(reponse.donnees);
      dire(donnees.remettre ? "Votre travail est remis." : "Enregistré.", "success");
    } finally {
      boutons.forEach((b) => { b.disabled = false; });
      if (fiche) $("rendu-remettre").disabled = !fiche.transitions.includes("remettre");
    }
  }

  // A refused file refuses the whole request (nothing half-kept): the text typed beside it stays in the
  // editor, and is saved alone as a draft so that leaving the page does not lose it.
  async function garderLeTexte(donnees, message) {
    if (!donnees.fichiers || !donnees.fichiers.length || typeof donnees.texte !== "string" || !donnees.texte) return;
    if (fiche && !fiche.modifiable) return;
    const reponse = await Cartable.appeler(service, {corps: {texte: donnees.texte, remettre: false}, cle: Cartable.nouvelleCle()});
    if (reponse.statut && reponse.ok) {
      afficher(reponse.donnees);
      dire(message + " Votre texte est gardé en brouillon : choisissez un autre fichier puis remettez.", "danger");
    }
  }

  $("rendu-enregistrer").addEventListener("click", async () => envoyer("enregistrer", await corps(false)));
  $("rendu-remettre").addEventListener("click", async () => {
    if (!window.confirm("Remettre ce travail ? Vous ne pourrez plus le modifier.")) return;
    envoyer("remettre", await corps(true));
  });
  charger();
})();
