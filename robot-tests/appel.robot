*** Settings ***
Documentation     Un enseignant fait l'appel sur un téléphone, perd le réseau pendant
...               la saisie, le retrouve : chaque marque est enregistrée une seule fois
...               (vérifié ensuite par le test qui lance cette suite, via le journal).
Resource          resources/cartable.resource
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
    Marquer absent    1
    Wait Until Element Contains    id:etat-envoi    Tout est enregistré
    Réseau coupé    ${True}
    Marquer absent    2
    Marquer absent    3
    Wait Until Element Contains    id:etat-envoi    Pas de réseau
    Element Should Contain    css:#eleves li:nth-child(3)    Absent
    Réseau coupé    ${False}
    Wait Until Element Contains    id:etat-envoi    Tout est enregistré    timeout=30s
    Reload Page
    Wait Until Element Contains    css:#eleves li:nth-child(3)    Absent
    Element Should Contain    css:#eleves li:nth-child(1)    Absent
    Element Should Contain    css:#eleves li:nth-child(2)    Absent
    Element Attribute Value Should Be    css:#eleves li:nth-child(1) button[data-type="absence"]    aria-pressed    true
    Element Attribute Value Should Be    css:#eleves li:nth-child(1) button[data-type="present"]    aria-pressed    false
