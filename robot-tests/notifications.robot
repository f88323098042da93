*** Settings ***
Documentation     Une notification qu'on voit : l'enseignant publie un devoir depuis Mon bureau (« Nouveau
...               devoir ») ; la cloche de l'élève compte une notification de plus (le travailleur de la file
...               la dépose) ; un clic sur la cloche, puis sur la notification, mène au devoir ; « Tout marquer
...               comme lu » remet la cloche à zéro.
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${ENSEIGNANT}     david.mathieu
${ELEVE}          aaron.lecomte
${TITRE}          Lecture : une nouvelle de Maupassant (robot)

*** Keywords ***
Se connecter comme
    [Arguments]    ${login}
    Delete All Cookies
    Se connecter par le formulaire    ${login}
    Wait Until Element Is Visible    css:.mon-bureau

Non lues
    [Documentation]    Le nombre affiché sur la cloche de l'en-tête (aucun nombre : 0), et son libellé.
    ${nombre}=    Execute Javascript    const n = document.querySelector(".cartable-cloche-nombre"); return n ? parseInt(n.textContent, 10) : 0;
    RETURN    ${nombre}

La cloche compte
    [Arguments]    ${attendu}
    Reload Page
    Wait Until Element Is Visible    css:.cartable-cloche
    ${nombre}=    Non lues
    Should Be Equal As Integers    ${nombre}    ${attendu}

*** Test Cases ***
L'élève voit la notification d'un nouveau devoir et l'ouvre
    Se connecter comme    ${ELEVE}
    ${avant}=    Non lues
    Se connecter comme    ${ENSEIGNANT}
    # « Nouveau devoir » in the menu (one space) or « Nouveau devoir — <espace> » in Mes espaces de cours
    Cliquer    a[href$="/3a/francais/@@nouveau-devoir"]
    Wait Until Element Is Visible    id:titre
    Input Text    id:titre    ${TITRE}
    Input Text    id:consignes    Lire « La Parure » et en résumer l'intrigue en dix lignes.
    ${ouverture}=    Heure du serveur    -60
    ${echeance}=    Heure du serveur    2880
    Execute Javascript    document.getElementById("ouverture").value = "${ouverture.strftime("%Y-%m-%dT%H:%M")}"; document.getElementById("echeance").value = "${echeance.strftime("%Y-%m-%dT%H:%M")}"; document.getElementById("date_limite").value = "";
    Cliquer    button[value="publier"]
    Wait Until Element Contains    id:etat-devoir    Publié
    Se connecter comme    ${ELEVE}
    ${attendu}=    Evaluate    ${avant} + 1
    Wait Until Keyword Succeeds    90s    2s    La cloche compte    ${attendu}
    ${libelle}=    Get Element Attribute    css:.cartable-cloche    aria-label
    Should Contain    ${libelle}    non lue
    Click Element    css:.cartable-cloche
    Wait Until Page Contains    Mes notifications
    Page Should Contain    ${TITRE}
    ${voir}=    Set Variable    xpath://li[contains(@class, "non-lue")][contains(., "${TITRE}")]//a[starts-with(normalize-space(.), "Voir")]
    Execute Javascript    document.evaluate('${voir[6:]}', document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.scrollIntoView({block: "center", behavior: "instant"});
    Click Element    ${voir}
    Wait Until Page Contains    ${TITRE}
    Page Should Contain    Lire « La Parure »
    Go Back
    Wait Until Element Is Visible    id:cartable-tout-lu
    Click Button    id:cartable-tout-lu
    Wait Until Element Contains    id:cartable-notifications-statut    lu
    Cliquer    a.cartable-marque
    Wait Until Element Is Visible    css:.mon-bureau
    La cloche compte    0
