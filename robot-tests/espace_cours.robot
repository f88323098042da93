*** Settings ***
Documentation     L'espace de cours tel que ses membres s'en servent, sur un téléphone (390 px), par des clics
...               depuis Mon bureau : l'élève (aaron.lecomte) ouvre l'espace de français de sa classe, y ouvre un
...               devoir, remet un texte en ligne, relit le texte remis, et son agenda dit « Remis le … » ;
...               l'enseignant (david.mathieu) ouvre le même espace et y lit le compte des copies remises.
...               Chaque page passe axe-core (aucune violation « serious » ni « critical ») sans défilement
...               horizontal. Le texte tapé à côté d'un fichier refusé n'est pas perdu. ESPACE, DEVOIR_TITRE, TEXTE
...               et REFUSE viennent de prepare_espace_cours (tests/system).
Resource          resources/parcours.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${ESPACE}          ${BASE_URL}/0139101x/3a/francais
${DEVOIR_TITRE}    Mon quartier en ligne (robot espace)
${TEXTE}           Mon quartier a une boulangerie et un parc.
${ELEVE}           aaron.lecomte
${ENSEIGNANT}      david.mathieu
${REFUSE}          /tmp/programme.exe
${TEXTE_EXPOSE}    Mon exposé porte sur les jardins partagés.

*** Keywords ***
Cliquer le lien visible
    [Documentation]    Le premier lien visible vers ${href} (le menu ou un bloc de Mon bureau), amené au centre puis cliqué.
    [Arguments]    ${href}
    Wait Until Page Contains Element    css:a[href="${href}"]
    Execute Javascript
    ...    const a = Array.from(document.querySelectorAll('a[href="${href}"]')).find(x => x.offsetParent !== null); a.id = "lien-robot"; a.scrollIntoView({block: "center", behavior: "instant"});
    Click Element    id:lien-robot

Page vérifiée
    [Arguments]    ${nom}
    Wait For Condition    return document.readyState == "complete"
    Page sans erreur
    Pas de défilement horizontal
    Capture Page Screenshot    espace-${nom}.png
    Aucune violation grave d'accessibilité

Le devoir dans l'espace
    [Documentation]    La ligne du devoir de la suite dans la liste des devoirs de l'espace.
    RETURN    xpath://section[@id="espace-devoirs"]//li[contains(@class, "devoir")][.//*[normalize-space()="${DEVOIR_TITRE}"]]

*** Test Cases ***
L'élève ouvre l'espace depuis Mon bureau et remet un texte
    Set Window Size    390    844
    Arriver sur Mon bureau    ${ELEVE}    Aaron Lecomte
    Cliquer le lien visible    ${ESPACE}
    Wait Until Element Is Visible    id:espace-titre
    Element Should Contain    id:espace-titre    3EME A
    Page Should Not Contain    Code matière
    Page Should Not Contain    Animateurs
    Page Should Not Contain    Nouveau devoir
    Page vérifiée    eleve-espace
    ${ligne}=    Le devoir dans l'espace
    Element Should Contain    ${ligne}    À rendre pour
    Click Link    ${DEVOIR_TITRE}
    Wait Until Element Is Visible    id:rendu-texte
    Element Should Contain    id:rendu-etat    Non rendu
    Page vérifiée    eleve-devoir
    Input Text    id:rendu-texte    ${TEXTE}
    Click Button    id:rendu-remettre
    Handle Alert    ACCEPT
    Wait Until Element Contains    id:rendu-statut    Votre travail est remis.
    Wait Until Element Contains    id:rendu-etat    Remis
    # the handed-in text, read back (the editor is gone), also after a reload
    Wait Until Element Is Visible    id:rendu-texte-remis
    Element Should Contain    id:rendu-texte-remis    ${TEXTE}
    Reload Page
    Wait Until Element Is Visible    id:rendu-texte-remis
    Element Should Contain    id:rendu-texte-remis    ${TEXTE}
    Element Should Not Be Visible    id:rendu-remettre
    Page vérifiée    eleve-devoir-remis

Le texte tapé à côté d'un fichier refusé est gardé
    Set Window Size    390    844
    Revenir à Mon bureau
    Cliquer le lien visible    ${ESPACE}
    Wait Until Element Is Visible    id:espace-titre
    Click Link    Exposé avec un fichier (robot espace)
    Wait Until Element Is Visible    id:rendu-ajout
    Input Text    id:rendu-texte    ${TEXTE_EXPOSE}
    Choose File    id:rendu-ajout    ${REFUSE}
    Click Button    id:rendu-enregistrer
    Wait Until Element Contains    id:rendu-statut    gardé en brouillon
    Textarea Value Should Be    id:rendu-texte    ${TEXTE_EXPOSE}
    Page vérifiée    eleve-fichier-refuse
    # kept on the server as a draft: a reload finds it
    Reload Page
    Wait Until Element Is Visible    id:rendu-texte
    Wait Until Keyword Succeeds    10s    0.5s    Textarea Value Should Be    id:rendu-texte    ${TEXTE_EXPOSE}
    Element Should Contain    id:rendu-etat    Brouillon

L'élève relit son rendu dans l'espace et l'agenda dit « Remis »
    Set Window Size    390    844
    Revenir à Mon bureau
    Cliquer le lien visible    ${ESPACE}
    Wait Until Element Is Visible    id:mes-rendus
    Element Should Contain    id:mes-rendus    ${DEVOIR_TITRE}
    Element Should Contain    id:mes-rendus    Remis le
    Revenir à Mon bureau
    Cliquer le lien visible    ${BASE_URL}/@@agenda
    Wait Until Page Contains    ${DEVOIR_TITRE}
    ${item}=    Set Variable    xpath://li[.//span[contains(@class, "titre") and contains(normalize-space(), "${DEVOIR_TITRE}")]]
    Element Should Contain    ${item}    Remis le
    Element Should Not Contain    ${item}    Rendre le devoir
    Page vérifiée    eleve-agenda

L'enseignant ouvre le même espace et lit le compte des copies
    Set Window Size    390    844
    Arriver sur Mon bureau    ${ENSEIGNANT}    David Mathieu
    Cliquer le lien visible    ${ESPACE}
    Wait Until Element Is Visible    id:espace-actions
    Element Should Contain    id:espace-actions    Nouveau devoir
    Element Should Contain    id:espace-actions    Cahier de textes
    Element Should Contain    id:espace-actions    Ajouter un document
    ${ligne}=    Le devoir dans l'espace
    Element Should Contain    ${ligne}    1 remis sur
    Element Should Contain    ${ligne}    1 à corriger
    Element Should Contain    ${ligne}    Publié
    Page Should Not Contain    Code matière
    Page vérifiée    enseignant-espace

L'enseignant ouvre le devoir, avec la barre d'édition de Plone
    [Documentation]    Là où il modifie, l'enseignant a la barre d'édition de Plone, repliée sur un téléphone :
    ...                ses liens d'icône gardent leur nom pour les lecteurs d'écran (axe « link-name »). (Les
    ...                contenus de l'espace, « Gérer les contenus », sont la page de Plone : axe y trouve encore
    ...                une violation de son motif « structure », label-content-name-mismatch.)
    Set Window Size    390    844
    ${ligne}=    Le devoir dans l'espace
    Click Element    ${ligne}//a[normalize-space()="${DEVOIR_TITRE}"]
    Wait Until Page Contains Element    id:edit-zone
    Page vérifiée    enseignant-devoir-barre
