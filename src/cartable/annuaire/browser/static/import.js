/* The directory import's progress (see the page template that loads it): the task followed
   at its suivi URL through cartable.commun, then the summary of each category. */
(function () {
  "use strict";
  const suivi = document.getElementById("suivi");
  if (!suivi) return;
  const barre = document.getElementById("barre"), message = document.getElementById("message");

  function montrer(job) {
    Cartable.avancer(barre, job.done, job.total);
    message.textContent = job.state === "failed" ? "Échec : " + job.error : (job.message || message.textContent);
  }

  function resume(job) {
    Cartable.avancer(barre, 1, 1);
    message.textContent = "Import terminé.";
    const corps = document.querySelector("#resume tbody");
    for (const [categorie, c] of Object.entries(job.result.resume)) {
      const tr = document.createElement("tr");
      for (const v of [categorie, c.created, c.updated, c.deactivated, c.unchanged, c.rejected]) {
        const td = document.createElement("td"); td.textContent = v; tr.append(td);
      }
      corps.append(tr);
    }
    document.getElementById("resume").classList.remove("d-none");
    const details = document.getElementById("details");
    details.textContent = job.result.details; details.classList.toggle("d-none", !job.result.details);
  }

  function suivre() {  // an error answer (a restart, a proxy): the task goes on, so does the polling
    Cartable.suivreTache(suivi.dataset.url, {progression: montrer})
      .then((job) => { if (job.state === "done") resume(job); }, () => setTimeout(suivre, 1000));
  }
  suivre();
})();
