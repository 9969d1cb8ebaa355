#!/usr/bin/env bash
# Median wall time of `docker run --rm busybox true` against Linnet, and of the raw floor
# `ctr run --rm` on the same (managed) containerd. Needs a built distribution
# (mvn package) and root. Usage: bash scripts/bench-run.sh [runs, default 20]
set -euo pipefail
runs=${1:-20}
here=$(cd "$(dirname "$0")/.." && pwd)
linnetd="$here/distribution/target/linnet/bin/linnetd"
[ -x "$linnetd" ] || { echo "build first: mvn -T 1C -DskipTests package" >&2; exit 1; }

root=$(mktemp -d /tmp/linnet-bench-XXXXXX)
echo '{}' > "$root/daemon.json"
"$linnetd" -H "unix://$root/l.sock" --data-root "$root/data" --exec-root "$root/exec" \
  --pidfile "$root/pid" --config-file "$root/daemon.json" > "$root/log" 2>&1 &
daemon=$!
cleanup() {
  kill "$daemon" 2>/dev/null || true
  wait "$daemon" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT
export DOCKER_HOST="unix://$root/l.sock"
for _ in $(seq 1 90); do curl -sf --unix-socket "$root/l.sock" http://x/_ping >/dev/null && break; sleep 1; done

# a busybox image from the host's static busybox
mkdir -p "$root/rootfs/bin"
cp /bin/busybox "$root/rootfs/bin/"
ln -s busybox "$root/rootfs/bin/sh"; ln -s busybox "$root/rootfs/bin/true"
tar -C "$root/rootfs" -c . | docker import --change 'CMD ["sh"]' - busybox:latest >/dev/null
ctr="ctr --address $root/exec/containerd/containerd.sock -n linnet"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000000)); }

docker run --rm busybox true # warm-up: first snapshot, first network
linnet=$(for _ in $(seq 1 "$runs"); do time_ms docker run --rm busybox true; done | median)
no_net=$(for _ in $(seq 1 "$runs"); do time_ms docker run --rm --network none busybox true; done | median)
floor=$(for i in $(seq 1 "$runs"); do time_ms $ctr run --rm docker.io/library/busybox:latest "bench-$i" true; done | median)
echo "median of $runs runs: docker run --rm busybox true ${linnet} ms (--network none: ${no_net} ms);" \
  "ctr run --rm on the same containerd ${floor} ms"
