#!/usr/bin/env bash
# Installs what is missing, builds Linnet and runs the daemon in the foreground (as root).
# Extra arguments go to linnetd, e.g. scripts/run.sh --debug -H unix:///run/linnet.sock
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mvn -q -T 1C -B package -DskipTests
exec distribution/target/linnet/bin/linnetd "$@"
