*** Settings ***
Documentation     Un enseignant corrige et restitue la copie d'un devoir ; la note arrive au carnet de notes :
...               dans sa grille de saisie (une colonne liée au devoir, publiée) et dans les notes de l'élève.
...               Restituer encore ne la double pas. DEVOIR_URL, ELEVE_ID, TITRE et GRILLE_URL viennent de
...               prepare_notes_devoir (tests/system), qui vérifie ensuite le carnet par REST (une note, envoyée une fois).
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${ENSEIGNANT}     david.mathieu
${ELEVE}          aaron.lecomte
${DEVOIR_URL}     ${BASE_URL}
${ELEVE_ID}       inconnu
${TITRE}          inconnu
${GRILLE_URL}     ${BASE_URL}

*** Keywords ***
Se connecter comme
    [Arguments]    ${login}
    Delete All Cookies
    Se connecter par le formulaire    ${login}
    Wait Until Page Does Not Contain Element    id:__ac_password

Colonnes du devoir dans la grille
    ${n}=    Execute Javascript
    ...    return [...document.querySelectorAll("#grille th.evaluation")].filter((th) => th.querySelector("button").textContent === arguments[0]).length;
    ...    ARGUMENTS    ${TITRE}
    RETURN    ${n}

Note de l'élève dans la grille
    ${valeur}=    Execute Javascript
    ...    const th = [...document.querySelectorAll("#grille th.evaluation")].find((t) => t.querySelector("button").textContent === arguments[0]);
    ...    const champ = th && document.querySelector('[data-id="n:' + th.dataset.evaluation + ':' + arguments[1] + '"]');
    ...    return champ ? champ.value : null;
    ...    ARGUMENTS    ${TITRE}    ${ELEVE_ID}
    RETURN    ${valeur}

La grille montre la note une fois
    Go To    ${GRILLE_URL}
    Wait Until Element Contains    css:#grille thead    ${TITRE}
    ${n}=    Colonnes du devoir dans la grille
    Should Be Equal As Integers    ${n}    1
    ${valeur}=    Note de l'élève dans la grille
    Should Be Equal    ${valeur}    13,5
    Element Should Contain    css:#grille thead    devoir
    Element Should Contain    css:#grille thead    publiée

*** Test Cases ***
L'enseignant corrige et restitue la copie
    Se connecter comme    ${ENSEIGNANT}
    Go To    ${DEVOIR_URL}/@@correction
    ${ligne}=    Set Variable    css:#tableau tr[data-eleve="${ELEVE_ID}"]
    Wait Until Page Contains Element    ${ligne} textarea:not([disabled])
    Input Text    ${ligne} input    13,5
    Input Text    ${ligne} textarea    Exposé clair et bien documenté.
    Cliquer    table#tableau tr[data-eleve="${ELEVE_ID}"] button.btn-primary
    Wait Until Element Contains    id:etat    Correction enregistrée.
    Cliquer    button#restituer-tout
    Handle Alert    ACCEPT
    Wait Until Page Contains Element    xpath://table[@id="tableau"]//tr[@data-eleve="${ELEVE_ID}"][contains(., "Restitué")]

La note est dans la grille de l'enseignant, une seule fois
    La grille montre la note une fois

L'élève la lit dans ses notes
    Se connecter comme    ${ELEVE}
    Go To    ${BASE_URL}/@@mes-notes
    Wait Until Page Contains    ${TITRE}    timeout=20s
    Element Should Contain    id:matieres    13,5/20

Restituer encore ne double pas la note
    Se connecter comme    ${ENSEIGNANT}
    Go To    ${DEVOIR_URL}/@@correction
    Wait Until Page Contains Element    xpath://table[@id="tableau"]//tr[@data-eleve="${ELEVE_ID}"][contains(., "Restitué")]
    Wait Until Element Is Visible    id:restituer-tout
    Cliquer    button#restituer-tout
    Handle Alert    ACCEPT
    Sleep    1s
    La grille montre la note une fois
