#!/bin/bash
# Embedded DNS figures of issue #18 against the daemon at $DOCKER_HOST (Linnet or a reference dockerd):
#   - resolv.conf of a container on a user network (plain, and with --dns)
#   - median answer time of 100 queries to 127.0.0.11 from inside a container (scripts/dns-latency.py)
#   - median time of `docker run --rm ... true` on a user network and on the default bridge
# Usage: DOCKER_HOST=unix:///run/linnet.sock bash scripts/bench-dns.sh [runs]
set -euo pipefail
runs=${1:-10}
here=$(cd "$(dirname "$0")" && pwd)
image=dnsbench-busybox:latest
if ! docker image inspect $image >/dev/null 2>&1; then
  root=$(mktemp -d)
  mkdir -p "$root/bin"
  cp /bin/busybox "$root/bin/"
  for a in sh sleep true cat; do ln -s busybox "$root/bin/$a"; done
  tar -C "$root" -c . | docker import - $image >/dev/null
  rm -rf "$root"
fi
docker network create dnsbench >/dev/null
cleanup() {
  docker rm -f dnsbench-target dnsbench-asker >/dev/null 2>&1 || true
  docker network rm dnsbench >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "--- resolv.conf on a user network"
docker run --rm --network dnsbench $image cat /etc/resolv.conf
echo "--- resolv.conf on a user network with --dns 192.0.2.53 --dns-search corp.example"
docker run --rm --network dnsbench --dns 192.0.2.53 --dns-search corp.example $image cat /etc/resolv.conf

docker run -d --name dnsbench-target --network dnsbench $image sleep 600 >/dev/null
docker run -d --name dnsbench-asker --network dnsbench $image sleep 600 >/dev/null
pid=$(docker inspect -f '{{.State.Pid}}' dnsbench-asker)
echo "--- 100 queries of a container name from inside a container: median_ms p90_ms answered"
nsenter --net=/proc/$pid/ns/net python3 "$here/dns-latency.py" 127.0.0.11 dnsbench-target 100

median_run() {
  local times=()
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N)
    docker run --rm "$@" $image true >/dev/null
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
docker run --rm $image true >/dev/null # warm
echo "--- median ms of $runs x docker run --rm: user network / default bridge"
echo "$(median_run --network dnsbench) / $(median_run)"
