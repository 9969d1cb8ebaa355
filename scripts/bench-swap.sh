#!/usr/bin/env bash
# Hot swap under load: while curl loops hammer five API groups and two long streams run
# (`docker events`, `docker logs -f`), each named bundle is updated live with `linnetd admin
# update`. Prints, per swap, the swap time, requests served / answered 503 / failed per group,
# the streams cut or hung, and the daemon's log lines of the swap (its phases) with their times.
# Needs a built distribution and root; hold the machine's daemon lock around it
# (flock /tmp/linnet-e2e.lock bash scripts/bench-swap.sh).
# Usage: bash scripts/bench-swap.sh [BUNDLE...]  (default: io.linnet.api-volumes io.linnet.containerd-runtime)
# A bundle named more than once is swapped again (same daemon, same containers); the last line gives
# each bundle's median swap time. SWAP_CONTAINERS (default 5) containers print a line every 0.1 s
# throughout; each must still run, with the same pid, after the swaps.
set -euo pipefail
bundles=("$@")
[ ${#bundles[@]} -gt 0 ] || bundles=(io.linnet.api-volumes io.linnet.containerd-runtime)
here=$(cd "$(dirname "$0")/.." && pwd)
linnetd="${LINNET_HOME:-$here/distribution/target/linnet}/bin/linnetd"
[ -x "$linnetd" ] || { echo "build first: mvn -T 1C -DskipTests package" >&2; exit 1; }

# shellcheck source=lib/bench-common.sh
. "$here/scripts/lib/bench-common.sh"

root=$(mktemp -d /tmp/linnet-e2e-swap-XXXXXX)
linnet_start "$root"
loaders=()
cleanup() {
  for p in "${loaders[@]}"; do kill "$p" 2>/dev/null || true; done
  for i in $(seq 1 "${containers:-0}"); do docker rm -f "swap-bench-$i" >/dev/null 2>&1 || true; done
  linnet_stop
  rm -rf "$root"
}
trap cleanup EXIT
linnet_wait "$root"
busybox_import "$root" swapbench:latest
containers=${SWAP_CONTAINERS:-5}
for i in $(seq 1 "$containers"); do
  docker run -d --name "swap-bench-$i" swapbench:latest sh -c 'while :; do echo tick; /bin/busybox sleep 0.1; done' >/dev/null
done
pids_before=$(docker inspect -f '{{.Name}} {{.State.Pid}}' $(docker ps -q) | sort)
declare -A times

# group name -> a GET that group serves
declare -A paths=([containers]=/v1.43/containers/json [images]=/v1.43/images/json [networks]=/v1.43/networks
  [volumes]=/v1.43/volumes [system]=/_ping)

round=0
for bundle in "${bundles[@]}"; do
  round=$((round + 1))
  out="$root/${round}-${bundle}"
  mkdir -p "$out"
  loaders=()
  for group in "${!paths[@]}"; do
    ( while :; do
        curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 --unix-socket "$root/l.sock" "http://x${paths[$group]}" || echo 000
      done >> "$out/$group" ) &
    loaders+=($!)
  done
  timeout 60 docker events > "$out/events.stream" 2>&1 & events=$!
  timeout 60 docker logs -f swap-bench-1 > "$out/logs.stream" 2>&1 & logs=$!
  sleep 2
  mark=$(wc -l < "$root/log")
  swap=$("$linnetd" admin --exec-root "$root/exec" update "$bundle")
  swap_ms=$(echo "$swap" | sed -n 's/.* in \([0-9]*\) ms$/\1/p')
  times[$bundle]="${times[$bundle]:-} $swap_ms"
  sleep 2
  for p in "${loaders[@]}"; do kill "$p" 2>/dev/null || true; done
  wait "${loaders[@]}" 2>/dev/null || true
  # a stream the swap ended has exited; one still running is alive; one stuck past 5 s more is hung
  cut=0; hung=0
  for s in $events $logs; do
    if ! kill -0 "$s" 2>/dev/null; then cut=$((cut + 1)); else kill "$s" 2>/dev/null || true; fi
  done
  for s in $events $logs; do
    for _ in $(seq 1 50); do kill -0 "$s" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$s" 2>/dev/null; then hung=$((hung + 1)); kill -9 "$s" 2>/dev/null || true; fi
  done
  echo "swap $bundle: ${swap_ms} ms"
  for group in $(echo "${!paths[@]}" | tr ' ' '\n' | sort); do
    served=$(grep -c '^200$' "$out/$group" || true)
    retry=$(grep -c '^503$' "$out/$group" || true)
    failed=$(grep -vc -e '^200$' -e '^503$' "$out/$group" || true)
    echo "  group $group: served $served, 503 $retry, failed $failed"
  done
  echo "  streams: 2 started, $cut cut, $hung hung"
  # the phases: what the daemon logged during this swap, in ms since the update began
  tail -n +"$((mark + 1))" "$root/log" | awk -v start="admin: update $bundle" -v until="$swap_ms" '
    function ms(ts,  t) { split(substr(ts, 12, 12), t, ":"); return (t[1] * 3600 + t[2] * 60 + t[3]) * 1000 }
    index($0, start) { t0 = ms($1) }
    t0 && $1 ~ /^[0-9][0-9][0-9][0-9]-/ && ms($1) - t0 <= until + 50 { printf "  +%5d ms %s\n", ms($1) - t0, substr($0, index($0, $3)) }
  '
done
pids_after=$(docker inspect -f '{{.Name}} {{.State.Pid}}' $(docker ps -q) | sort)
if [ "$pids_before" = "$pids_after" ]; then
  echo "containers: $containers running throughout (same pids)"
else
  echo "containers: CHANGED"; diff <(echo "$pids_before") <(echo "$pids_after") || true
fi
for bundle in "${!times[@]}"; do
  echo "median swap $bundle: $(echo "${times[$bundle]}" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}') ms of${times[$bundle]}"
done
