*** Settings ***
Documentation     Un enseignant crée un devoir avec une pièce jointe et le publie ; un élève remet un
...               fichier avant l'échéance, un autre après (signalé en retard) ; l'enseignant corrige
...               les deux copies et les restitue ; chaque élève lit sa note. L'échéance est fixée deux
...               minutes après la création, à l'heure du serveur (la variable MAINTENANT, son horloge, pas
...               celle de la machine) : la suite attend qu'elle passe, puis que le serveur l'annonce passée.
...               ELEVE2, ELEVE2_MDP, PIECE et RENDU viennent de prepare_devoirs (tests/system).
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${ESPACE}         ${BASE_URL}/0139101x/3a/francais
${ENSEIGNANT}     david.mathieu
${ELEVE1}         aaron.lecomte
${ELEVE2}         inconnu
${ELEVE2_MDP}     inconnu
${PIECE}          /tmp/consignes.pdf
${RENDU}          /tmp/copie.pdf
${TITRE}          Rédaction : mon quartier (robot)

*** Keywords ***
Se connecter comme
    [Arguments]    ${login}    ${mdp}=${DEMO_PASSWORD}
    Delete All Cookies
    Se connecter par le formulaire    ${login}    ${mdp}
    Wait Until Page Does Not Contain Element    id:__ac_password

Heure de Paris
    [Documentation]    Dans ${minutes} minutes à l'heure du serveur, au format d'un champ datetime-local
    ...                (le serveur lit l'heure de Paris).
    [Arguments]    ${minutes}
    ${heure}=    Heure du serveur    ${minutes}
    RETURN    ${heure.strftime("%Y-%m-%dT%H:%M")}

Le serveur annonce la remise en retard
    Go To    ${DEVOIR_URL}
    Wait Until Element Contains    id:rendu-message    en retard    timeout=5s

Remettre un fichier
    Go To    ${DEVOIR_URL}
    Wait Until Page Contains Element    id:remise
    ${ok}=    Run Keyword And Return Status    Wait Until Element Is Visible    id:rendu-ajout
    IF    not ${ok}
        ${html}=    Execute Javascript    return document.getElementById("remise").outerHTML
        Log    ${html}    WARN
        Fail    la zone de remise reste cachée
    END
    Choose File    id:rendu-ajout    ${RENDU}
    Click Button    id:rendu-remettre
    Handle Alert    ACCEPT
    Wait Until Element Contains    id:rendu-statut    Votre travail est remis.
    Wait Until Element Contains    id:rendu-etat    Remis

Corriger la copie de
    [Arguments]    ${eleve}    ${note}    ${appreciation}
    ${ligne}=    Set Variable    css:#tableau tr[data-eleve="${eleve}"]
    Wait Until Page Contains Element    ${ligne} textarea:not([disabled])
    Input Text    ${ligne} input    ${note}
    Input Text    ${ligne} textarea    ${appreciation}
    Click Element    ${ligne} button.btn-primary
    Wait Until Element Contains    id:etat    Correction enregistrée.

*** Test Cases ***
L'enseignant crée et publie un devoir avec une pièce jointe
    Se connecter comme    ${ENSEIGNANT}
    Go To    ${ESPACE}/@@nouveau-devoir
    Wait Until Element Is Visible    id:titre
    Input Text    id:titre    ${TITRE}
    Input Text    id:consignes    Décrivez votre quartier en une page.
    ${ouverture}=    Heure de Paris    -60
    ${echeance}=    Heure de Paris    2
    Execute Javascript    document.getElementById("ouverture").value = "${ouverture}"; document.getElementById("echeance").value = "${echeance}"; document.getElementById("date_limite").value = "";
    Choose File    id:pieces    ${PIECE}
    Click Button    css:button[value="publier"]
    Wait Until Element Contains    id:etat-devoir    Publié
    Page Should Contain    ${TITRE}
    Page Should Contain Element    css:#pieces-jointes a
    ${url}=    Get Location
    Set Suite Variable    ${DEVOIR_URL}    ${url}
    Set Suite Variable    ${ECHEANCE}    ${echeance}

Un élève remet son travail avant l'échéance
    Se connecter comme    ${ELEVE1}
    Remettre un fichier
    Element Should Not Be Visible    id:rendu-retard

Un autre élève remet après l'échéance : signalé en retard
    ${maintenant}=    Heure du serveur
    ${attente}=    Evaluate    max(0, (datetime.datetime.fromisoformat("${ECHEANCE}") - $maintenant).total_seconds() + 3)    modules=datetime
    Sleep    ${attente}
    Se connecter comme    ${ELEVE2}    ${ELEVE2_MDP}
    # ${MAINTENANT} is an upper bound of the server's clock (which starts when its process has loaded):
    # the server's own word that the due date has passed
    Wait Until Keyword Succeeds    60s    1s    Le serveur annonce la remise en retard
    Remettre un fichier
    Wait Until Element Is Visible    id:rendu-retard
    Element Should Contain    id:rendu-retard    en retard

L'enseignant corrige les deux copies et les restitue
    Se connecter comme    ${ENSEIGNANT}
    Go To    ${DEVOIR_URL}/@@correction
    Wait Until Page Contains Element    css:#tableau tr[data-eleve]
    ${eleve1}=    Get Element Attribute    xpath://table[@id="tableau"]//tr[@data-eleve][.//button[contains(., "copie.pdf")]][not(contains(., "en retard"))]    data-eleve
    ${eleve2}=    Get Element Attribute    xpath://table[@id="tableau"]//tr[@data-eleve][contains(., "en retard")]    data-eleve
    Corriger la copie de    ${eleve1}    15,5    Description vivante et précise.
    Corriger la copie de    ${eleve2}    11    Rendu en retard ; le fond est correct.
    Click Button    id:restituer-tout
    Handle Alert    ACCEPT
    Wait Until Page Contains Element    xpath://table[@id="tableau"]//tr[@data-eleve="${eleve1}"][contains(., "Restitué")]
    Wait Until Page Contains Element    xpath://table[@id="tableau"]//tr[@data-eleve="${eleve2}"][contains(., "Restitué")]

Chaque élève lit sa note, et seulement la sienne
    Se connecter comme    ${ELEVE1}
    Go To    ${DEVOIR_URL}
    Wait Until Element Is Visible    id:rendu-retour
    Element Should Contain    id:rendu-note    15,5
    Page Should Not Contain    Rendu en retard ; le fond est correct.
    Se connecter comme    ${ELEVE2}    ${ELEVE2_MDP}
    Go To    ${DEVOIR_URL}
    Wait Until Element Is Visible    id:rendu-retour
    Element Should Contain    id:rendu-note    11
    Page Should Not Contain    Description vivante et précise.
