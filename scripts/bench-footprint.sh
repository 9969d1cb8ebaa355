#!/usr/bin/env bash
# Footprint of the daemon: start time to the first /_ping on a fresh data root (managed containerd
# included), idle RSS and thread count after start, RSS with N running containers (and, if asked,
# with M created ones), for Linnet and, where /usr/sbin/dockerd exists, for dockerd beside it.
# RSS is VmRSS from /proc/<pid>/status, of the daemon and of its containerd (shims not counted).
# Needs a built distribution (mvn package) and root. Holds /tmp/linnet-e2e.lock while it runs;
# a caller that already holds it sets LINNET_E2E_LOCKED=1.
# Usage: bash scripts/bench-footprint.sh [starts, default 5]
#   env: RUNNING=20 (containers for the running figure), CREATED=0 (e.g. 500), NETWORK=none,
#        IDLE_SECONDS=10 (wait after the first /_ping before the idle figure), DOCKERD=1 (0: skip),
#        LINNET_JAVA_OPTS (passed to bin/linnetd, to compare JVM options)
set -euo pipefail
if [ -z "${LINNET_E2E_LOCKED:-}" ]; then
  exec env LINNET_E2E_LOCKED=1 flock /tmp/linnet-e2e.lock bash "$0" "$@"
fi
starts=${1:-5}
running=${RUNNING:-20}
created=${CREATED:-0}
network=${NETWORK:-none}
idle=${IDLE_SECONDS:-10}
here=$(cd "$(dirname "$0")/.." && pwd)
linnetd="$here/distribution/target/linnet/bin/linnetd"
dockerd=/usr/sbin/dockerd
[ -x "$linnetd" ] || { echo "build first: mvn -T 1C -DskipTests package -pl distribution -am" >&2; exit 1; }

work=$(mktemp -d /tmp/linnet-footprint-XXXXXX)
daemon=
stop_daemon() {
  if [ -n "$daemon" ]; then
    kill "$daemon" 2>/dev/null || true
    wait "$daemon" 2>/dev/null || true
    daemon=
  fi
}
cleanup() {
  stop_daemon
  rm -rf "$work"
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
mib() { echo $((($1 + 512) / 1024)); }
threads() { ls "/proc/$1/task" | wc -l; }
# the daemon's containerd: a child process named containerd (managed by linnetd or by dockerd)
containerd_of() { pgrep -P "$1" -x containerd | head -1; }

# start <kind> <root>: launches the daemon on a fresh root, waits for /_ping, prints the ms it took
start() {
  local kind=$1 root=$2 t0
  mkdir -p "$root"
  t0=$(now_ms)
  echo '{}' > "$root/daemon.json"
  if [ "$kind" = linnet ]; then
    "$linnetd" -H "unix://$root/d.sock" --data-root "$root/data" --exec-root "$root/exec" \
      --pidfile "$root/pid" --config-file "$root/daemon.json" > "$root/log" 2>&1 &
  else
    "$dockerd" -H "unix://$root/d.sock" --data-root "$root/data" --exec-root "$root/exec" \
      --pidfile "$root/pid" --iptables=false --bridge=none --config-file "$root/daemon.json" \
      > "$root/log" 2>&1 &
  fi
  daemon=$!
  for _ in $(seq 1 3000); do
    if curl -sf --unix-socket "$root/d.sock" http://x/_ping >/dev/null 2>&1; then
      echo $(($(now_ms) - t0))
      return
    fi
    kill -0 "$daemon" 2>/dev/null || { echo "$kind exited at start:" >&2; tail -20 "$root/log" >&2; exit 1; }
    sleep 0.02
  done
  echo "$kind gave no /_ping in 60 s" >&2; exit 1
}

report() { # report <label> <kind>: daemon and containerd RSS, threads
  local c d
  d=$(rss_kib "$daemon")
  c=$(containerd_of "$daemon" || true)
  c=${c:+$(rss_kib "$c")}
  printf '%-8s %-34s daemon %4s MiB  containerd %4s MiB  threads %s\n' "$2" "$1" \
    "$(mib "$d")" "$(mib "${c:-0}")" "$(threads "$daemon")"
}

busybox_image() {
  if [ ! -d "$work/rootfs" ]; then
    mkdir -p "$work/rootfs/bin"
    cp /bin/busybox "$work/rootfs/bin/"
    ln -s busybox "$work/rootfs/bin/sh"; ln -s busybox "$work/rootfs/bin/sleep"
  fi
  tar -C "$work/rootfs" -c . | docker import --change 'CMD ["sh"]' - busybox:latest >/dev/null
}

measure() { # measure <kind>
  local kind=$1 i times root
  times=$(for i in $(seq 1 "$starts"); do
    start "$kind" "$work/$kind-start-$i"
    stop_daemon
  done)
  echo "$kind start to first /_ping over $starts fresh starts: median $(echo "$times" | median) ms" \
    "(all: $(echo $times))"
  root=$work/$kind
  start "$kind" "$root" >/dev/null
  export DOCKER_HOST="unix://$root/d.sock"
  sleep "$idle"
  report "idle ${idle}s after start" "$kind"
  busybox_image
  if [ "$running" -gt 0 ]; then
    for i in $(seq 1 "$running"); do
      docker run -d --network "$network" --name "fp-run-$i" busybox:latest sleep 100000 >/dev/null
    done
    sleep 2
    report "$running running containers" "$kind"
  fi
  if [ "$created" -gt 0 ]; then
    for i in $(seq 1 "$created"); do echo "fp-created-$i"; done |
      xargs -P 4 -I{} docker create --network "$network" --name {} busybox:latest true >/dev/null
    report "+$created created containers" "$kind"
  fi
  docker ps -aq | xargs -r -n 50 docker rm -f >/dev/null
  stop_daemon
}

measure linnet
if [ -x "$dockerd" ] && [ "${DOCKERD:-1}" = 1 ]; then
  measure dockerd
fi
