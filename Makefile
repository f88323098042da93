# Cartable — the commands README.rst names. `make start` and `make test` install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8080
STAMP := $(VENV)/.installed

.PHONY: help install instance start worker site import-aaf import-csv test lint test-dates test-unit test-integration test-system \
        robot-deps saml-deps cluster cluster-stop cluster-deps buildout-versions check-versions clean clean-data

help:
	@echo "make start        installe, crée la région de démonstration si absente, sert sur http://localhost:$(PORT)/cartable"
	@echo "make test         lance le linter, toutes les suites (unitaires, intégration, système, robot) et le contrôle des dates"
	@echo "make install      installe seulement (.venv/, versions de constraints.txt)"
	@echo "make cluster      PostgreSQL, Redis, INSTANCES=2 instances Zope, un exécuteur et HAProxy sur le port $(PORT)"
	@echo "make cluster-stop arrête ce que make cluster a démarré"
	@echo "make worker       exécuteur de tâches seul (production)"

install: $(STAMP)

# pip, setuptools and wheel first, at their pinned versions, then everything else
# from constraints.txt; the project is installed editable without build isolation
# so that no unpinned setuptools is fetched.
$(STAMP): constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 requis / Python 3.11 required (PYTHON=python3.11)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt pip setuptools wheel
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt --no-build-isolation -e ".[test]"
	touch $@

instance: $(STAMP)
	$(BIN)/cartable-instance --port $(PORT)

start: $(STAMP)
	@$(BIN)/cartable-start --port $(PORT)

site: instance
	$(BIN)/cartable-site

worker: instance
	$(BIN)/cartable-worker

# make import-aaf DIR=../shared/formats/aaf/sample-2013 (the site must exist: make start once)
import-aaf: instance
	@test -n "$(DIR)" || { echo "usage : make import-aaf DIR=dossier_des_fichiers_aaf" >&2; exit 2; }
	@$(BIN)/cartable-import-aaf "$(DIR)"

# make import-csv DIR=folder with etablissements.csv, eleves.csv, responsables.csv, personnels.csv
import-csv: instance
	@test -n "$(DIR)" || { echo "usage : make import-csv DIR=dossier_des_fichiers_csv" >&2; exit 2; }
	@$(BIN)/cartable-import-csv "$(DIR)"

# make cluster [INSTANCES=2] [PORT=8080]: PostgreSQL, Redis, N Zope instances, a worker and
# HAProxy under var/cluster (CARTABLE_DB / CARTABLE_REDIS_URL use existing servers instead)
INSTANCES ?= 2
cluster: $(STAMP) cluster-deps
	@$(BIN)/cartable-cluster --instances $(INSTANCES) --port $(PORT)

cluster-stop:
	@$(BIN)/cartable-cluster-stop

cluster-deps:
	@bash scripts/ensure-haproxy

# SAML signatures (pysaml2 calls Debian's xmlsec1): the integration tests start real identity providers
saml-deps:
	@bash scripts/ensure-xmlsec1

robot-deps: saml-deps
	@bash scripts/ensure-chromium
	@test -f robot-tests/node_modules/axe-core/axe.min.js || (cd robot-tests && npm ci --no-audit --no-fund --silent)

# lint, every suite (the ten slowest tests printed), then the date check
test: $(STAMP) robot-deps cluster-deps lint
	$(BIN)/pytest -v --durations=10 tests
	@$(MAKE) --no-print-directory test-dates

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts

# The date check: the tiers again with the machine's real clock moved (tests/conftest.py, --jour-reel).
# The unit tier (the rules, where the date arithmetic lives; about a minute) on three days: 1 September,
# Sunday 31 December and Sunday 29 February. The integration and security tiers (about six minutes each)
# on the two days that bracket the frozen clock: before it (the first day of the school year) and long
# after it (a Sunday, 29 February, outside the demo school year): a test reading the real date instead
# of cartable.core.horloge sees a day far from the frozen one either way. The third day's pass of those
# tiers (six more minutes) is dropped so that the CI stays well under 45 minutes.
# The days run side by side, one pytest each (each is one process on one core; these tiers use no shared
# service: their servers, SMTP and Redis take free ports, their files temporary folders), each day's output
# printed whole once all have ended: on a slower machine (4 December: the main run 25 minutes, a long pass
# about six and a half) the two long passes one after the other brought the CI to about 43 minutes.
JOURS_DE_CONTROLE := 2026-09-01 2028-12-31 2032-02-29
JOURS_DE_CONTROLE_INTEGRATION := 2026-09-01 2032-02-29
test-dates: $(STAMP) saml-deps
	@sortie=$$(mktemp -d); \
	for jour in $(JOURS_DE_CONTROLE); do \
		tiers="tests/unit"; \
		case " $(JOURS_DE_CONTROLE_INTEGRATION) " in *" $$jour "*) tiers="tests/unit tests/integration tests/security";; esac; \
		( $(BIN)/pytest -q -p no:cacheprovider --jour-reel=$$jour $$tiers > $$sortie/$$jour.log 2>&1; echo $$? > $$sortie/$$jour.code ) & \
	done; \
	wait; \
	statut=0; \
	for jour in $(JOURS_DE_CONTROLE); do \
		echo "== contrôle des dates : horloge réelle au $$jour"; \
		cat $$sortie/$$jour.log; \
		test "$$(cat $$sortie/$$jour.code 2>/dev/null)" = 0 || { echo "== contrôle des dates au $$jour : échec"; statut=1; }; \
	done; \
	rm -rf $$sortie; \
	exit $$statut

test-unit: $(STAMP)
	$(BIN)/pytest -v tests/unit

test-integration: $(STAMP) saml-deps
	$(BIN)/pytest -v tests/integration

test-system: $(STAMP) robot-deps cluster-deps
	$(BIN)/pytest -v tests/system

buildout-versions: $(STAMP)
	$(BIN)/python scripts/buildout_versions.py > profiles/versions.cfg

clean:
	rm -rf $(VENV) instance/etc robot-output

clean-data:
	rm -rf var
