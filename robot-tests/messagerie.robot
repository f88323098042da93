*** Settings ***
Documentation     La messagerie sur un téléphone (390 px) : un parent (david.lecomte) écrit à l'enseignant de son enfant
...               depuis Mon bureau ; seules les personnes à qui il peut écrire lui sont proposées (l'enseignant de la
...               classe, pas celui d'une autre classe, même cherché par son nom) ; l'enseignant voit le message non lu
...               sur Mon bureau et répond ; le parent voit la réponse, sa conversation « Répondu » et son message « Lu ».
...               La vie scolaire envoie un mot à signer aux parents de la 3A ; deux parents le signent sur leur téléphone ;
...               le tableau de la CPE montre « 2 signés sur N » et elle relance les autres familles.
...               Un message tapé pendant une coupure de réseau part une seule fois au retour du réseau.
...               Chaque page passe axe-core (aucune violation « serious » ni « critical ») sans défilement horizontal.
Resource          resources/parcours.resource
Library           Collections
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${PARENT}         david.lecomte
${ENSEIGNANT}     david.mathieu
${DIRECTION}      stephane.lemoine
${AUTRE_PARENT}   veronique.bonnet
${CPE}            sophie.dufour
${MOT}            Sortie au musée : autorisation
${COLLEGE}        0139101x
${SUJET}          Sortie au musée (messagerie)
${QUESTION}       Bonjour, faut-il prévoir un pique-nique pour la sortie ?
${REPONSE}        Oui, un pique-nique et une bouteille d'eau.

*** Keywords ***
Enseignants de la classe
    [Documentation]    Les noms des enseignants d'une classe du collège, lus par la direction (REST).
    [Arguments]    ${classe}
    ${fiche}=    Evaluate
    ...    requests.get("${BASE_URL}/${COLLEGE}/${classe}/@annuaire-classe", headers={"Accept": "application/json"}, auth=("${DIRECTION}", "${DEMO_PASSWORD}"), timeout=60).json()
    ...    modules=requests
    ${noms}=    Evaluate    [e["nom_complet"] for e in $fiche["enseignants"]]
    RETURN    ${noms}

Nom de
    [Arguments]    ${login}
    ${profil}=    Evaluate
    ...    requests.get("${BASE_URL}/@mon-profil", headers={"Accept": "application/json"}, auth=("${login}", "${DEMO_PASSWORD}"), timeout=60).json()
    ...    modules=requests
    RETURN    ${profil}[nom_complet]

Page vérifiée
    [Arguments]    ${capture}
    Pas de défilement horizontal
    Capture Page Screenshot    ${capture}.png
    Aucune violation grave d'accessibilité

Réseau coupé
    [Arguments]    ${coupe}
    ${selenium}=    Get Library Instance    SeleniumLibrary
    Call Method    ${selenium.driver}    set_network_conditions    offline=${coupe}    latency=${0}
    ...    download_throughput=${-1}    upload_throughput=${-1}

Envoyés portant
    [Documentation]    Combien de conversations des « Envoyés » de ${login} portent ce sujet (REST).
    [Arguments]    ${login}    ${sujet}
    ${items}=    Evaluate
    ...    requests.get("${BASE_URL}/@messagerie", params={"dossier": "envoyes"}, headers={"Accept": "application/json"}, auth=("${login}", "${DEMO_PASSWORD}"), timeout=60).json()["items"]
    ...    modules=requests
    ${sujets}=    Evaluate    [c["sujet"] for c in $items]
    ${nombre}=    Count Values In List    ${sujets}    ${sujet}
    RETURN    ${nombre}

Se connecter sur un téléphone
    [Arguments]    ${login}    ${nom_complet}
    Set Window Size    390    844
    Arriver sur Mon bureau    ${login}    ${nom_complet}

*** Test Cases ***
Un parent écrit à l'enseignant de son enfant, qui lui répond
    ${nom_prof}=    Nom de    ${ENSEIGNANT}
    ${nom_parent}=    Nom de    ${PARENT}
    ${de_la_3a}=    Enseignants de la classe    3a
    ${de_la_3b}=    Enseignants de la classe    3b
    List Should Contain Value    ${de_la_3a}    ${nom_prof}
    ${autres}=    Copy List    ${de_la_3b}
    Remove Values From List    ${autres}    @{de_la_3a}
    ${autre}=    Get From List    ${autres}    0

    # the parent, from Mon bureau: « Écrire un message »
    Se connecter sur un téléphone    ${PARENT}    ${nom_parent}
    Element Should Contain    css:.mon-bureau    Messages non lus
    Cliquer    .mon-bureau a[href$="/@@messagerie-ecrire"]
    Wait Until Element Is Visible    id:ecrire
    Page Should Contain Element    css:#ecrire input[name="destinataires"][data-nom="${nom_prof}"]
    Page Should Not Contain    ${autre}
    Page vérifiée    messagerie-ecrire-390
    # the other class's teacher, typed in full: not offered
    Input Text    id:chercher    ${autre}
    Wait Until Element Contains    css:#ecrire .messagerie-message    Personne à qui vous pouvez écrire
    Page Should Not Contain Element    css:#ecrire input[name="destinataires"][data-nom="${autre}"]
    Clear Element Text    id:chercher
    Cliquer    \#ecrire input[name="destinataires"][data-nom="${nom_prof}"]
    Input Text    id:sujet    ${SUJET}
    Input Text    id:texte    ${QUESTION}
    Cliquer    \#ecrire button[type="submit"]
    Wait Until Element Is Visible    id:conversation
    Element Should Contain    css:#conversation h1    ${SUJET}
    Element Should Contain    css:#conversation .messagerie-messages    ${QUESTION}
    Element Should Contain    css:#conversation .messagerie-lu    Pas encore lu
    Page vérifiée    messagerie-envoye-390

    # the teacher: the unread message on Mon bureau, read, answered
    Se connecter sur un téléphone    ${ENSEIGNANT}    ${nom_prof}
    Element Should Contain    css:.mon-bureau    ${SUJET}
    Cliquer    .mon-bureau a[href*="@@messagerie-conversation"]
    Wait Until Element Is Visible    id:conversation
    Element Should Contain    css:#conversation .messagerie-messages    ${QUESTION}
    Element Should Contain    css:#conversation    ${nom_parent}
    Page vérifiée    messagerie-recu-390
    Input Text    id:reponse-texte    ${REPONSE}
    Cliquer puis attendre la page rechargée    \#conversation form.messagerie-repondre button[type="submit"]
    Wait Until Element Contains    css:#conversation .messagerie-messages    ${REPONSE}

    # the parent sees the answer, the conversation answered and their message read
    Se connecter sur un téléphone    ${PARENT}    ${nom_parent}
    Element Should Contain    css:.mon-bureau    ${SUJET}
    Cliquer    .mon-bureau a[href*="@@messagerie-conversation"]
    Wait Until Element Is Visible    id:conversation
    Element Should Contain    css:#conversation .messagerie-messages    ${REPONSE}
    Element Should Contain    css:#conversation    Répondu
    Element Should Contain    css:#conversation .messagerie-lu    Lu
    Page vérifiée    messagerie-repondu-390
    # the menu's « Messagerie »: the conversation in the réception, answered
    Revenir à Mon bureau
    Cliquer    nav.bureau-rubriques a[href$="/@@messagerie"]
    Wait Until Element Is Visible    id:messagerie
    Element Should Contain    css:#messagerie .messagerie-liste    ${SUJET}
    Element Should Contain    css:#messagerie .messagerie-liste    Répondu
    Page vérifiée    messagerie-boite-390

La vie scolaire envoie un mot à signer aux parents de la 3A, deux familles signent
    ${nom_cpe}=    Nom de    ${CPE}
    ${nom_parent}=    Nom de    ${PARENT}
    ${nom_autre}=    Nom de    ${AUTRE_PARENT}
    Se connecter sur un téléphone    ${CPE}    ${nom_cpe}
    Cliquer    .mon-bureau a[href$="/@@messagerie-ecrire"]
    Wait Until Element Is Visible    id:ecrire
    ${groupe}=    Execute Javascript
    ...    return Array.from(document.querySelectorAll("#ecrire input[name=groupes]")).find(c => c.value.startsWith("parents:") && c.value.endsWith(":3A")).id
    Cliquer    \#${groupe}
    Cliquer    \#a-signer
    Input Text    id:sujet    ${MOT}
    Input Text    id:texte    Merci de signer l'autorisation de sortie de jeudi.
    Page vérifiée    mot-ecrire-390
    Cliquer    \#ecrire button[type="submit"]
    Wait Until Element Is Visible    css:.messagerie-mot
    Element Should Contain    css:.messagerie-mot-resume    0 signé sur
    ${total}=    Get Element Count    css:.messagerie-mot-familles li
    ${adresse_du_mot}=    Get Location

    FOR    ${login}    ${nom}    IN    ${PARENT}    ${nom_parent}    ${AUTRE_PARENT}    ${nom_autre}
        Se connecter sur un téléphone    ${login}    ${nom}
        Element Should Contain    css:.mon-bureau    ${MOT}
        Cliquer    .mon-bureau a[href*="@@messagerie-conversation"]
        Wait Until Element Is Visible    css:.messagerie-mot
        Page vérifiée    mot-a-signer-${login}-390
        Cliquer puis attendre la page rechargée    button.messagerie-signer
        Wait Until Element Contains    css:.messagerie-mot    signé par ${nom}
        Page Should Not Contain Element    css:button.messagerie-signer
    END

    Se connecter sur un téléphone    ${CPE}    ${nom_cpe}
    Go To    ${adresse_du_mot}
    Wait Until Element Is Visible    css:.messagerie-mot
    Element Should Contain    css:.messagerie-mot-resume    2 signés sur ${total}
    Element Should Contain    css:.messagerie-mot-familles    signé par ${nom_parent}
    Element Should Contain    css:.messagerie-mot-familles    signé par ${nom_autre}
    Page vérifiée    mot-tableau-390
    Cliquer    button.messagerie-relancer
    Wait Until Element Contains    css:#conversation .messagerie-message    Rappel envoyé à

Un message tapé pendant une coupure de réseau part une seule fois au retour du réseau
    [Documentation]    Le parent écrit pendant que le réseau est coupé : le message est gardé sur le téléphone
    ...                (« Hors ligne »), la page rechargée le retrouve, et il part au retour du réseau ; ses
    ...                « Envoyés » le comptent une fois. Le brouillon tapé est aussi enregistré dans sa messagerie.
    [Teardown]    Réseau coupé    ${False}
    ${nom_prof}=    Nom de    ${ENSEIGNANT}
    ${nom_parent}=    Nom de    ${PARENT}
    ${sujet}=    Set Variable    Coupure de réseau (messagerie)
    Se connecter sur un téléphone    ${PARENT}    ${nom_parent}
    Cliquer    .mon-bureau a[href$="/@@messagerie-ecrire"]
    Wait Until Element Is Visible    id:ecrire
    Cliquer    \#ecrire input[name="destinataires"][data-nom="${nom_prof}"]
    Input Text    id:sujet    ${sujet}
    # the draft reaches the mailbox while the network is there
    Wait Until Element Contains    css:#ecrire .messagerie-brouillon-etat    Brouillon enregistré dans votre messagerie    timeout=15s
    # typed during a first cut: kept on the phone, saved in the mailbox when the network returns
    Réseau coupé    ${True}
    Input Text    id:texte    Bonjour, mon fils
    Wait Until Element Contains    css:#ecrire .messagerie-brouillon-etat    Brouillon gardé sur cet appareil    timeout=15s
    Réseau coupé    ${False}
    Wait Until Element Contains    css:#ecrire .messagerie-brouillon-etat    Brouillon enregistré dans votre messagerie    timeout=15s
    ${brouillon}=    Evaluate
    ...    requests.get("${BASE_URL}/@messagerie-brouillon", headers={"Accept": "application/json"}, auth=("${PARENT}", "${DEMO_PASSWORD}"), timeout=60).json()["brouillon"]
    ...    modules=requests
    Should Be Equal    ${brouillon}[texte]    Bonjour, mon fils
    # a second cut: the message finished and sent off line
    Réseau coupé    ${True}
    Input Text    id:texte    Bonjour, mon fils sera absent jeudi matin.
    Wait Until Element Contains    css:#ecrire .messagerie-brouillon-etat    Brouillon gardé sur cet appareil    timeout=15s
    Cliquer    \#ecrire button[type="submit"]
    Wait Until Element Contains    css:#ecrire .messagerie-message    Hors ligne    timeout=15s
    Cliquer    \#ecrire button[type="submit"]
    Element Should Contain    css:#ecrire .messagerie-message    déjà en cours d'envoi
    Page vérifiée    messagerie-hors-ligne-390
    ${envoyes}=    Envoyés portant    ${PARENT}    ${sujet}
    Should Be Equal As Integers    ${envoyes}    0
    Réseau coupé    ${False}
    Wait Until Element Is Visible    id:conversation    timeout=45s
    Element Should Contain    css:#conversation h1    ${sujet}
    Element Should Contain    css:#conversation .messagerie-messages    mon fils sera absent jeudi matin
    ${envoyes}=    Envoyés portant    ${PARENT}    ${sujet}
    Should Be Equal As Integers    ${envoyes}    1
    ${brouillon}=    Evaluate
    ...    requests.get("${BASE_URL}/@messagerie-brouillon", headers={"Accept": "application/json"}, auth=("${PARENT}", "${DEMO_PASSWORD}"), timeout=60).json()["brouillon"]
    ...    modules=requests
    Should Be Equal    ${brouillon}    ${None}

La vie scolaire écrit à tous les parents de l'établissement, l'envoi se fait en tâche de fond
    [Documentation]    Plus de 200 destinataires : la page de la conversation montre l'avancement (« Envoi en
    ...                cours ») que le travailleur de la file fait progresser jusqu'à « Envoyé aux N destinataires » ;
    ...                un parent le trouve alors dans sa boîte, et les « Envoyés » de la CPE le comptent une fois.
    ${nom_cpe}=    Nom de    ${CPE}
    ${sujet}=    Set Variable    Réunion de rentrée (tous les parents)
    Se connecter sur un téléphone    ${CPE}    ${nom_cpe}
    Cliquer    .mon-bureau a[href$="/@@messagerie-ecrire"]
    Wait Until Element Is Visible    id:ecrire
    ${groupe}=    Execute Javascript
    ...    return Array.from(document.querySelectorAll("#ecrire input[name=groupes]")).find(c => c.value.startsWith("familles:")).id
    Element Should Contain    css:label[for="${groupe}"]    Les parents de l'établissement
    Cliquer    \#${groupe}
    Input Text    id:sujet    ${sujet}
    Input Text    id:texte    La réunion de rentrée aura lieu jeudi à 18 h au réfectoire.
    Cliquer    \#ecrire button[type="submit"]
    Wait Until Element Is Visible    css:#conversation .messagerie-envoi
    Wait Until Element Contains    css:#conversation .messagerie-envoi    Envoyé aux    timeout=120s
    Element Should Contain    css:#conversation .messagerie-messages    Les parents de l'établissement
    Page vérifiée    messagerie-tous-les-parents-390
    ${recus}=    Evaluate
    ...    [c["sujet"] for c in requests.get("${BASE_URL}/@messagerie", headers={"Accept": "application/json"}, auth=("${PARENT}", "${DEMO_PASSWORD}"), timeout=60).json()["items"]]
    ...    modules=requests
    List Should Contain Value    ${recus}    ${sujet}
    ${envoyes}=    Envoyés portant    ${CPE}    ${sujet}
    Should Be Equal As Integers    ${envoyes}    1
