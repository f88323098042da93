*** Settings ***
Documentation     Les absences vues par la famille : un enseignant marque deux élèves absents à l'appel
...               sur un téléphone ; le parent voit « à justifier » pour ce cours depuis Mon bureau, justifie
...               cette absence-là par une déclaration d'une demi-journée ; la seconde CPE l'accepte ; le
...               parent voit « justifiée ». Le test qui lance la suite vérifie ensuite, par REST, que seule
...               cette absence a reçu le motif (pas celle de l'autre élève).
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${APPEL_URL}      ${BASE_URL}
${CLE}            ${EMPTY}
${ENFANT}         ${EMPTY}
${AUTRE}          ${EMPTY}
${EN_RETARD}      ${EMPTY}
${ENSEIGNANT}     david.mathieu
${PARENT}         david.lecomte
${SECONDE_CPE}    sophie.dufour

*** Keywords ***
Se connecter sur un téléphone
    [Arguments]    ${login}
    Delete All Cookies
    Set Window Size    390    844
    Se connecter par le formulaire    ${login}
    # the page of Mon bureau itself: the login page's header also says « Mon bureau », and a Go To sent
    # while the form's POST is still on its way loses to it
    Wait Until Element Is Visible    css:main.mon-bureau

Marquer absent
    [Arguments]    ${eleve}
    Cliquer    \#eleves li[data-eleve="${eleve}"] button[data-type="absence"]
    Wait Until Element Contains    css:#eleves li[data-eleve="${eleve}"] .etat-eleve    Absent
    Element Attribute Value Should Be    css:#eleves li[data-eleve="${eleve}"] button[data-type="absence"]    aria-pressed    true

Ouvrir les absences de l'enfant depuis Mon bureau
    Go To    ${BASE_URL}
    Wait Until Page Contains Element    css:.bloc-liens a[href*="@@absences-eleve?eleve=${ENFANT}"]
    Cliquer    .bloc-liens a[href*="@@absences-eleve?eleve=${ENFANT}"]
    Wait Until Page Contains Element    css:#evenements li[data-cle="${CLE}"]

*** Test Cases ***
L'enseignant marque deux élèves absents sur son téléphone
    Se connecter sur un téléphone    ${ENSEIGNANT}
    Go To    ${APPEL_URL}
    Wait Until Element Is Visible    css:#eleves li[data-eleve="${ENFANT}"] button[data-type="absence"]
    Marquer absent    ${ENFANT}
    Marquer absent    ${AUTRE}
    Cliquer    \#eleves li[data-eleve="${EN_RETARD}"] button[data-type="retard"]
    Wait Until Element Is Visible    css:#eleves li[data-eleve="${EN_RETARD}"] button[data-minutes="10"]
    Cliquer    \#eleves li[data-eleve="${EN_RETARD}"] button[data-minutes="10"]
    Wait Until Element Contains    css:#eleves li[data-eleve="${EN_RETARD}"] .etat-eleve    Retard 10 min
    Element Attribute Value Should Be    css:#eleves li[data-eleve="${EN_RETARD}"] button[data-type="retard"]    aria-pressed    true
    Wait Until Element Contains    id:etat-envoi    Tout est enregistré
    Click Button    id:terminer
    Wait Until Element Contains    id:etat-envoi    Appel terminé et enregistré
    Element Should Be Visible    id:etat-envoi
    Capture Page Screenshot    appel-termine.png

Le parent voit l'absence à justifier et la justifie pour la matinée
    Se connecter sur un téléphone    ${PARENT}
    Ouvrir les absences de l'enfant depuis Mon bureau
    Element Should Contain    css:#evenements li[data-cle="${CLE}"]    à justifier
    Capture Page Screenshot    absences-a-justifier.png
    Cliquer    \#evenements li[data-cle="${CLE}"] a.justifier
    Wait Until Page Contains Element    css:#motif option[value="MAL"]
    Cliquer    \#forme-demi
    Wait Until Element Is Visible    id:demi-journee
    List Selection Should Be    id:demi-journee    matin
    Select From List By Value    id:motif    MAL
    Capture Page Screenshot    declaration-demi-journee.png
    Cliquer    \#declarer-form button[type="submit"]
    Wait Until Element Contains    id:declarer-message    Déclaration envoyée (le
    Element Should Contain    id:declarer-message    , matin)
    Element Should Not Contain    id:declarer-message    2026-
    Wait Until Element Contains    id:declarations    matin — Maladie — à traiter
    Ouvrir les absences de l'enfant depuis Mon bureau
    Element Should Contain    css:#evenements li[data-cle="${CLE}"]    déclarée

La seconde CPE accepte la déclaration
    Se connecter sur un téléphone    ${SECONDE_CPE}
    Set Window Size    1280    900
    Go To    ${BASE_URL}
    Cliquer    .bloc-liens a[href$="@@vie-scolaire"]
    Wait Until Element Is Visible    css:#absents-du-jour
    Wait Until Element Contains    css:#declarations    matin
    Element Should Not Contain    css:#declarations    ${PARENT}
    Click Element    xpath://ul[@id="declarations"]/li[contains(., ", matin")]//button[contains(@class, "btn-outline-success")]
    Wait Until Element Contains    css:#declarations    Acceptée :
    Capture Page Screenshot    bureau-cpe.png

Le parent voit l'absence justifiée
    Se connecter sur un téléphone    ${PARENT}
    Ouvrir les absences de l'enfant depuis Mon bureau
    Element Should Contain    css:#evenements li[data-cle="${CLE}"]    justifiée
    Element Should Not Contain    css:#evenements li[data-cle="${CLE}"]    non justifiée
    Capture Page Screenshot    absences-justifiee.png
