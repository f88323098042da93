/* Bulletins page (direction): generate in the background and follow the job
   at @cartable-tasks/<id>, list what exists for the period and class, publish
   after a confirmation. REST services only answer Accept: application/json,
   so the PDFs are fetched and handed to the browser as a download. */
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
  const JSON_ = {Accept: "application/json", "Content-Type": "application/json"};

  function dire(texte, genre) {
    etat.textContent = texte;
    etat.className = "small text-" + (genre || "body");
  }

  async function erreur(reponse) {
    if (reponse.status === 401) return "Session expirée : reconnectez-vous puis rechargez la page.";
    const b = await reponse.json().catch(() => ({}));
    return (b.error && b.error.message) || "Erreur du serveur (" + reponse.status + ").";
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

  function avancer(fait, total) {
    const pourcent = total ? Math.min(100, Math.round(100 * fait / total)) : 0;
    barre.setAttribute("aria-valuenow", String(pourcent));
    barre.firstElementChild.style.width = pourcent + "%";
    barre.firstElementChild.textContent = pourcent + " %";
  }

  function dateLisible(iso) {
    if (!iso) return "—";
    const [jour, heure] = iso.split("T");
    return jour.split("-").reverse().join("/") + (heure ? " " + heure.slice(0, 5) : "");
  }

  async function telecharger(url, bouton) {
    bouton.disabled = true;
    try {
      const reponse = await fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin", cache: "no-store"});
      if (!reponse.ok) { dire(await erreur(reponse), "danger"); return; }
      const nom = /filename="([^"]+)"/.exec(reponse.headers.get("Content-Disposition") || "");
      const lien = document.createElement("a");
      lien.href = URL.createObjectURL(await reponse.blob());
      lien.download = nom ? nom[1] : "bulletin.pdf";
      document.body.appendChild(lien);
      lien.click();
      lien.remove();
      setTimeout(() => URL.revokeObjectURL(lien.href), 10000);
    } catch (e) {
      dire("Pas de réseau : réessayez dans un instant.", "danger");
    } finally {
      bouton.disabled = false;
    }
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
    let reponse;
    try { reponse = await fetch(base + "/@bulletins?" + params.toString(), {headers: JSON_, credentials: "same-origin", cache: "no-store"}); }
    catch (e) { dire("Pas de réseau : réessayez dans un instant.", "danger"); return; }
    if (!reponse.ok) { dire(await erreur(reponse), "danger"); return; }
    const data = await reponse.json();
    const items = data.items.sort((a, b) => (a.division + (noms[a.eleve] || "")).localeCompare(b.division + (noms[b.eleve] || ""), "fr"));
    corps.replaceChildren(...items.map(ligne));
    vide.hidden = items.length > 0;
    publier.disabled = !items.some((i) => !i.publie);
    root.dataset.bulletins = String(items.length);
  }

  async function suivre(url) {
    let reponse;
    try { reponse = await fetch(url, {headers: JSON_, credentials: "same-origin", cache: "no-store"}); }
    catch (e) { dire("Réseau interrompu : le suivi reprend dans un instant (la génération continue).", "warning"); setTimeout(() => suivre(url), 3000); return; }
    if (!reponse.ok) { dire(await erreur(reponse), "danger"); generer.disabled = false; return; }
    const job = await reponse.json();
    avancer(job.done || 0, job.total);
    if (job.state === "failed") { dire("La génération a échoué : " + (job.error || "erreur inconnue") + ". Relancez-la.", "danger"); generer.disabled = false; return; }
    if (job.state === "done") {
      avancer(1, 1);
      const r = job.result || {};
      dire((r.bulletins || 0) + " bulletin(s) générés en " + String(r.secondes || 0).replace(".", ",") + " s.", "success");
      generer.disabled = false;
      lister();
      return;
    }
    dire(job.state === "queued" ? "En attente d'un processus de génération…" : "Génération : " + (job.message || ""), "body");
    setTimeout(() => suivre(url), 1000);
  }

  generer.addEventListener("click", async () => {
    generer.disabled = true;
    let reponse;
    try {
      reponse = await fetch(base + "/@bulletins", {method: "POST", credentials: "same-origin", body: JSON.stringify({...choix(), action: "generer"}),
                                                   headers: {...JSON_, "Idempotency-Key": crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()}});
    } catch (e) { dire("Pas de réseau : rien n'a été lancé.", "danger"); generer.disabled = false; return; }
    if (!reponse.ok) { dire(await erreur(reponse), "danger"); generer.disabled = false; return; }
    const data = await reponse.json();
    generation.hidden = false;
    avancer(0, 1);
    dire("Génération lancée pour " + libelleChoix() + ".", "body");
    suivre(data.suivi);
  });

  publier.addEventListener("click", async () => {
    if (!window.confirm("Publier les bulletins de " + libelleChoix() + " ? Les élèves et leurs familles pourront les télécharger.")) return;
    publier.disabled = true;
    let reponse;
    try {
      reponse = await fetch(base + "/@bulletins", {method: "POST", headers: JSON_, credentials: "same-origin", body: JSON.stringify({...choix(), action: "publier"})});
    } catch (e) { dire("Pas de réseau : rien n'a été publié.", "danger"); publier.disabled = false; return; }
    if (!reponse.ok) { dire(await erreur(reponse), "danger"); publier.disabled = false; return; }
    dire((await reponse.json()).publies + " bulletin(s) publié(s).", "success");
    lister();
  });

  periode.addEventListener("change", lister);
  division.addEventListener("change", lister);
  lister();
})();
