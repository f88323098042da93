*** Settings ***
Documentation     Le parcours de l'éditeur d'établissement (issue 14) : la direction nomme un éditeur en
...               choisissant son nom ; l'éditeur crée un espace libre avec un membre, écrit une actualité et la
...               publie ; un visiteur anonyme la lit sur la page d'accueil de l'établissement ; un membre d'un
...               autre établissement ne voit pas l'espace libre. Par des clics depuis Mon bureau (aucune adresse
...               tapée après la connexion, sauf pour vérifier que l'autre établissement est refusé).
...               Le test qui lance cette suite vérifie ensuite sur le serveur (tests/system/test_robot.py).
Resource          resources/parcours.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers
Test Setup        Delete All Cookies

*** Variables ***
${DIRECTION}          stephane.lemoine
${DIRECTION_NOM}      Stéphane Lemoine
${EDITEUR}            david.mathieu
${EDITEUR_ID}         ${EMPTY}
${EDITEUR_NOM}        ${EMPTY}
${ELEVE_NOM}          ${EMPTY}
${AUTRE}              ${EMPTY}
${ESPACE}             Club journal (robot)
${ACTUALITE}          Portes ouvertes du collège (robot)
${ESPACE_URL}         ${EMPTY}

*** Keywords ***
Se déconnecter
    Go To    ${BASE_URL}/logout
    Delete All Cookies

Couper le réseau du service worker
    [Documentation]    Coupe le réseau du service worker lui-même : les conditions réseau de la page (chromedriver)
    ...                ne valent pas pour ses requêtes. Par le protocole DevTools : la cible « service_worker », une
    ...                session attachée, Network.emulateNetworkConditions envoyé dans celle-ci. Rend la session ;
    ...                la détacher rétablit le réseau.
    [Arguments]    ${pilote}
    ${cibles}=    Evaluate    $pilote.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]
    ${sw}=    Evaluate    [c["targetId"] for c in $cibles if c["type"] == "service_worker"]
    Should Not Be Empty    ${sw}    aucun service worker actif
    ${session}=    Evaluate    $pilote.execute_cdp_cmd("Target.attachToTarget", {"targetId": $sw[0], "flatten": False})["sessionId"]
    Evaluate    $pilote.execute_cdp_cmd("Target.sendMessageToTarget", {"sessionId": $session, "message": json.dumps({"id": 1, "method": "Network.enable", "params": {}})})    modules=json
    Evaluate    $pilote.execute_cdp_cmd("Target.sendMessageToTarget", {"sessionId": $session, "message": json.dumps({"id": 2, "method": "Network.emulateNetworkConditions", "params": {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}})})    modules=json
    RETURN    ${session}

Cocher l'élève
    [Documentation]    La case de l'élève, trouvée par son nom (l'étiquette), amenée au centre puis cochée d'un clic.
    [Arguments]    ${nom}
    Execute Javascript
    ...    const l = Array.from(document.querySelectorAll("form.espace-creer label")).find(x => x.textContent.trim() === arguments[0]);
    ...    l.scrollIntoView({block: "center", behavior: "instant"}); l.click();
    ...    ARGUMENTS    ${nom}

*** Test Cases ***
La direction nomme un éditeur par son nom
    Arriver sur Mon bureau    ${DIRECTION}    ${DIRECTION_NOM}
    Cliquer    nav.bureau-rubriques a[href$="/@@editeurs"]
    Wait Until Element Is Visible    id:editeur-choix
    Page sans erreur
    Aucune violation grave d'accessibilité
    Select From List By Value    id:editeur-choix    ${EDITEUR_ID}
    Cliquer puis attendre la page rechargée    form.editeur-nommer button[type="submit"]
    Wait Until Element Contains    css:.editeurs-liste    ${EDITEUR_NOM}
    Page Should Not Contain    ${EDITEUR}
    Se déconnecter

L'éditeur crée un espace libre avec un membre
    Arriver sur Mon bureau    ${EDITEUR}    ${EDITEUR_NOM}
    Cliquer    nav.bureau-rubriques a[href$="/@@espaces-libres-gestion"]
    Wait Until Element Is Visible    id:espace-classe
    Page sans erreur
    Select From List By Value    id:espace-classe    3A
    Cliquer    form[method="get"] button[type="submit"]
    Wait Until Element Is Visible    xpath://label[normalize-space()="${ELEVE_NOM}"]
    Aucune violation grave d'accessibilité
    Input Text    id:espace-titre    ${ESPACE}
    Cocher l'élève    ${ELEVE_NOM}
    Checkbox Should Be Selected    xpath://input[@id=//label[normalize-space()="${ELEVE_NOM}"]/@for]
    Cliquer puis attendre la page rechargée    form.espace-creer button[type="submit"]
    Wait Until Page Contains Element    xpath://a[normalize-space()="${ESPACE}"]
    Page Should Contain    1 membre(s)
    Page Should Contain    Animé par ${EDITEUR_NOM}
    ${url}=    Get Element Attribute    xpath://a[normalize-space()="${ESPACE}"]    href
    Set Suite Variable    ${ESPACE_URL}    ${url}
    Cliquer    a[href="${ESPACE_URL}"]
    Wait Until Page Contains Element    xpath://h1[normalize-space()="${ESPACE}"]
    Page sans erreur

L'éditeur écrit et publie une actualité
    Arriver sur Mon bureau    ${EDITEUR}    ${EDITEUR_NOM}
    Cliquer    nav.bureau-rubriques a[href$="/@@accueil"]
    Wait Until Page Contains    Écrire une actualité
    Page sans erreur
    Aucune violation grave d'accessibilité
    Click Link    Écrire une actualité
    Wait Until Element Is Visible    id:form-widgets-IDublinCore-title
    Input Text    id:form-widgets-IDublinCore-title    ${ACTUALITE}
    Input Text    id:form-widgets-IDublinCore-description    Samedi matin, les familles sont invitées à visiter le collège.
    Cliquer    [id="form-buttons-save"]
    Wait Until Page Contains    ${ACTUALITE}
    Revenir à Mon bureau
    Cliquer    nav.bureau-rubriques a[href$="/@@accueil"]
    Wait Until Element Is Visible    css:button.publication-transition[data-transition="publish"]
    Cliquer puis attendre la page rechargée    button.publication-transition[data-transition="publish"]
    Wait Until Element Contains    id:titre-actualites    Actualités
    Wait Until Page Does Not Contain Element    css:[id="titre-brouillons"]
    Element Should Contain    css:section[aria-labelledby="titre-actualites"]    ${ACTUALITE}
    Se déconnecter

Un visiteur anonyme lit l'actualité sur la page d'accueil de l'établissement
    Go To    ${BASE_URL}
    Wait Until Page Contains    Les établissements
    Click Link    ${ACTUALITE}
    Wait Until Page Contains    Samedi matin, les familles sont invitées à visiter le collège.
    Go To    ${BASE_URL}
    Click Element    xpath://section[contains(@class, "accueil-etablissements")]//li/a[contains(@href, "0139101x/@@accueil")]
    Wait Until Element Is Visible    css:section[aria-labelledby="titre-actualites"]
    Element Should Contain    css:section[aria-labelledby="titre-actualites"]    ${ACTUALITE}
    Page Should Not Contain    ${ESPACE}
    Page Should Not Contain    Écrire une actualité
    Aucune violation grave d'accessibilité

Un membre d'un autre établissement ne voit pas l'espace libre
    Se connecter par le formulaire    ${AUTRE}
    Wait Until Element Is Visible    css:.mon-bureau
    Page Should Not Contain    ${ESPACE}
    Go To    ${ESPACE_URL}
    Wait Until Page Contains Element    xpath://h1[normalize-space()="Accès refusé"]
    Page Should Not Contain Element    xpath://h1[normalize-space()="${ESPACE}"]

L'agenda déjà vu reste lisible hors ligne, et la déconnexion l'efface
    [Documentation]    Le service worker (sw.js) garde la dernière version de l'agenda ; réseau coupé (conditions
    ...                réseau de Chromium), l'agenda s'affiche avec l'avis « Hors ligne — version du … ».
    Arriver sur Mon bureau    aaron.lecomte    ${ELEVE_NOM}
    Wait For Condition    return navigator.serviceWorker && navigator.serviceWorker.controller !== null    timeout=20s
    Cliquer    nav.bureau-rubriques a[href$="/@@agenda"]
    Wait For Condition    return document.readyState == "complete"
    ${titre}=    Get Title
    Wait For Condition    return caches.has("cartable-pages")    timeout=10s
    ${pilote}=    Get Library Instance    SeleniumLibrary
    Evaluate    $pilote.driver.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
    ${session}=    Couper le réseau du service worker    ${pilote.driver}
    TRY
        Reload Page
        Wait Until Page Contains Element    css:p.cartable-hors-ligne
        Element Should Contain    css:p.cartable-hors-ligne    Hors ligne — version du
        Title Should Be    ${titre}
    FINALLY
        Evaluate    $pilote.driver.set_network_conditions(offline=False, latency=0, download_throughput=-1, upload_throughput=-1)
        Evaluate    $pilote.driver.execute_cdp_cmd("Target.detachFromTarget", {"sessionId": $session})
    END
    Reload Page
    Page Should Not Contain Element    css:p.cartable-hors-ligne
    Go To    ${BASE_URL}/logout
    Wait For Condition    return caches.has("cartable-pages").then(x => !x)    timeout=10s
