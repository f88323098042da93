/* cartable.theme: « Marquer comme lue » and « Tout marquer comme lu » on @@notifications, through
   cartable.commun (POST @notifications with an Idempotency-Key); the list reads without this script. */
(function () {
  "use strict";

  function preparer() {
    const liste = document.getElementById("cartable-notifications");
    const tout = document.getElementById("cartable-tout-lu");
    const statut = document.getElementById("cartable-notifications-statut");
    const resume = document.getElementById("cartable-notifications-resume");
    if (!liste || !window.Cartable) return;
    const service = liste.dataset.service;

    function libelle(n) {
      if (!n) return "Aucune notification non lue";
      return n + (n > 1 ? " notifications non lues" : " notification non lue");
    }

    // the page and the header's bell say the server's count
    function compter(nonLues) {
      if (resume) resume.textContent = libelle(nonLues);
      const cloche = document.querySelector(".cartable-cloche");
      if (cloche) {
        cloche.setAttribute("aria-label", libelle(nonLues));
        cloche.setAttribute("title", libelle(nonLues));
        const nombre = cloche.querySelector(".cartable-cloche-nombre");
        if (nombre && nonLues) nombre.textContent = String(nonLues);
        else if (nombre) nombre.remove();
      }
      if (tout && !nonLues) tout.hidden = true;
    }

    function lue(element) {
      element.classList.remove("non-lue");
      element.classList.add("lue");
      const etat = element.querySelector(".cartable-notification-etat");
      if (etat) etat.remove();
      const bouton = element.querySelector(".cartable-marquer-lue");
      if (bouton) bouton.remove();
    }

    async function marquer(corps, bouton) {
      bouton.disabled = true;
      statut.textContent = "";
      const r = await window.Cartable.appeler(service, {corps: corps, cle: window.Cartable.nouvelleCle()});
      bouton.disabled = false;
      if (!r.ok) {
        statut.textContent = r.message;
        return false;
      }
      compter(r.donnees.non_lues);
      return true;
    }

    liste.querySelectorAll(".cartable-marquer-lue").forEach(function (bouton) {
      bouton.hidden = false;
      bouton.addEventListener("click", async function () {
        const element = bouton.closest(".cartable-notification");
        if (await marquer({ids: [element.dataset.id]}, bouton)) {
          lue(element);
          statut.textContent = "Notification marquée comme lue.";
        }
      });
    });
    if (tout) {
      tout.hidden = false;
      tout.addEventListener("click", async function () {
        if (await marquer({toutes: true}, tout)) {
          liste.querySelectorAll(".cartable-notification.non-lue").forEach(lue);
          tout.hidden = true;
          statut.textContent = "Toutes les notifications sont marquées comme lues.";
        }
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", preparer);
  else preparer();
})();
