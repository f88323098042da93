*** Settings ***
Documentation     Compétences (issue 17). Un enseignant crée au clavier une évaluation portant trois compétences
...               et positionne toute sa classe de 3A ; le réseau coupe au milieu, puis la session expire (cookie
...               supprimé) ; il se reconnecte sur la même page et chaque positionnement arrive au serveur une seule
...               fois (le journal de l'évaluation, lu ensuite, en compte exactement un par case) ; il la publie. Un
...               parent lit les niveaux de son enfant, en lettres et en mots, dont ceux de la nouvelle évaluation ; la principale enregistre les niveaux de fin de cycle
...               décidés par le conseil d'une classe de troisième et un enseignement de complément.
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${ENSEIGNANT}     david.mathieu
${PARENT}         david.lecomte
${PRINCIPALE}     stephane.lemoine
${ETAB_URL}       ${BASE_URL}/0139101x

*** Keywords ***
Réseau coupé
    [Arguments]    ${coupe}
    ${selenium}=    Get Library Instance    SeleniumLibrary
    Call Method    ${selenium.driver}    set_network_conditions    offline=${coupe}    latency=${0}
    ...    download_throughput=${-1}    upload_throughput=${-1}

Se connecter comme
    [Arguments]    ${login}
    Delete All Cookies
    Se connecter par le formulaire    ${login}
    Wait Until Page Does Not Contain Element    id:__ac_password

Case
    [Arguments]    ${ligne}    ${rang}
    ${tr}=    Evaluate    ${ligne} + 1
    RETURN    css:#grille-competences tbody tr:nth-child(${tr}) input[data-evaluation="${EVAL}"][data-rang="${rang}"]

Positionner une colonne
    [Documentation]    Le niveau dépend de la case : 1 à 4.
    [Arguments]    ${rang}    ${de}    ${a}
    FOR    ${ligne}    IN RANGE    ${de}    ${a}
        ${niveau}=    Evaluate    str((${ligne} + ${rang}) % 4 + 1)
        ${case}=    Case    ${ligne}    ${rang}
        Input Text    ${case}    ${niveau}
    END

*** Test Cases ***
L'enseignant crée une évaluation à trois compétences, au clavier
    Se connecter par le formulaire    ${ENSEIGNANT}
    Wait Until Page Contains    David Mathieu
    Go To    ${ETAB_URL}/@@saisie-competences
    ${choix}=    Execute Javascript
    ...    return [...document.querySelectorAll("#choix-cours option")].map((o) => o.value).find((v) => v.startsWith("3A|"));
    ${matiere}=    Evaluate    $choix.split("|")[1]
    Go To    ${ETAB_URL}/@@saisie-competences?division=3A&matiere=${matiere}&periode=T1
    Wait Until Element Is Visible    id:nouvelle-evaluation
    Press Keys    None    ALT+n
    Wait Until Element Is Visible    id:ev-titre
    Element Should Be Focused    id:ev-titre
    Input Text    id:ev-titre    Robot compétences
    Select Checkbox    id:ev-c-0
    Select Checkbox    id:ev-c-1
    Select Checkbox    id:ev-c-2
    Cliquer    button#ev-enregistrer
    Wait Until Element Is Not Visible    id:form-evaluation
    Wait Until Element Contains    css:#grille-competences thead    Robot compétences    timeout=20s
    ${ident}=    Execute Javascript
    ...    const th = [...document.querySelectorAll("#grille-competences th[data-evaluation]")].find((t) => t.textContent.startsWith("Robot compétences"));
    ...    return th ? th.dataset.evaluation : null;
    Should Not Be Equal    ${ident}    ${None}
    Set Suite Variable    ${EVAL}    ${ident}
    ${n}=    Get Element Count    css:#grille-competences tbody tr
    Should Be True    ${n} >= 25
    Set Suite Variable    ${ELEVES}    ${n}

Toute la classe positionnée à travers une coupure de réseau et une session expirée, chaque case une fois
    Positionner une colonne    0    0    ${ELEVES}
    Wait Until Element Contains    id:etat-global    Tout est enregistré    timeout=30s
    Réseau coupé    ${True}
    Positionner une colonne    1    0    ${ELEVES}
    Positionner une colonne    2    0    ${ELEVES}
    Wait Until Element Contains    id:etat-global    Hors ligne    timeout=30s
    Delete Cookie    __ac
    Réseau coupé    ${False}
    Wait Until Element Is Visible    id:reconnexion    timeout=30s
    Element Should Contain    id:etat-global    Session expirée
    Input Text    id:reco-login    ${ENSEIGNANT}
    Input Password    id:reco-mdp    ${DEMO_PASSWORD}
    Click Button    id:reco-ok
    Wait Until Element Contains    id:etat-global    Tout est enregistré    timeout=30s
    Reload Page
    ${derniere}=    Case    ${ELEVES - 1}    2
    Wait Until Element Is Visible    ${derniere}
    ${attendu}=    Evaluate    ["MI", "MF", "MS", "TB"][(${ELEVES} - 1 + 2) % 4]
    Textfield Value Should Be    ${derniere}    ${attendu}
    Element Attribute Value Should Be    ${derniere}    aria-invalid    ${None}
    # the server holds each position once: one journal entry per cell typed, every cell positioned
    ${serveur}=    Execute Async Javascript
    ...    const fini = arguments[arguments.length - 1];
    ...    const racine = document.getElementById("saisie-competences").dataset;
    ...    fetch(racine.base + "/@saisie-competences?division=3A&matiere=" + racine.matiere + "&periode=T1", {headers: {Accept: "application/json"}, credentials: "same-origin"})
    ...    .then((r) => r.json()).then((g) => { const e = g.evaluations.find((x) => x.id === "${EVAL}");
    ...    const positions = Object.values(g.positions["${EVAL}"]).reduce((n, parEleve) => n + Object.keys(parEleve).length, 0);
    ...    fini([e.modifications, positions, g.eleves.length]); });
    ${attendues}=    Evaluate    3 * ${ELEVES}
    Should Be Equal As Integers    ${serveur}[0]    ${attendues}
    Should Be Equal As Integers    ${serveur}[1]    ${attendues}

L'enseignant publie l'évaluation depuis la grille des compétences
    Cliquer    th[data-evaluation="${EVAL}"] button.publier
    Wait Until Element Contains    css:th[data-evaluation="${EVAL}"]    · publiée    timeout=20s
    Element Should Contain    css:th[data-evaluation="${EVAL}"] button.publier    Ne plus publier

Un parent lit les niveaux de son enfant, en lettres et en mots
    Se connecter comme    ${PARENT}
    Go To    ${ETAB_URL}/@@mes-notes?periode=T1
    Wait Until Element Is Visible    id:lien-competences
    Click Link    id:lien-competences
    Wait Until Page Contains    Niveaux de maîtrise
    Page Should Contain    Positionnement de la période
    Page Should Contain Element    xpath://span[contains(@class, "niveau-") and contains(., " · Maîtrise")] | //span[contains(@class, "niveau-") and contains(., " · Très bonne maîtrise")]
    Page Should Contain    Robot compétences

La principale enregistre les niveaux de fin de cycle décidés en conseil
    Se connecter comme    ${PRINCIPALE}
    Go To    ${ETAB_URL}/@@fin-de-cycle?division=3A
    Wait Until Element Contains    id:etat    Cycle 4    timeout=30s
    Cliquer    button#reprendre
    Select From List By Value    css:#table-cycle tbody tr:first-child select.complement    LCA
    Select From List By Value    css:#table-cycle tbody tr:first-child select.complement-niveau    2
    Cliquer    button#enregistrer
    Wait Until Element Contains    id:etat    Enregistré    timeout=30s
    Reload Page
    Wait Until Element Contains    id:etat    Cycle 4    timeout=30s
    ${vides}=    Execute Javascript
    ...    return [...document.querySelectorAll("select.decision")].filter((s) => !s.value && !s.closest("td").textContent.includes("aucun")).length;
    Should Be Equal As Integers    ${vides}    0
    List Selection Should Be    css:#table-cycle tbody tr:first-child select.complement    Langues et cultures de l'Antiquité
    List Selection Should Be    css:#table-cycle tbody tr:first-child select.complement-niveau    Objectif dépassé
