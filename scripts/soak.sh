#!/usr/bin/env bash
# Soak: runs the built daemon (distribution/target/linnet) in a root of its own, drives it with
# several clients doing mixed work (run, exec, logs, cp, build, pull from a local docker-registry,
# network connect, volumes) for a while, removes what they made, then checks that nothing leaked:
# containers, mounts, iptables rules, network namespaces, FIFOs, shims, daemon threads and file
# descriptors, and that the daemon's RSS stopped growing: the run has two halves, and the second may
# add at most 8% (the first also warms compiled code and pools), the whole run at most 30%. Prints the
# figures (with SOAK_REPORT_DIR, also threads, descriptors and, when the JVM was started with
# -XX:NativeMemoryTracking=summary in LINNET_JAVA_OPTS, its memory by kind); exits non-zero on a
# leak. Needs root. Hold /tmp/linnet-e2e.lock around it on a shared machine.
#
#   scripts/soak.sh [seconds] [clients]      (600 s and 4 clients by default)
set -uo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-600}
CLIENTS=${2:-4}
RSS_SLACK_PERCENT=${SOAK_RSS_SLACK_PERCENT:-30}
RSS_SECOND_HALF_SLACK_PERCENT=${SOAK_RSS_SECOND_HALF_SLACK_PERCENT:-8}
LINNETD=distribution/target/linnet/bin/linnetd
[ -x "$LINNETD" ] || { echo "build first: mvn -T 1C -B -q package -DskipTests -pl distribution -am" >&2; exit 2; }

ROOT=$(mktemp -d /tmp/linnet-soak-XXXXXX)
SOCK=$ROOT/linnet.sock
export DOCKER_HOST=unix://$SOCK DOCKER_CONFIG=$ROOT/docker-config DOCKER_BUILDKIT=0
DAEMON_PID=
REGISTRY_PID=

cleanup() {
    [ -n "$REGISTRY_PID" ] && kill "$REGISTRY_PID" 2>/dev/null
    if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
        docker ps -aq | xargs -r docker rm -f >/dev/null 2>&1
        kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null
    fi
    pgrep -f "$ROOT/" | xargs -r kill -9 2>/dev/null
    grep -q " $ROOT" /proc/mounts || rm -rf "$ROOT"
}
trap cleanup EXIT

# ---------------------------------------------------------------- figures
shims()   { pgrep -fc "containerd-shim.*$ROOT/" || true; }
writers() { pgrep -fc "linnet-log .*$ROOT/" || true; }
threads() { ls /proc/"$DAEMON_PID"/task | wc -l; }
fds()     { ls /proc/"$DAEMON_PID"/fd | wc -l; }
rss_kb()  { awk '/VmRSS/ {print $2}' /proc/"$DAEMON_PID"/status; }
mounts()  { grep -c " $ROOT" /proc/mounts || true; }
fifos()   { find "$ROOT/exec" -type p 2>/dev/null | wc -l; }
netns()   { ls /run/netns 2>/dev/null | wc -l; }
rules()   { iptables-save 2>/dev/null | grep -vc '^[#*:]\|^COMMIT' || true; }
containers() { docker ps -aq | wc -l; }
figures() { echo "containers=$(containers) mounts=$(mounts) rules=$(rules) netns=$(netns) fifos=$(fifos) shims=$(shims) writers=$(writers) threads=$(threads) fds=$(fds) rss_kb=$(rss_kb)"; }
# SOAK_REPORT_DIR: where the daemon's threads, descriptors and log at start and end are kept
snapshot() {
    [ -n "${SOAK_REPORT_DIR:-}" ] || return 0
    mkdir -p "$SOAK_REPORT_DIR"
    command -v jcmd >/dev/null && jcmd "$DAEMON_PID" Thread.print > "$SOAK_REPORT_DIR/threads-$1.txt" 2>&1
    ls -l /proc/"$DAEMON_PID"/fd > "$SOAK_REPORT_DIR/fds-$1.txt" 2>&1
    command -v jcmd >/dev/null && jcmd "$DAEMON_PID" VM.native_memory summary > "$SOAK_REPORT_DIR/memory-$1.txt" 2>&1
    command -v jcmd >/dev/null && jcmd "$DAEMON_PID" GC.class_histogram > "$SOAK_REPORT_DIR/heap-$1.txt" 2>&1
    command -v ss >/dev/null && ss -xatnp 2>/dev/null | grep "pid=$DAEMON_PID," > "$SOAK_REPORT_DIR/sockets-$1.txt"
    grep " $ROOT" /proc/mounts > "$SOAK_REPORT_DIR/mounts-$1.txt"
    find "$ROOT/exec" -type p > "$SOAK_REPORT_DIR/fifos-$1.txt" 2>&1
    cp "$ROOT/linnetd.log" "$SOAK_REPORT_DIR/linnetd-$1.log"
}
gc_daemon() { command -v jcmd >/dev/null && jcmd "$DAEMON_PID" GC.run >/dev/null 2>&1; sleep 2; }

# ---------------------------------------------------------------- start
mkdir -p "$ROOT/img/rootfs/bin" "$ROOT/ctx"
echo '{}' > "$ROOT/daemon.json"
"$LINNETD" -H "unix://$SOCK" --data-root "$ROOT/data" --exec-root "$ROOT/exec" --pidfile "$ROOT/linnetd.pid" \
    --config-file "$ROOT/daemon.json" > "$ROOT/linnetd.log" 2>&1 &
DAEMON_PID=$!
for _ in $(seq 600); do docker version >/dev/null 2>&1 && break; sleep 0.1; done
docker version >/dev/null || { echo "daemon did not start"; tail -50 "$ROOT/linnetd.log"; exit 2; }

cp /bin/busybox "$ROOT/img/rootfs/bin/busybox"
for a in sh echo cat sleep true ls dd head wc sync rm; do ln -s busybox "$ROOT/img/rootfs/bin/$a"; done
tar -C "$ROOT/img/rootfs" -cf "$ROOT/img/rootfs.tar" .
docker import "$ROOT/img/rootfs.tar" busybox:latest >/dev/null || exit 2
printf 'FROM busybox\nARG N\nRUN echo built $N > /built\nCOPY file /file\n' > "$ROOT/ctx/Dockerfile"
echo content > "$ROOT/ctx/file"
echo "copied" > "$ROOT/cp-file"

PORT=$((20000 + RANDOM % 20000))
mkdir -p "$ROOT/registry"
cat > "$ROOT/registry.yml" <<EOF
version: 0.1
storage:
  filesystem:
    rootdirectory: $ROOT/registry
http:
  addr: 127.0.0.1:$PORT
EOF
docker-registry serve "$ROOT/registry.yml" > "$ROOT/registry.log" 2>&1 &
REGISTRY_PID=$!
sleep 1
docker tag busybox "127.0.0.1:$PORT/soak:latest" && docker push -q "127.0.0.1:$PORT/soak:latest" >/dev/null \
    || { echo "cannot push to the local registry"; tail "$ROOT/registry.log"; exit 2; }
docker rmi "127.0.0.1:$PORT/soak:latest" >/dev/null
docker network create soak-net >/dev/null

# ---------------------------------------------------------------- clients
# operation C N: client C's N-th operation, every kind in turn; its status is the operation's
operation() {
    local c=$1 n=$2 name="soak-$1-$2"
    case $((n % 7)) in
        0) docker run --rm --name "$name" busybox sh -c 'echo hi; ls / >/dev/null' >/dev/null ;;
        1) docker run -d --name "$name" busybox sleep 30 >/dev/null \
             && docker exec "$name" echo exec >/dev/null \
             && docker logs "$name" >/dev/null \
             && docker cp "$ROOT/cp-file" "$name:/cp-file" \
             && docker cp "$name:/cp-file" - >/dev/null \
             && docker rm -f "$name" >/dev/null ;;
        2) docker build -q --build-arg "N=$c-$n" -t "soak-build-$c" "$ROOT/ctx" >/dev/null \
             && docker rmi "soak-build-$c" >/dev/null ;;
        3) docker pull -q "127.0.0.1:$PORT/soak:latest" >/dev/null \
             && { docker rmi "127.0.0.1:$PORT/soak:latest" >/dev/null 2>&1; true; } ;;
        4) docker run -d --name "$name" busybox sleep 30 >/dev/null \
             && docker network connect soak-net "$name" \
             && docker network disconnect soak-net "$name" \
             && docker rm -f "$name" >/dev/null ;;
        5) docker volume create "soak-vol-$c" >/dev/null \
             && docker run --rm -v "soak-vol-$c:/data" busybox sh -c 'echo x > /data/x; cat /data/x' >/dev/null \
             && docker volume rm "soak-vol-$c" >/dev/null ;;
        6) # a follower whose container is removed under it ends without an error, as with dockerd
           docker run -d --name "$name" -p 127.0.0.1::80 busybox sh -c 'for i in 1 2 3; do echo $i; done; sleep 30' >/dev/null \
             && { docker logs -f --tail 1 "$name" >/dev/null & local follower=$!
                  sleep 0.5; docker rm -f "$name" >/dev/null && wait "$follower"; } ;;
    esac
}

client() {
    local c=$1 end=$2 n=0 ops=0 fails=0
    while [ "$(date +%s)" -lt "$end" ]; do
        n=$((n + 1))
        operation "$c" "$n" || fails=$((fails + 1))
        ops=$((ops + 1))
    done
    echo "$ops $fails" > "$ROOT/client-$c.result"
}

# warm-up: every kind of operation once, so that the start figures count the classes, compiled code
# and pools each of them needs
warm() {
    local n
    for n in $(seq 0 6); do operation warm "$n" || echo "warm-up operation $n failed"; done
    docker network rm soak-net >/dev/null; docker network create soak-net >/dev/null
}
warm
gc_daemon
START=$(figures)
START_RSS=$(rss_kb)
snapshot start
echo "start: $START"

# round SECONDS: the clients work that long, then what they made is removed and the daemon is
# brought back to rest (the warm-up's operations once more, a full collection)
OPS=0; FAILS=0
round() {
    local end=$(( $(date +%s) + $1 )) pids=() c o f
    for c in $(seq "$CLIENTS"); do client "$c" "$end" & pids+=($!); done
    wait "${pids[@]}"
    for c in $(seq "$CLIENTS"); do read -r o f < "$ROOT/client-$c.result"; OPS=$((OPS + o)); FAILS=$((FAILS + f)); done
    # what the clients made goes (a client cut by the deadline may leave one container)
    docker ps -aq --filter name=soak- | xargs -r docker rm -f >/dev/null
    docker volume ls -q --filter name=soak-vol | xargs -r docker volume rm >/dev/null
    docker images -q --filter reference='soak-build-*' | xargs -r docker rmi -f >/dev/null 2>&1
    docker image prune -f >/dev/null
    warm
    sleep 3
    gc_daemon
}

# Two halves: the first also warms what one round of each operation did not (compiled code,
# pools at their working size), so a leak is what the second half adds
round $((DURATION / 2))
MID_RSS=$(rss_kb)
echo "half:  $(figures)"
snapshot half
round $((DURATION - DURATION / 2))
END_FIGURES=$(figures)
END_RSS=$(rss_kb)
snapshot end
echo "end:   $END_FIGURES"
echo "operations: $OPS in ${DURATION}s from $CLIENTS clients, $FAILS failed"
echo "rss: start ${START_RSS} kB, half ${MID_RSS} kB, end ${END_RSS} kB"

# ---------------------------------------------------------------- verdict
LEAKS=0
field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k {print $2}'; }
for k in containers mounts rules netns fifos shims writers; do
    s=$(field "$START" "$k"); e=$(field "$END_FIGURES" "$k")
    if [ "$e" -gt "$s" ]; then echo "LEAK: $k $s -> $e"; LEAKS=$((LEAKS + 1)); fi
done
# threads and descriptors: pools may keep a few more workers than at the start
for k in threads fds; do
    s=$(field "$START" "$k"); e=$(field "$END_FIGURES" "$k")
    if [ "$e" -gt $((s + s / 4 + 8)) ]; then echo "LEAK: $k $s -> $e"; LEAKS=$((LEAKS + 1)); fi
done
if [ "$END_RSS" -gt $((START_RSS + START_RSS * RSS_SLACK_PERCENT / 100)) ]; then
    echo "LEAK: rss $START_RSS kB -> $END_RSS kB (more than ${RSS_SLACK_PERCENT}% up)"; LEAKS=$((LEAKS + 1))
fi
if [ "$END_RSS" -gt $((MID_RSS + MID_RSS * RSS_SECOND_HALF_SLACK_PERCENT / 100)) ]; then
    echo "LEAK: rss grew in the second half: $MID_RSS kB -> $END_RSS kB (more than ${RSS_SECOND_HALF_SLACK_PERCENT}%)"
    LEAKS=$((LEAKS + 1))
fi
if [ "$FAILS" -gt $((OPS / 20)) ]; then
    echo "FAILED: $FAILS of $OPS operations failed"; tail -30 "$ROOT/linnetd.log"; exit 1
fi
if [ "$LEAKS" -gt 0 ]; then echo "soak: $LEAKS leak(s)"; exit 1; fi
echo "soak: no leak"
