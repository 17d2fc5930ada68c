# 校企通 (Xiaoqi) — `make run` starts the desktop app, `make test` runs everything CI runs.
#
#   make run         install what is missing (Debian/Ubuntu), build, seed the demo college if the database is empty, start the app
#   make test        rustfmt, UI typecheck + unit tests, a short fuzz run, cargo tests (core, CLI, desktop, end-to-end in a real window)
#   make lint        rustfmt and clippy (-D warnings)
#   make e2e         only the desktop end-to-end tests (Xvfb + tauri-driver)
#   make screenshot  retake docs/screenshot.png (the README's) from the demo college
#   make docs-pdf    retake docs/agreement-page1.png and docs/report-page1.png (page 1 of each document)
#   make server      a local sync server with the demo province (148 colleges), and the app on one of its colleges
#   make fuzz        10 minutes of each fuzz target (fuzz/: importer, CSV, sync push, validators), adding finds to the corpora
#   make fuzz-smoke  ~20 s of each fuzz target over its committed corpus (part of make test)
#   make schemathesis  the sync server against its OpenAPI document, property-based (part of make test)
#   make bench       criterion benchmarks (xiaoqi-core, xiaoqi-sync, xiaoqi-pdf)
#   make bench-launch  app launch to the first usable screen (the sign-in page), release build (5 runs)
#   make deps        system packages, tauri-driver and the UI's node_modules (run/test/e2e do this themselves)
#
# The database is $XIAOQI_DB, else the app's data directory (~/.local/share/cn.xiaoqi.desktop/xiaoqi.db).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

CARGO ?= cargo
NPM ?= npm
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
BIN := $(TARGET_DIR)/debug
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CARGO_BIN):$(PATH)

# Every cargo build and test here selects the same packages, features and (test) dependencies, so a
# single compile serves run, test and e2e: any other selection makes Cargo build Tauri a second time.
# The desktop app is always built with its UI embedded (tauri/custom-protocol), never pointing at a dev server.
CARGO_SET := --workspace --features tauri/custom-protocol

# Tauri's Linux prerequisites, and a CJK font so the Chinese UI has glyphs.
APT_RUN := libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev \
	libayatana-appindicator3-dev librsvg2-dev fonts-noto-cjk
# What the tests add: a virtual X server, WebKit's WebDriver, screenshots, PDF tools.
APT_TEST := xvfb webkit2gtk-driver imagemagick poppler-utils

.PHONY: help run server test e2e screenshot docs-pdf bench deps deps-run tools apt-run apt-test tauri-driver ui-deps \
	bench-launch ui build fmt-check ui-check clippy cargo-test lint fuzz fuzz-smoke schemathesis

help:
	@sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

# ---- dependencies -------------------------------------------------------------------------------------------

tools:
	@scripts/check-tools.sh

apt-run:
	@scripts/ensure-apt.sh $(APT_RUN)

apt-test:
	@scripts/ensure-apt.sh $(APT_RUN) $(APT_TEST)

tauri-driver:
	@if command -v tauri-driver >/dev/null; then echo "tauri-driver: $$(command -v tauri-driver)"; \
	else $(CARGO) install tauri-driver --locked; fi

# `npm ci` when node_modules is missing or older than the lock file.
ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	$(NPM) --prefix ui ci --no-audit --no-fund
	@touch $@

ui-deps: tools ui/node_modules/.package-lock.json

deps-run: tools apt-run ui-deps

deps: tools apt-test tauri-driver ui-deps

# ---- build --------------------------------------------------------------------------------------------------

# The UI first: the desktop binary embeds ui/dist. Rebuilt only when a UI source changed, since fresh files in
# ui/dist make Cargo recompile the desktop crate.
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) $(wildcard ui/*.json ui/*.ts ui/*.html)

ui/dist/index.html: $(UI_SOURCES) ui/node_modules/.package-lock.json
	$(NPM) --prefix ui run build
	@touch $@

ui: ui-deps ui/dist/index.html

# `--tests` puts the test-only dependencies in the feature resolution, as `cargo test` does, so the app built
# here is the one the tests reuse; it also builds bin/xiaoqi (the CLI) and bin/xiaoqi-desktop.
build: ui
	$(CARGO) build $(CARGO_SET) --bins --tests

# ---- run ----------------------------------------------------------------------------------------------------

run: deps-run build
	$(BIN)/xiaoqi demo --if-empty
	$(BIN)/xiaoqi-desktop

# A sync server on this machine with the synthetic demo province, and the app on a database of its first college
# (pulled from the server, settings saved): edits sync both ways; put the provincial token from
# $(SERVER_DATA)/tokens.json into the app's settings to see the province. The server stops when the app closes.
SERVER_DATA := $(or $(XIAOQI_SERVER_DATA),$(HOME)/.local/share/cn.xiaoqi.server)
SERVER_ADDR := 127.0.0.1:8787

server: deps-run build
	mkdir -p "$(SERVER_DATA)"
	[[ -s "$(SERVER_DATA)/tokens.json" ]] || $(BIN)/xiaoqi-server --data "$(SERVER_DATA)" demo --tokens > "$(SERVER_DATA)/tokens.json"
	$(BIN)/xiaoqi-server --data "$(SERVER_DATA)" serve --listen $(SERVER_ADDR) & server=$$!; \
	trap 'kill $$server 2>/dev/null' EXIT; \
	for _ in $$(seq 50); do curl -fs http://$(SERVER_ADDR)/health >/dev/null && break; sleep 0.2; done; \
	token=$$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["colleges"][0]["token"])' "$(SERVER_DATA)/tokens.json"); \
	$(BIN)/xiaoqi --db "$(SERVER_DATA)/college.db" sync --server http://$(SERVER_ADDR) --token "$$token" --save; \
	echo "省级令牌（设置页填入即可查看全省）：$$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["province"])' "$(SERVER_DATA)/tokens.json")"; \
	XIAOQI_DB="$(SERVER_DATA)/college.db" $(BIN)/xiaoqi-desktop

# ---- test ---------------------------------------------------------------------------------------------------

fmt-check:
	@echo "== rustfmt"
	$(CARGO) fmt --all --check

ui-check: ui-deps
	@echo "== UI: typecheck"
	$(NPM) --prefix ui run typecheck
	@echo "== UI: unit tests (Vitest)"
	$(NPM) --prefix ui test

clippy: ui
	@echo "== clippy"
	$(CARGO) clippy $(CARGO_SET) --all-targets -- -D warnings

# Core, CLI, desktop (including the bindings freshness check) and xiaoqi-tests (the app end to end under Xvfb).
# Last, so the final lines of `make test` are cargo's test results.
cargo-test: build
	@echo "== cargo test: core, CLI, desktop, end-to-end"
	$(CARGO) test $(CARGO_SET) --no-fail-fast

# The fuzz targets of fuzz/ (its own workspace and target dir): a debug build, ~20 s each over the committed
# corpus, the tree unchanged; a crash fails it and leaves its input in fuzz/artifacts/.
fuzz-smoke:
	@echo "== fuzz: each target ~20 s over its corpus"
	scripts/fuzz-smoke.sh

# The built server against its own OpenAPI document (scripts/schemathesis.sh: a pinned schemathesis in a venv).
schemathesis: build
	@echo "== schemathesis: the sync server against /v1/openapi.json"
	scripts/schemathesis.sh $(TARGET_DIR)

test: deps fmt-check ui-check fuzz-smoke cargo-test schemathesis

# Not part of `test` yet: it checks the whole Tauri tree again in check mode (minutes on a cold machine).
lint: fmt-check clippy

e2e: deps build
	$(CARGO) test $(CARGO_SET) --test desktop --test season --test files --test statistics --test documents --test backups --test sync_desktop --test signin

docs-pdf:
	XIAOQI_UPDATE_DOCS=1 $(CARGO) test -p xiaoqi-pdf --test agreement --test report

screenshot: deps build
	XIAOQI_UPDATE_SCREENSHOT=1 $(CARGO) test $(CARGO_SET) --test desktop -- demo_screenshot

# Release build with AddressSanitizer, 10 minutes (FUZZ_SECONDS) of each target; new inputs land in
# fuzz/corpus/<target> (minimise with `cargo fuzz cmin` before committing, see fuzz/README.md).
fuzz:
	scripts/fuzz-smoke.sh --long

bench:
	$(CARGO) bench -p xiaoqi-core -p xiaoqi-sync -p xiaoqi-pdf

# App launch to the first usable screen (the sign-in page), on the release build of the app (printed, never asserted).
bench-launch: deps ui
	$(CARGO) build --release -p xiaoqi-desktop -p xiaoqi-cli --features tauri/custom-protocol
	scripts/bench-launch.sh $(TARGET_DIR)
