*** Settings ***
Documentation     Un enseignant fait l'appel sur un téléphone, perd le réseau pendant
...               la saisie, le retrouve, puis Cartable est un instant indisponible (503) : chaque
...               marque est enregistrée une seule fois
...               (vérifié ensuite par le test qui lance cette suite, via le journal).
Resource          resources/parcours.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${APPEL_URL}      ${BASE_URL}
${ENSEIGNANT}     david.mathieu

*** Keywords ***
Réseau coupé
    [Arguments]    ${coupe}
    ${selenium}=    Get Library Instance    SeleniumLibrary
    Call Method    ${selenium.driver}    set_network_conditions    offline=${coupe}    latency=${0}
    ...    download_throughput=${-1}    upload_throughput=${-1}

Cartable indisponible
    [Documentation]    Les envois de la page (POST) reçoivent la réponse de Cartable quand son stockage est
    ...                absent : 503, Retry-After: 1 (côté serveur : tests/system/test_pannes.py). La page doit
    ...                garder la marque et la renvoyer après l'attente demandée, jamais la refuser.
    [Arguments]    ${indisponible}
    Execute JavaScript    window.__indisponible = ${indisponible}; if (!window.__fetchReel) { window.__fetchReel = window.fetch; window.fetch = function (url, init) { if (window.__indisponible && init && init.method === "POST") { return Promise.resolve(new Response(JSON.stringify({error: {type: "StockageIndisponible", message: "Cartable est momentanément indisponible, réessayez dans un instant."}}), {status: 503, headers: {"Retry-After": "1", "Content-Type": "application/json"}})); } return window.__fetchReel.apply(this, arguments); }; }

Marquer absent
    [Documentation]    Le bouton amené au centre de l'écran : la barre fixée en bas (état de l'envoi,
    ...                « Appel terminé ») couvre les lignes qui sont dessous, comme sous le doigt.
    [Arguments]    ${rang}
    Cliquer    \#eleves li:nth-child(${rang}) button[data-type="absence"]
    Wait Until Element Contains    css:#eleves li:nth-child(${rang}) .etat-eleve    Absent

*** Test Cases ***
Appel sur téléphone avec une coupure de réseau
    Set Window Size    390    844
    Se connecter par le formulaire    ${ENSEIGNANT}
    Wait Until Page Contains    David Mathieu
    Go To    ${APPEL_URL}
    Wait Until Element Is Visible    css:#eleves li:nth-child(3) button[data-type="absence"]
    # a page of its own (no Plone layout): at 390 px, nothing wider than the screen, and axe-core passes
    Page sans erreur
    Pas de défilement horizontal
    Aucune violation grave d'accessibilité
    Marquer absent    1
    Wait Until Element Contains    id:etat-envoi    Tout est enregistré
    Réseau coupé    ${True}
    Marquer absent    2
    Wait Until Element Contains    id:etat-envoi    Pas de réseau
    Element Should Contain    css:#eleves li:nth-child(2)    Absent
    Réseau coupé    ${False}
    Wait Until Element Contains    id:etat-envoi    Tout est enregistré    timeout=30s
    # Cartable's storage away for a moment: the mark waits on the phone, then goes once
    Cartable indisponible    true
    Marquer absent    3
    Wait Until Element Contains    id:etat-envoi    momentanément indisponible
    Element Should Contain    css:#eleves li:nth-child(3)    Absent
    Cartable indisponible    false
    Wait Until Element Contains    id:etat-envoi    Tout est enregistré    timeout=30s
    Reload Page
    Wait Until Element Contains    css:#eleves li:nth-child(3)    Absent
    Element Should Contain    css:#eleves li:nth-child(1)    Absent
    Element Should Contain    css:#eleves li:nth-child(2)    Absent
    Element Attribute Value Should Be    css:#eleves li:nth-child(1) button[data-type="absence"]    aria-pressed    true
    Element Attribute Value Should Be    css:#eleves li:nth-child(1) button[data-type="present"]    aria-pressed    false
    Capture Page Screenshot    appel-390.png
    Aucune violation grave d'accessibilité
