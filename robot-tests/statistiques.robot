*** Settings ***
Documentation     Une CPE ouvre les statistiques de la vie scolaire (le tableau et les deux
...               graphiques), puis, sur son bureau, choisit ses classes et active « Mes
...               classes » : les listes ne gardent que ses classes ; « Tout l'établissement »
...               les rend entières. PREPARE (tests/system/test_robot.py) dépose deux
...               déclarations à traiter (un élève de 3A, un de 3B) ; la suite les refuse
...               en partant, pour laisser la liste vide aux suites suivantes.
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Refuser les déclarations de la suite et fermer

*** Variables ***
${COLLEGE}        ${BASE_URL}/0139101x
${CPE}            samia.duval
${STATS_URL}      ${COLLEGE}/@@statistiques-vie-scolaire?du=2026-11-16&au=2026-11-20
${ELEVE_3A}       ${EMPTY}
${ELEVE_3B}       ${EMPTY}
${COMMENTAIRE}    Déclaration de la suite statistiques

*** Test Cases ***
La CPE voit le tableau et les deux graphiques
    Delete All Cookies
    Se connecter par le formulaire    ${CPE}
    Wait Until Page Contains    Samia Duval
    Go To    ${STATS_URL}
    Wait Until Element Is Visible    id:tableau-statistiques
    Page Should Contain Element    css:#tableau-statistiques tbody tr
    Element Should Contain    id:tableau-statistiques    3A
    Page Should Contain Element    css:figure.graphique svg    limit=2
    Page Should Contain Link    Télécharger le tableau (CSV)

La CPE filtre son bureau sur ses classes puis revient à tout l'établissement
    Go To    ${COLLEGE}/@@vie-scolaire
    Wait Until Element Contains    id:declarations    ${ELEVE_3A}
    Wait Until Element Contains    id:declarations    ${ELEVE_3B}
    Cliquer    \#choix-classes summary
    Wait Until Element Is Visible    css:#cases-classes input[value="3A"]
    Cliquer    \#cases-classes input[value="3A"]
    Checkbox Should Be Selected    css:#cases-classes input[value="3A"]
    Cliquer    \#enregistrer-classes
    Wait Until Element Contains    id:classes-enregistrees    Enregistré.
    Cliquer    \#filtre-classes button[data-mes-classes="1"]
    Wait Until Element Does Not Contain    id:declarations    ${ELEVE_3B}
    Element Should Contain    id:declarations    ${ELEVE_3A}
    Element Attribute Value Should Be    css:#filtre-classes button[data-mes-classes="1"]    aria-pressed    true
    Cliquer    \#filtre-classes button[data-mes-classes="0"]
    Wait Until Element Contains    id:declarations    ${ELEVE_3B}
    Element Should Contain    id:declarations    ${ELEVE_3A}
    Element Attribute Value Should Be    css:#filtre-classes button[data-mes-classes="0"]    aria-pressed    true

*** Keywords ***
Refuser les déclarations de la suite et fermer
    [Documentation]    Même après un échec : la CPE refuse (REST, depuis la page) les déclarations déposées pour cette suite.
    Delete All Cookies
    Se connecter par le formulaire    ${CPE}
    Wait Until Page Contains    Samia Duval
    Go To    ${COLLEGE}/@@vie-scolaire
    ${refusees}=    Execute Async Javascript
    ...    var done = arguments[arguments.length - 1]; var json = {"Accept": "application/json", "Content-Type": "application/json"};
    ...    fetch("${COLLEGE}/@declarations?statut=a_traiter", {headers: json, credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
    ...    var miennes = (data.items || []).filter(function (d) { return d.commentaire === "${COMMENTAIRE}"; });
    ...    return Promise.all(miennes.map(function (d) { return fetch("${COLLEGE}/@declarations/" + d.id, {method: "POST", headers: json, credentials: "same-origin", body: JSON.stringify({decision: "refuser", raison: "Déclaration de test"})}).then(function (r) { return r.status; }); }));
    ...    }).then(function (statuts) { done(statuts.filter(function (s) { return s === 200; }).length); }, function () { done(-1); });
    Should Be Equal As Integers    ${refusees}    2
    Close All Browsers
