#!/usr/bin/env bash
# docker logs throughput and follow, and the log writer's cost per container: against Linnet and,
# when /usr/sbin/dockerd is installed, a reference dockerd on its own roots. Needs a built
# distribution (mvn package) and root; hold the machine's e2e lock around it.
# Usage: bash scripts/bench-logs.sh [lines, default 1000000]
set -euo pipefail
lines=${1:-1000000}
here=$(cd "$(dirname "$0")/.." && pwd)
linnetd="$here/distribution/target/linnet/bin/linnetd"
[ -x "$linnetd" ] || { echo "build first: mvn -T 1C -DskipTests package" >&2; exit 1; }

root=$(mktemp -d /tmp/linnet-bench-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$root"
}
trap cleanup EXIT

ms() { echo $(( ($2 - $1) / 1000000 )); }
best_of_3() { # prints the best wall time in ms of the command
  local best=999999999 s e t
  for _ in 1 2 3; do s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); t=$(ms "$s" "$e"); [ "$t" -lt "$best" ] && best=$t; done
  echo "$best"
}

measure() { # $1 name, $2 socket, $3 where the containers' logs are
  local name=$1 sock=$2 logs=$3
  export DOCKER_HOST="unix://$sock"
  mkdir -p "$root/rootfs-$name/bin"
  cp /bin/busybox "$root/rootfs-$name/bin/"
  ln -sf busybox "$root/rootfs-$name/bin/sh"
  tar -C "$root/rootfs-$name" -c . | docker import --change 'CMD ["sh"]' - busybox:latest >/dev/null
  # 1M lines of 13 digits: about 100 bytes per json-file entry
  docker run --network none --name big busybox sh -c "seq -w 1000000000001 $((1000000000000 + lines))" >/dev/null
  local file size t tail follow_lines s e
  file=$(ls "$logs"/*/*-json.log | head -1)
  size=$(stat -c %s "$file")
  t=$(best_of_3 docker logs big)
  tail=$(best_of_3 docker logs --tail 100 big)
  # follow a writer that writes as fast as it can: all lines, ending with the container
  docker run -d --network none --name live busybox sh -c "sleep 2; seq 1 $lines" >/dev/null
  s=$(date +%s%N)
  follow_lines=$(docker logs -f live | wc -l)
  e=$(date +%s%N)
  local started finished
  started=$(date -d "$(docker inspect -f '{{.State.StartedAt}}' live)" +%s%N)
  finished=$(date -d "$(docker inspect -f '{{.State.FinishedAt}}' live)" +%s%N)
  echo "$name: docker logs of $((size / 1000000)) MB ($lines lines): $t ms ($(( size / 1000 / (t > 0 ? t : 1) )) MB/s);" \
    "--tail 100: $tail ms; logs -f of a writer as fast as it can: $follow_lines of $lines lines," \
    "the writer ran $(ms "$started" "$finished") ms, the follow ended $(ms "$finished" "$e") ms after it"
  # what logging costs per running container
  for i in 1 2 3 4 5; do docker run -d --network none --name idle$i busybox sh -c "sleep 600" >/dev/null; done
  sleep 1
  if [ "$name" = linnet ]; then
    local rss
    rss=$(for p in $(pgrep -f "libexec/linnet-log .*$root"); do awk '/VmRSS/ {print $2}' /proc/$p/status; done | sort -n | tail -1)
    echo "$name: log writer processes for 5 idle containers: $(pgrep -fc "libexec/linnet-log .*$root"), largest RSS ${rss} kB"
  fi
  docker rm -f big live idle1 idle2 idle3 idle4 idle5 >/dev/null
}

echo '{}' > "$root/daemon.json"
"$linnetd" -H "unix://$root/l.sock" --data-root "$root/data" --exec-root "$root/exec" \
  --pidfile "$root/pid" --config-file "$root/daemon.json" > "$root/log" 2>&1 &
pids+=($!)
for _ in $(seq 1 90); do curl -sf --unix-socket "$root/l.sock" http://x/_ping >/dev/null && break; sleep 1; done
measure linnet "$root/l.sock" "$root/data/containers"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()

if [ -x /usr/sbin/dockerd ]; then
  /usr/sbin/dockerd --data-root "$root/ddata" --exec-root "$root/dexec" -H "unix://$root/d.sock" \
    --pidfile "$root/d.pid" --iptables=false --bridge=none > "$root/dlog" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 90); do curl -sf --unix-socket "$root/d.sock" http://x/_ping >/dev/null && break; sleep 1; done
  measure dockerd "$root/d.sock" "$root/ddata/containers"
fi
