#!/usr/bin/env bash
# Median wall time of `docker run --rm busybox true` against Linnet, and of the raw floor
# `ctr run --rm` on the same (managed) containerd. Needs a built distribution
# (mvn package) and root. Usage: bash scripts/bench-run.sh [runs, default 20]
set -euo pipefail
runs=${1:-20}
here=$(cd "$(dirname "$0")/.." && pwd)
linnetd="$here/distribution/target/linnet/bin/linnetd"
[ -x "$linnetd" ] || { echo "build first: mvn -T 1C -DskipTests package" >&2; exit 1; }

# shellcheck source=lib/bench-common.sh
. "$here/scripts/lib/bench-common.sh"

root=$(mktemp -d /tmp/linnet-bench-XXXXXX)
linnet_start "$root"
cleanup() {
  linnet_stop
  rm -rf "$root"
}
trap cleanup EXIT
linnet_wait "$root"
busybox_import "$root" busybox:latest true
ctr="ctr --address $root/exec/containerd/containerd.sock -n linnet"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000000)); }

docker run --rm busybox true # warm-up: first snapshot, first network
linnet=$(for _ in $(seq 1 "$runs"); do time_ms docker run --rm busybox true; done | median)
no_net=$(for _ in $(seq 1 "$runs"); do time_ms docker run --rm --network none busybox true; done | median)
floor=$(for i in $(seq 1 "$runs"); do time_ms $ctr run --rm docker.io/library/busybox:latest "bench-$i" true; done | median)
echo "median of $runs runs: docker run --rm busybox true ${linnet} ms (--network none: ${no_net} ms);" \
  "ctr run --rm on the same containerd ${floor} ms"
