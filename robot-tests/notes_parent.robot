*** Settings ***
Documentation     Un parent ouvre, depuis son profil, la page des notes de son enfant ; il choisit
...               le premier trimestre (les notes de démonstration), voit la moyenne générale et
...               celle de chaque matière, la répartition de la classe en graphique (la tranche
...               de son enfant mise en évidence, avec une alternative textuelle), sans défilement
...               horizontal sur un écran étroit. La page d'un enfant d'une autre famille lui est
...               refusée. AUTRE_ELEVE et AUTRE_NOM viennent de prepare_notes_parent (tests/system).
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${COLLEGE}        ${BASE_URL}/0139101x
${PARENT}         david.lecomte
${AUTRE_ELEVE}    inconnu
${AUTRE_NOM}      Personne Inconnue

*** Keywords ***
Choisir la période
    [Documentation]    Le trimestre en cours est déjà affiché : ne rien changer ; sinon le choisir.
    [Arguments]    ${code}
    ${actuelle}=    Get Selected List Value    id:choix-periode
    IF    '${actuelle}' != '${code}'
        Select From List By Value    id:choix-periode    ${code}
        Wait Until Location Contains    periode=${code}
    END

*** Test Cases ***
Un parent lit les notes de son enfant et la répartition de la classe
    Delete All Cookies
    Se connecter par le formulaire    ${PARENT}
    Wait Until Page Contains    David Lecomte
    Go To    ${BASE_URL}/@@mon-profil
    Wait Until Page Contains    Mes enfants
    Click Link    css:a.lien-notes
    Wait Until Element Is Visible    id:choix-periode
    Choisir la période    T1
    Wait Until Element Is Visible    id:moyenne-generale    timeout=30s
    ${moyenne}=    Get Text    id:moyenne-generale
    Should Match Regexp    ${moyenne}    ^\\d{1,2},\\d\\d$
    Wait Until Page Contains Element    css:#matieres section.matiere .moyenne
    Page Should Contain Element    css:#generale svg[role="img"] rect.barre-eleve
    Page Should Contain Element    css:#matieres section.matiere svg[role="img"] rect.barre-eleve
    Page Should Contain Element    css:#matieres section.matiere table.evaluations tbody tr
    ${alternative}=    Execute Javascript    return document.querySelector("#generale svg desc").textContent
    Should Contain    ${alternative}    Moyenne de l'élève entre
    Click Element    css:#generale details summary
    Element Should Contain    css:#generale details    de 0 à 2 :
    Set Window Size    390    900
    ${debord}=    Execute Javascript    return document.documentElement.scrollWidth - document.documentElement.clientWidth
    Should Be Equal As Integers    ${debord}    0
    Set Window Size    1280    900

La page des notes d'un enfant d'une autre famille est refusée
    Go To    ${COLLEGE}/@@mes-notes?eleve=${AUTRE_ELEVE}&periode=T1
    Wait Until Location Contains    insufficient-privileges
    Page Should Not Contain Element    id:mes-notes
    Page Should Not Contain    ${AUTRE_NOM}
