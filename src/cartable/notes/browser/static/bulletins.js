/* Bulletins page (direction): generate in the background and follow the job
   at @cartable-tasks/<id>, list what exists for the period and class, publish
   after a confirmation. The PDFs are downloads of cartable.commun (REST
   services only answer Accept: application/json). */
(function () {
  "use strict";
  const root = document.getElementById("bulletins");
  if (!root) return;
  const base = root.dataset.base, noms = JSON.parse(root.dataset.eleves || "{}");
  const periode = document.getElementById("choix-periode"), division = document.getElementById("choix-division");
  const generer = document.getElementById("generer"), publier = document.getElementById("publier");
  const etat = document.getElementById("etat"), generation = document.getElementById("generation");
  const barre = document.getElementById("progression"), corps = document.querySelector("#liste tbody");
  const vide = document.getElementById("liste-vide");

  function dire(texte, genre) {
    etat.textContent = texte;
    etat.className = "small text-" + (genre || "body");
  }

  function choix() {
    const c = {periode: periode.value};
    if (division.value) c.division = division.value;
    return c;
  }

  function libelleChoix() {
    return (division.value ? "la classe " + division.options[division.selectedIndex].text : "tout l'établissement") +
      " (" + periode.options[periode.selectedIndex].text + ")";
  }

  function avancer(fait, total) { Cartable.avancer(barre, fait, total); }

  function dateLisible(iso) {
    if (!iso) return "—";
    const [jour, heure] = iso.split("T");
    return jour.split("-").reverse().join("/") + (heure ? " " + heure.slice(0, 5) : "");
  }

  function telecharger(url, bouton) {
    Cartable.telecharger(url, {nom: "bulletin.pdf", bouton: bouton}).catch((e) => dire(e.message, "danger"));
  }

  function ligne(item) {
    const tr = document.createElement("tr");
    const cellules = [noms[item.eleve] || item.eleve, item.division, dateLisible(item.genere_le), item.publie ? "Oui" : "Non"];
    cellules.forEach((texte) => { const td = document.createElement("td"); td.textContent = texte; tr.appendChild(td); });
    tr.children[3].className = item.publie ? "text-success" : "text-muted";
    const bouton = document.createElement("button");
    bouton.type = "button";
    bouton.className = "btn btn-sm btn-outline-primary";
    bouton.textContent = "Télécharger";
    bouton.setAttribute("aria-label", "Télécharger le bulletin de " + (noms[item.eleve] || item.eleve));
    bouton.addEventListener("click", () => telecharger(item["@id"], bouton));
    const td = document.createElement("td");
    td.appendChild(bouton);
    tr.appendChild(td);
    return tr;
  }

  async function lister() {
    if (!periode.value) { dire("Aucune période : la direction doit d'abord définir les périodes.", "danger"); return; }
    const params = new URLSearchParams(choix());
    const r = await Cartable.appeler(base + "/@bulletins?" + params.toString());
    if (!r.ok) { dire(r.message, "danger"); return; }
    const data = r.donnees;
    const items = data.items.sort((a, b) => (a.division + (noms[a.eleve] || "")).localeCompare(b.division + (noms[b.eleve] || ""), "fr"));
    corps.replaceChildren(...items.map(ligne));
    vide.hidden = items.length > 0;
    publier.disabled = !items.some((i) => !i.publie);
    root.dataset.bulletins = String(items.length);
  }

  async function suivre(url) {
    let job;
    try {
      job = await Cartable.suivreTache(url, {
        progression: (j) => {
          avancer(j.done || 0, j.total);
          if (j.state === "queued" || j.state === "running") dire(j.state === "queued" ? "En attente d'un processus de génération…" : "Génération : " + (j.message || ""), "body");
        },
        horsLigne: () => dire("Réseau interrompu : le suivi reprend dans un instant (la génération continue).", "warning"),
      });
    } catch (e) { dire(e.message, "danger"); generer.disabled = false; return; }
    generer.disabled = false;
    if (job.state === "failed") { dire("La génération a échoué : " + (job.error || "erreur inconnue") + ". Relancez-la.", "danger"); return; }
    avancer(1, 1);
    const r = job.result || {};
    dire((r.bulletins || 0) + " bulletin(s) générés en " + String(r.secondes || 0).replace(".", ",") + " s.", "success");
    lister();
  }

  generer.addEventListener("click", async () => {
    generer.disabled = true;
    const r = await Cartable.appeler(base + "/@bulletins", {corps: {...choix(), action: "generer"}, cle: Cartable.nouvelleCle()});
    if (!r.ok) { dire(r.statut ? r.message : "Pas de réseau : rien n'a été lancé.", "danger"); generer.disabled = false; return; }
    generation.hidden = false;
    avancer(0, 1);
    dire("Génération lancée pour " + libelleChoix() + ".", "body");
    suivre(r.donnees.suivi);
  });

  publier.addEventListener("click", async () => {
    if (!window.confirm("Publier les bulletins de " + libelleChoix() + " ? Les élèves et leurs familles pourront les télécharger.")) return;
    publier.disabled = true;
    const r = await Cartable.appeler(base + "/@bulletins", {corps: {...choix(), action: "publier"}});
    if (!r.ok) { dire(r.statut ? r.message : "Pas de réseau : rien n'a été publié.", "danger"); publier.disabled = false; return; }
    dire(r.donnees.publies + " bulletin(s) publié(s).", "success");
    lister();
  });

  periode.addEventListener("change", lister);
  division.addEventListener("change", lister);
  lister();
})();
