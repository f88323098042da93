*** Settings ***
Documentation     Un enseignant saisit 30 notes et deux appréciations ; le réseau coupe au
...               milieu, puis la session expire (cookie supprimé) ; il se reconnecte sur la
...               même page et tout arrive au serveur, une seule fois (vérifié ensuite par le
...               test qui lance cette suite : valeurs et journal de chaque évaluation).
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${GRILLE_URL}     ${BASE_URL}
${ENSEIGNANT}     david.mathieu
${EVAL_A}         a
${EVAL_B}         b

*** Keywords ***
Réseau coupé
    [Arguments]    ${coupe}
    ${selenium}=    Get Library Instance    SeleniumLibrary
    Call Method    ${selenium.driver}    set_network_conditions    offline=${coupe}    latency=${0}
    ...    download_throughput=${-1}    upload_throughput=${-1}

Case
    [Arguments]    ${ligne}    ${evaluation}
    ${rang}=    Evaluate    ${ligne} + 1
    RETURN    css:#grille tbody tr:nth-child(${rang}) input[data-id^="n:${evaluation}:"]

Saisir une colonne
    [Documentation]    Colonne 0 : évaluation A, colonne 1 : évaluation B ; la note dépend de la case.
    [Arguments]    ${colonne}    ${de}    ${a}
    ${evaluation}=    Set Variable If    ${colonne} == 0    ${EVAL_A}    ${EVAL_B}
    FOR    ${ligne}    IN RANGE    ${de}    ${a}
        ${note}=    Evaluate    f"{(${ligne} * 3 + ${colonne}) % 20},5"
        ${case}=    Case    ${ligne}    ${evaluation}
        Input Text    ${case}    ${note}
    END

Apprécier
    [Arguments]    ${ligne}    ${texte}
    ${rang}=    Evaluate    ${ligne} + 1
    Input Text    css:#grille tbody tr:nth-child(${rang}) textarea.appreciation    ${texte}

*** Test Cases ***
Trente notes, une coupure de réseau et une session expirée, rien de perdu
    Se connecter par le formulaire    ${ENSEIGNANT}
    Wait Until Page Contains    David Mathieu
    Go To    ${GRILLE_URL}
    ${derniere}=    Case    14    ${EVAL_B}
    Wait Until Element Is Visible    ${derniere}
    Saisir une colonne    0    0    10
    Wait Until Element Contains    id:etat-global    Tout est enregistré    timeout=20s
    Réseau coupé    ${True}
    Saisir une colonne    0    10    15
    Saisir une colonne    1    0    15
    Apprécier    0    Participation active, bons résultats.
    Apprécier    1    Doit revoir les fractions.
    Wait Until Element Contains    id:etat-global    Hors ligne    timeout=20s
    Delete Cookie    __ac
    Réseau coupé    ${False}
    Wait Until Element Is Visible    id:reconnexion    timeout=30s
    Element Should Contain    id:etat-global    Session expirée
    Input Text    id:reco-login    ${ENSEIGNANT}
    Input Password    id:reco-mdp    ${DEMO_PASSWORD}
    Click Button    id:reco-ok
    Wait Until Element Contains    id:etat-global    Tout est enregistré    timeout=30s
    Reload Page
    Wait Until Element Is Visible    ${derniere}
    Textfield Value Should Be    ${derniere}    3,5
    Element Should Contain    id:etat-global    Tout est enregistré
