*** Settings ***
Documentation     Un enseignant saisit 30 notes et deux appréciations ; le réseau coupe au
...               milieu, puis la session expire (cookie supprimé) ; il se reconnecte sur la
...               même page et tout arrive au serveur, une seule fois (vérifié ensuite par le
...               test qui lance cette suite : valeurs et journal de chaque évaluation).
...               Puis il crée une évaluation depuis la grille, au clavier ; une note refusée (21/20) est
...               comptée dans le bandeau et reste affichée après rechargement jusqu'à sa correction ;
...               Cartable momentanément indisponible (503) : la grille attend pour se charger, une note saisie
...               attend sur l'appareil et part au retour ;
...               il publie l'évaluation, et le parent voit la note et la nouvelle moyenne dans « Mes notes ».
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${GRILLE_URL}     ${BASE_URL}
${ENSEIGNANT}     david.mathieu
${EVAL_A}         a
${EVAL_B}         b
${PARENT}         david.lecomte
${ETAB_URL}       ${BASE_URL}/0139101x

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

Se connecter comme
    [Arguments]    ${login}
    Delete All Cookies
    Se connecter par le formulaire    ${login}
    Wait Until Page Does Not Contain Element    id:__ac_password

Matière de la grille
    ${matiere}=    Evaluate    urllib.parse.parse_qs(urllib.parse.urlsplit($GRILLE_URL).query)["matiere"][0]    modules=urllib.parse
    RETURN    ${matiere}

Moyenne lue par le parent
    ${matiere}=    Matière de la grille
    Go To    ${ETAB_URL}/@@mes-notes
    Wait Until Page Contains Element    css:section.matiere[data-matiere="${matiere}"] .moyenne    timeout=20s
    ${moyenne}=    Get Text    css:section.matiere[data-matiere="${matiere}"] .moyenne
    RETURN    ${moyenne}

Colonne
    [Arguments]    ${titre}
    ${ident}=    Execute Javascript
    ...    const th = [...document.querySelectorAll("#grille th.evaluation")].find((t) => t.querySelector("button").textContent === arguments[0]);
    ...    return th ? th.dataset.evaluation : null;
    ...    ARGUMENTS    ${titre}
    Should Not Be Equal    ${ident}    ${None}
    RETURN    ${ident}

Cartable indisponible au chargement
    [Documentation]    Avant chaque page (CDP) : les deux premières lectures de la grille reçoivent la réponse de
    ...                Cartable quand son stockage est absent (503, Retry-After: 1 ; côté serveur :
    ...                tests/integration/test_indisponible*.py), les envois (POST) aussi tant que
    ...                window.__indisponible ; window.__etats garde chaque texte du bandeau d'état.
    ${source}=    Catenate    SEPARATOR=\n
    ...    (function () {
    ...    const reel = window.fetch, corps = JSON.stringify({error: {type: "StockageIndisponible", message: "Cartable est momentanément indisponible, réessayez dans un instant."}});
    ...    const indisponible = () => Promise.resolve(new Response(corps, {status: 503, headers: {"Retry-After": "1", "Content-Type": "application/json"}}));
    ...    let lectures = 2;
    ...    window.__etats = [];
    ...    window.fetch = function (url, init) {
    ...    const envoi = !!(init && init.method === "POST");
    ...    if (!envoi && lectures > 0 && String(url).indexOf("/@saisie-notes?") >= 0) { lectures -= 1; return indisponible(); }
    ...    if (envoi && window.__indisponible) return indisponible();
    ...    return reel.apply(this, arguments);
    ...    };
    ...    new MutationObserver(() => { const e = document.getElementById("etat-global"), t = e ? e.textContent : ""; if (t && window.__etats[window.__etats.length - 1] !== t) window.__etats.push(t); }).observe(document, {subtree: true, childList: true, characterData: true});
    ...    })();
    ${selenium}=    Get Library Instance    SeleniumLibrary
    ${reponse}=    Call Method    ${selenium.driver}    execute_cdp_cmd    Page.addScriptToEvaluateOnNewDocument    ${{ {"source": $source} }}
    RETURN    ${reponse}[identifier]

Plus d'indisponibilité
    [Arguments]    ${script}
    ${selenium}=    Get Library Instance    SeleniumLibrary
    Call Method    ${selenium.driver}    execute_cdp_cmd    Page.removeScriptToEvaluateOnNewDocument    ${{ {"identifier": $script} }}

Le bandeau a dit
    [Arguments]    ${texte}
    ${etats}=    Execute JavaScript    return window.__etats.join(" | ");
    Should Contain    ${etats}    ${texte}

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

Le parent lit la moyenne de son enfant avant la nouvelle évaluation
    Se connecter comme    ${PARENT}
    ${avant}=    Moyenne lue par le parent
    ${enfant}=    Get Element Attribute    id:mes-notes    data-eleve
    Set Suite Variable    ${MOYENNE_AVANT}    ${avant}
    Set Suite Variable    ${ENFANT}    ${enfant}

L'enseignant crée une évaluation dans la grille, au clavier
    Se connecter comme    ${ENSEIGNANT}
    Go To    ${GRILLE_URL}
    Wait Until Element Is Visible    id:nouvelle-evaluation
    Click Button    id:nouvelle-evaluation
    Wait Until Element Is Visible    id:ev-titre
    Element Should Be Focused    id:ev-titre
    Input Text    id:ev-titre    Robot C
    Press Keys    id:ev-titre    RETURN
    Wait Until Element Contains    css:#grille thead    Robot C
    Element Should Not Be Visible    id:form-evaluation
    ${ident}=    Colonne    Robot C
    Set Suite Variable    ${EVAL_C}    ${ident}
    Element Should Contain    css:th[data-evaluation="${EVAL_C}"]    non publiée

Une note refusée est comptée, expliquée sous la case et gardée après rechargement
    ${case}=    Set Variable    css:[data-id="n:${EVAL_C}:${ENFANT}"]
    Input Text    ${case}    21
    Wait Until Element Contains    id:etat-global    1 case refusée    timeout=20s
    Element Should Not Contain    id:etat-global    Tout est enregistré
    Element Text Should Not Be    id:msg-n:${EVAL_C}:${ENFANT}    ${EMPTY}
    Reload Page
    Wait Until Element Is Visible    ${case}
    Textfield Value Should Be    ${case}    21
    Wait Until Element Contains    id:etat-global    1 case refusée
    Element Text Should Not Be    id:msg-n:${EVAL_C}:${ENFANT}    ${EMPTY}
    ${moyenne}=    Get Text    css:td.moyenne[data-eleve="${ENFANT}"]
    Input Text    ${case}    16
    Wait Until Element Contains    id:etat-global    Tout est enregistré    timeout=20s
    Element Text Should Be    id:msg-n:${EVAL_C}:${ENFANT}    ${EMPTY}
    Wait Until Keyword Succeeds    10s    0.5s    Element Text Should Not Be    css:td.moyenne[data-eleve="${ENFANT}"]    ${moyenne}

La grille attend Cartable quand il est momentanément indisponible
    [Documentation]    Le stockage de Cartable redémarre : la première lecture de la grille attend le Retry-After et
    ...                réessaie au lieu d'échouer ; une note saisie pendant la panne attend sur l'appareil
    ...                (« nouvel essai dans … ») et part au retour, une fois. Une autre case que celle de l'enfant
    ...                du parent (le test suivant lit sa note).
    ${script}=    Cartable indisponible au chargement
    Reload Page
    ${case}=    Set Variable    css:input[data-id^="n:${EVAL_C}:"]:not([data-id="n:${EVAL_C}:${ENFANT}"])
    Wait Until Element Is Visible    ${case}    timeout=30s
    Le bandeau a dit    Cartable est momentanément indisponible, nouvel essai dans 1 seconde.
    Wait Until Element Contains    id:etat-global    Tout est enregistré    timeout=20s
    Execute JavaScript    window.__indisponible = true;
    Input Text    ${case}    12
    Wait Until Keyword Succeeds    20s    0.2s    Le bandeau a dit    1 saisie(s) gardée(s) sur cet appareil, nouvel essai dans
    Element Should Not Contain    id:etat-global    Tout est enregistré
    Execute JavaScript    window.__indisponible = false;
    Wait Until Element Contains    id:etat-global    Tout est enregistré    timeout=30s
    Plus d'indisponibilité    ${script}
    Reload Page
    Wait Until Element Is Visible    ${case}    timeout=30s
    Textfield Value Should Be    ${case}    12
    [Teardown]    Run Keyword And Ignore Error    Plus d'indisponibilité    ${script}

L'enseignant publie l'évaluation depuis la grille
    Cliquer    th[data-evaluation="${EVAL_C}"] button
    Wait Until Element Is Visible    id:ev-publier
    Element Should Be Focused    id:ev-titre
    Cliquer    button#ev-publier
    Wait Until Element Is Not Visible    id:form-evaluation
    Wait Until Element Does Not Contain    css:th[data-evaluation="${EVAL_C}"]    non publiée
    Element Should Contain    css:th[data-evaluation="${EVAL_C}"]    publiée

Le parent voit la note et la nouvelle moyenne
    Se connecter comme    ${PARENT}
    ${apres}=    Moyenne lue par le parent
    Wait Until Page Contains    Robot C
    Page Should Contain Element    xpath://tr[td[contains(., "Robot C")]]/td[contains(@class, "note")][normalize-space()="16/20"]
    Should Not Be Equal    ${apres}    ${MOYENNE_AVANT}
