#!/usr/bin/env bash
# Issue #21's table, measured side by side: Linnet (distribution/target/linnet) and, when
# /usr/sbin/dockerd is installed, a reference dockerd on the same machine, one after the other,
# each on fresh data and exec roots, driven by the same client commands. Prints each figure with
# the ratio Linnet / dockerd. Holds the e2e lock (/tmp/linnet-e2e.lock) for the whole run.
#
# Usage: bash scripts/bench-compare.sh [--quick] [--linnet-only] [--only scale]
#   --quick        a tenth of the containers, smaller log and image, shorter request runs
#   --linnet-only  skip dockerd even when installed
#   --only scale   only the many-containers part: creates, per-create cost, rm -f of many
# Needs root, a built distribution (mvn package), curl and wrk (Debian's wrk).
set -euo pipefail
if [ -z "${BENCH_LOCKED:-}" ]; then
  BENCH_LOCKED=1 exec flock /tmp/linnet-e2e.lock bash "$0" "$@"
fi

quick=0 dockerd_too=1 only=all
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --linnet-only) dockerd_too=0 ;;
    --only) shift; only=${1:-}; [ "$only" = scale ] || { echo "--only takes: scale" >&2; exit 2; } ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
[ -x /usr/sbin/dockerd ] || dockerd_too=0
here=$(cd "$(dirname "$0")/.." && pwd)
linnetd="$here/distribution/target/linnet/bin/linnetd"
[ -x "$linnetd" ] || { echo "build first: mvn -T 1C -DskipTests package -pl distribution -am" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

if [ "$quick" = 1 ]; then
  first=10 more=40 step=5 to_thousand=50 removed=50 log_lines=100000 image_mb=10 wrk_seconds=2 runs=5 running=5
else
  first=100 more=400 step=50 to_thousand=450 removed=500 log_lines=1000000 image_mb=100 wrk_seconds=5 runs=15 running=20
fi
api=v1.41 # the newest dockerd 20.10 speaks; Linnet takes it too
port=23750
work=$(mktemp -d /tmp/linnet-bench-XXXXXX)
results="$work/results"
mkdir -p "$results"
daemon_pid=""
had_docker0=0
ip link show docker0 >/dev/null 2>&1 && had_docker0=1

stop_daemon() {
  if [ -n "$daemon_pid" ]; then
    kill "$daemon_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
    daemon_pid=""
  fi
}
cleanup() {
  stop_daemon
  [ "$had_docker0" = 1 ] || ip link del docker0 2>/dev/null || true
  for m in $(awk -v w="$work" '$2 ~ "^"w {print $2}' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rss_mib() { awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
child_containerd() { pgrep -P "$1" -x containerd | head -1; }
record() { echo "$2" > "$results/$who.$1"; printf '  %-34s %s\n' "$1" "$2"; }

# the API through curl on the UNIX socket
api_post() { curl -sf --unix-socket "$sock" -X POST -H 'Content-Type: application/json' -d "$2" "http://x/$api$1"; }
create_one() { api_post /containers/create '{"Image":"busybox","Cmd":["true"]}' >/dev/null; }
export -f create_one api_post
# creates n containers with p clients; prints the milliseconds it took
create_many() {
  local n=$1 p=$2 s
  s=$(now_ms)
  seq 1 "$n" | xargs -P "$p" -I{} bash -c create_one
  echo $(($(now_ms) - s))
}
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$1/stat"; } # user + system, in clock ticks of 10 ms
# req/s of GET path with c connections; leaves the daemon's CPU microseconds per request in $results/last_cpu
# (a figure that holds up on a loaded machine, where req/s does not)
rate() {
  local threads=$(($2 < 2 ? 1 : 2)) before out n
  before=$(cpu_ms "$daemon_pid")
  out=$(wrk -t"$threads" -c"$2" -d"${wrk_seconds}s" "http://127.0.0.1:$port$1")
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  echo $(( ($(cpu_ms "$daemon_pid") - before) * 1000 / (n > 0 ? n : 1) )) > "$results/last_cpu"
  echo "$out" | awk '/^Requests\/sec:/ {printf "%d", $2}'
}
time_ms() { local s; s=$(now_ms); "$@" >/dev/null 2>&1; echo $(($(now_ms) - s)); }

busybox_rootfs() {
  mkdir -p "$work/rootfs/bin"
  cp /bin/busybox "$work/rootfs/bin/"
  for a in sh true sleep yes head cat; do ln -sf busybox "$work/rootfs/bin/$a"; done
}

run_daemon() { # who: linnet | dockerd
  local root="$work/$who" s
  mkdir -p "$root"
  sock="$root/api.sock"
  export sock api
  s=$(now_ms)
  if [ "$who" = linnet ]; then
    echo '{}' > "$root/daemon.json"
    "$linnetd" -H "unix://$sock" -H "tcp://127.0.0.1:$port" --data-root "$root/data" --exec-root "$root/exec" \
      --pidfile "$root/pid" --config-file "$root/daemon.json" > "$root/log" 2>&1 &
  else
    echo '{}' > "$root/daemon.json"
    /usr/sbin/dockerd -H "unix://$sock" -H "tcp://127.0.0.1:$port" --data-root "$root/data" --exec-root "$root/exec" \
      --pidfile "$root/pid" --config-file "$root/daemon.json" --iptables=false > "$root/log" 2>&1 &
  fi
  daemon_pid=$!
  until curl -sf --unix-socket "$sock" http://x/_ping >/dev/null 2>&1; do
    kill -0 "$daemon_pid" 2>/dev/null || { echo "$who did not start:" >&2; tail -20 "$root/log" >&2; exit 1; }
    sleep 0.02
  done
  record start_to_ping_ms $(($(now_ms) - s))
  record start_cpu_ms "$(cpu_ms "$daemon_pid")"
  export DOCKER_HOST="unix://$sock"
}

bench() {
  who=$1
  echo "== $who"
  run_daemon
  sleep 5
  record rss_idle_mib "$(rss_mib "$daemon_pid")"
  local ctd
  ctd=$(child_containerd "$daemon_pid")
  [ -z "$ctd" ] || record containerd_rss_idle_mib "$(rss_mib "$ctd")"
  tar -C "$work/rootfs" -c . | docker import --change 'CMD ["sh"]' - busybox:latest >/dev/null
  [ "$only" = scale ] || requests_and_runs
  many_containers
  stop_daemon
}

# request rates, exec and run latency, logs, load
requests_and_runs() {
  for c in 1 16; do
    rate /_ping "$c" >/dev/null # warm-up
    record "ping_rps_c$c" "$(rate /_ping "$c")"
    record "ping_cpu_us_c$c" "$(cat "$results/last_cpu")"
    rate "/$api/containers/json" "$c" >/dev/null
    record "ps_rps_c${c}_0" "$(rate "/$api/containers/json" "$c")"
    record "ps_cpu_us_c${c}_0" "$(cat "$results/last_cpu")"
  done

  docker run -d --name bench-exec busybox sleep 3600 >/dev/null
  docker exec bench-exec true
  record exec_ms "$(for _ in $(seq 1 "$runs"); do time_ms docker exec bench-exec true; done | median)"
  docker run --rm busybox true >/dev/null
  record run_rm_ms "$(for _ in $(seq 1 "$runs"); do time_ms docker run --rm busybox true; done | median)"
  for i in $(seq 2 "$running"); do docker run -d --name "r$i" busybox sleep 3600 >/dev/null; done
  sleep 2
  record "rss_${running}_running_mib" "$(rss_mib "$daemon_pid")"
  docker rm -f bench-exec $(seq -f 'r%g' 2 "$running") >/dev/null

  # a log of log_lines lines, read whole and its tail
  docker run -d --name logger busybox sh -c "yes 'the quick brown fox jumps over the lazy dog, 0123456789' | head -n $log_lines" >/dev/null
  docker wait logger >/dev/null
  record log_mb "$(( $(docker inspect -f '{{.LogPath}}' logger | xargs stat -c %s) / 1000000 ))"
  docker logs logger >/dev/null 2>&1
  record logs_ms "$(time_ms docker logs logger)"
  record logs_tail100_ms "$(time_ms docker logs --tail 100 logger)"
  docker rm logger >/dev/null

  # docker load of an image_mb image made once (by the first daemon) with docker save
  if [ ! -f "$work/big.tar" ]; then
    mkdir -p "$work/big"
    head -c "$((image_mb * 1024 * 1024))" /dev/urandom > "$work/big/blob"
    tar -C "$work/big" -c . | docker import - bench-big:latest >/dev/null
    docker save bench-big:latest -o "$work/big.tar"
    docker rmi bench-big:latest >/dev/null
  fi
  record "load_${image_mb}mb_ms" "$(time_ms docker load -i "$work/big.tar")"
  docker rmi bench-big:latest >/dev/null
}

many_containers() {
  # many containers: per-create cost at 0, 500 and 1,000 (a tenth of that with --quick)
  local t
  t=$(create_many "$step" 1); record "create_each_ms_at_0" $((t / step))
  record "create_${first}_p4_ms" "$(create_many "$first" 4)"
  record "create_${more}_more_p4_ms" "$(create_many "$more" 4)"
  t=$(create_many "$step" 1); record "create_each_ms_at_$((step + first + more))" $((t / step))
  record "rss_$((2 * step + first + more))_containers_mib" "$(rss_mib "$daemon_pid")"
  [ -z "$ctd" ] || record "containerd_rss_$((2 * step + first + more))_containers_mib" "$(rss_mib "$ctd")"
  for c in 1 16; do
    record "ps_rps_c${c}_$((2 * step + first + more))" "$(rate "/$api/containers/json?all=1" "$c")"
  done
  create_many "$to_thousand" 4 >/dev/null
  t=$(create_many "$step" 1); record "create_each_ms_at_$((2 * step + first + more + to_thousand))" $((t / step))

  # rm -f of $removed: two CLI processes of 50 IDs at a time
  local s
  docker ps -aq --no-trunc > "$work/all-ids" # head alone on the pipe would cut docker off (pipefail)
  head -n "$removed" "$work/all-ids" > "$work/victims"
  s=$(now_ms)
  xargs -n 50 -P 2 docker rm -f < "$work/victims" >/dev/null 2>"$work/rm-errors" || true
  record "rm_f_${removed}_ms" $(($(now_ms) - s))
  record "rm_f_${removed}_left" "$(docker ps -aq --no-trunc | grep -cFf "$work/victims" || true)"
  [ ! -s "$work/rm-errors" ] || { echo "  rm errors ($(wc -l < "$work/rm-errors") lines), the first:"; head -3 "$work/rm-errors"; }
  docker ps -aq | xargs -r -n 100 docker rm -f >/dev/null 2>&1 || true
}

busybox_rootfs
bench linnet
if [ "$dockerd_too" = 1 ]; then
  bench dockerd
fi

echo
printf '%-34s %12s %12s %8s\n' figure dockerd linnet ratio
for f in "$results"/linnet.*; do
  key=${f##*/linnet.}
  l=$(cat "$f")
  d=$(cat "$results/dockerd.$key" 2>/dev/null || echo -)
  ratio=-
  if [ "$d" != - ] && [ "$d" -gt 0 ] 2>/dev/null; then ratio=$(awk -v l="$l" -v d="$d" 'BEGIN {printf "%.2f", l / d}'); fi
  printf '%-34s %12s %12s %8s\n' "$key" "$d" "$l" "$ratio"
done
