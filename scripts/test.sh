#!/usr/bin/env bash
# Installs what is missing, builds Linnet and runs every test: unit tests, Pax Exam wiring tests,
# and end-to-end tests of the assembled daemon on real containerd with the real docker CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mvn -T 1C -B -ntp verify -Dgit.commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
