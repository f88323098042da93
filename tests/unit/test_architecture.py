"""The dependency facts of the code, read from the imports (docs/architecture.md draws them).

Every module under src/cartable is parsed with ``ast``; every ``import`` counts,
at module level and inside functions (a function-level import is a dependency
too: it only defers it). Nothing is imported, so this runs in well under a second.

Add-on = the first package level under ``cartable`` (core, annuaire, viescolaire…);
the modules directly in ``cartable`` (``testing``) sit at the top.
"""

import ast
import re
import sys
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = "cartable"

# The floors, lowest first. An add-on imports from its own floor or the floors
# below it, never from a floor above (ops → policy → demo → features → annuaire →
# core; regles at the bottom imports nothing of cartable). An add-on not named here
# is a feature: it may use the ground floors and is used by none of them; the demo
# generators (cartable/demo) use the features and only policy, ops and the test
# layers use them.
REGLES, CORE, ANNUAIRE, FEATURES, DEMO, POLICY, OPS = range(7)
FLOORS = {
    "regles": REGLES,
    "core": CORE,
    "annuaire": ANNUAIRE,
    "viescolaire": FEATURES,
    "notes": FEATURES,
    "pedagogie": FEATURES,
    "theme": FEATURES,  # the frame: reads core and annuaire
    "etablissement": FEATURES,  # editors, home pages and news of an establishment: reads pedagogie
    "demo": DEMO,
    "policy": POLICY,
    "ops": OPS,
    "": OPS,  # cartable/__init__.py, cartable/testing.py: the test layers load everything
}
FLOOR_NAMES = {REGLES: "regles", CORE: "core", ANNUAIRE: "annuaire", FEATURES: "features", DEMO: "demo",
               POLICY: "policy", OPS: "ops"}
GROUND = {"core", "regles", "annuaire"}

# Top-level import names of Zope, Plone and their storage: never in regles.
ZOPE_PLONE = {
    "AccessControl", "Acquisition", "App", "AuthEncoding", "BTrees", "DateTime", "DocumentTemplate", "ExtensionClass",
    "OFS", "Persistence", "Products", "RestrictedPython", "Shared", "Testing", "ZConfig", "ZEO", "ZODB",
    "ZPublisher", "ZTUtils", "Zope2", "five", "persistent", "plone", "plonetheme", "relstorage", "transaction",
    "webdav", "z3c", "zExceptions", "zc", "zope", "zodbpickle", "collective",
}


@dataclass(frozen=True)
class Import:
    source: str  # importing module, dotted
    target: str  # imported cartable module, dotted ("" when outside cartable)
    names: tuple  # names taken from the target (from … import names), () for `import x`
    external: str  # top-level name imported when outside cartable
    line: int
    module: str = ""  # the dotted module named by the import statement when outside cartable

    def where(self):
        return f"{path_of(self.source)}:{self.line}"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def path_of(module: str) -> str:
    return MODULE_PATHS[module]


def addon(module: str) -> str:
    parts = module.split(".")
    if len(parts) < 2 or module_is_top_file(module):
        return ""
    return parts[1]


def module_is_top_file(module: str) -> bool:
    parts = module.split(".")
    return len(parts) == 2 and not (SRC / PACKAGE / parts[1]).is_dir()


def _modules():
    found = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        found[module_name(path)] = path
    return found


MODULE_FILES = _modules()
MODULE_PATHS = {name: str(path.relative_to(SRC.parent)) for name, path in MODULE_FILES.items()}


def _resolve(dotted: str) -> str:
    """The longest prefix of ``dotted`` that is a cartable module."""
    parts = dotted.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULE_FILES:
            return candidate
        parts.pop()
    return ""


def _imports_of(module: str, path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    yield Import(module, _resolve(alias.name), (), "", node.lineno)
                else:
                    yield Import(module, "", (), alias.name.split(".")[0], node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                dotted = ".".join(base + ([node.module] if node.module else []))
            else:
                dotted = node.module or ""
            if dotted.split(".")[0] != PACKAGE:
                names = tuple(alias.name for alias in node.names)
                yield Import(module, "", names, dotted.split(".")[0], node.lineno, dotted)
                continue
            plain = []
            for alias in node.names:
                submodule = f"{dotted}.{alias.name}"
                if submodule in MODULE_FILES:  # from cartable.core import tasks
                    yield Import(module, submodule, (), "", node.lineno)
                else:
                    plain.append(alias.name)
            if plain:
                yield Import(module, _resolve(dotted), tuple(plain), "", node.lineno)


def _private_attributes(module: str, path: Path, imports):
    """`appels._x` where ``appels`` names a cartable module bound by an import of this file."""
    bound = {}
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                target = None
                for imp in imports:
                    if imp.line == node.lineno and imp.target.endswith("." + alias.name) and not imp.names:
                        target = imp.target
                if target:
                    bound[alias.asname or alias.name] = target
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name.split(".")[0] == PACKAGE and alias.name in MODULE_FILES:
                    bound[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                and _private(node.attr)):
            yield bound[node.value.id], node.attr, node.lineno


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


IMPORTS = {name: list(_imports_of(name, path)) for name, path in MODULE_FILES.items()}


def graph():
    edges = defaultdict(dict)  # source -> {target: first import line}
    for module, imports in IMPORTS.items():
        for imp in imports:
            if imp.target and imp.target != module:
                edges[module].setdefault(imp.target, imp.line)
    return edges


def strongly_connected(edges):
    """Tarjan's components (iterative), each with more than one module."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    counter = 0
    for root in sorted(MODULE_FILES):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, {}))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, {})))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def shortest_cycle(edges, start, members):
    """start → … → start inside one component, fewest steps."""
    previous = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(edges.get(node, {})):
            if child not in members:
                continue
            if child == start:
                chain = [node]
                while previous[chain[-1]] is not None:
                    chain.append(previous[chain[-1]])
                return list(reversed(chain)) + [start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return None


def readable(chain, edges):
    short = [m.removeprefix(PACKAGE + ".").replace(".", "/") for m in chain]
    steps = [f"{short[0]}"]
    for (a, b), name in zip(zip(chain, chain[1:]), short[1:]):
        steps.append(f" →(l.{edges[a][b]}) {name}")
    return "".join(steps)


def cycles():
    edges = graph()
    found = []
    for component in strongly_connected(edges):
        members, seen = set(component), set()
        for start in component:
            chain = shortest_cycle(edges, start, members)
            key = frozenset(zip(chain, chain[1:]))
            if key not in seen:
                seen.add(key)
                found.append(readable(chain, edges))
    return found


def upward_imports():
    found = []
    for module, imports in IMPORTS.items():
        source = addon(module)
        for imp in imports:
            if not imp.target:
                continue
            target = addon(imp.target)
            if target == source:
                continue
            floor_source, floor_target = FLOORS.get(source, FEATURES), FLOORS.get(target, FEATURES)
            upward = floor_target > floor_source or (source == "regles")
            if upward:
                found.append(f"{imp.where()}: {source or PACKAGE} ({FLOOR_NAMES[floor_source]}) imports "
                             f"{imp.target}{' (' + ', '.join(imp.names) + ')' if imp.names else ''}"
                             f" ({FLOOR_NAMES[floor_target]})")
    return found


def private_imports():
    found = []
    for module, imports in IMPORTS.items():
        source = addon(module)
        for imp in imports:
            if imp.external:  # another distribution's private name is no more ours to use
                private_names = [n for n in imp.names if _private(n)]
                private_module = [p for p in imp.module.split(".") if _private(p)]
                if private_names or private_module:
                    found.append(f"{imp.where()}: {imp.module} {', '.join(private_names) or '(private module)'}")
                continue
            if not imp.target or addon(imp.target) == source:
                continue
            private_module = [p for p in imp.target.split(".") if _private(p)]
            private_names = [n for n in imp.names if _private(n)]
            if private_module or private_names:
                found.append(f"{imp.where()}: {imp.target} {', '.join(private_names) or '(private module)'}")
        for target, attr, line in _private_attributes(module, MODULE_FILES[module], imports):
            if addon(target) != source:
                found.append(f"{path_of(module)}:{line}: {target}.{attr}")
    return found


def regles_docstring():
    return ast.get_docstring(ast.parse((SRC / PACKAGE / "regles" / "__init__.py").read_text(encoding="utf-8")))


def regles_allowed_libraries():
    """The libraries regles/__init__.py lists under « Libraries beside the standard library », one « - name: why » each."""
    lines = (regles_docstring() or "").splitlines()
    heading = [i for i, line in enumerate(lines) if line.startswith("Libraries beside the standard library")]
    assert heading, "src/cartable/regles/__init__.py must list « Libraries beside the standard library » (- name: why)"
    allowed = set()
    for line in lines[heading[0] + 1:]:
        if not line.strip() and not allowed:
            continue
        match = re.match(r"- ([A-Za-z0-9_.]+):", line)
        if not match:
            break
        allowed.add(match.group(1))
    return allowed


def regles_external_imports():
    for module, imports in IMPORTS.items():
        if addon(module) == "regles":
            for imp in imports:
                if imp.external and imp.external != "__future__":
                    yield imp


def _report(title, violations):
    return f"{title} ({len(violations)}):\n  " + "\n  ".join(sorted(violations))


def test_no_import_cycle_between_modules():
    found = cycles()
    assert not found, _report("import cycles (module →(line of the import) module …)", found)


def test_ground_floors_import_no_feature():
    """core, regles and annuaire import nothing from the add-ons above them (nor features from demo/policy/ops)."""
    found = upward_imports()
    assert not found, _report("imports against the direction ops → policy → demo → features → annuaire → core (regles: none)",
                              found)


def test_no_private_name_imported_across_addons():
    found = private_imports()
    assert not found, _report("names starting with _ taken from another add-on or another distribution", found)


def test_regles_imports_nothing_from_zope_or_plone():
    found = [f"{imp.where()}: {imp.external}" for imp in regles_external_imports() if imp.external in ZOPE_PLONE]
    assert not found, _report("regles imports Zope/Plone", found)


def test_regles_uses_only_the_standard_library_and_its_declared_libraries():
    allowed = regles_allowed_libraries()
    imports = list(regles_external_imports())
    found = [f"{imp.where()}: {imp.external}" for imp in imports
             if imp.external not in sys.stdlib_module_names and imp.external not in allowed]
    found += [f"src/cartable/regles/__init__.py: {name} is allowed but nothing in regles imports it"
              for name in sorted(allowed - {imp.external for imp in imports})]
    assert not found, _report(f"regles imports a library its docstring does not allow ({', '.join(sorted(allowed))})",
                              found)


def test_the_reader_sees_every_module():
    """The facts above are only as good as the parsing: every add-on and known import is seen."""
    assert {"core", "regles", "annuaire", "viescolaire", "notes", "pedagogie", "demo", "policy", "ops"} <= {
        addon(m) for m in MODULE_FILES
    }
    edges = graph()
    assert "cartable.core.tasks" in edges["cartable.annuaire.import_aaf"]
    assert "cartable.demo.region" in edges["cartable.policy.site"]  # a deferred import: policy loads the demo
    # the demo floor: above the features (it uses them), below policy (which loads it)
    assert FLOORS["annuaire"] < FLOORS["viescolaire"] == FLOORS["notes"] == FLOORS["pedagogie"] < FLOORS["demo"] < FLOORS["policy"]
    assert any(imp.external == "lxml" for imp in IMPORTS["cartable.regles.lsu"])
    # a function-level import is read too
    assert any(imp.external == "openpyxl" for imp in IMPORTS["cartable.regles.transfert_notes"])
