# Sourced by the bench scripts: a Linnet daemon on the bench's own roots, and a busybox image
# made from the host's static busybox (no network). The caller sets `linnetd` (the binary) and
# stops the daemon in its cleanup with `linnet_stop`.

# linnet_start ROOT: starts the daemon with its socket, roots and log under ROOT; sets `daemon`
# (its pid) and DOCKER_HOST. Call linnet_wait after setting the cleanup trap.
linnet_start() {
  echo '{}' > "$1/daemon.json"
  "$linnetd" -H "unix://$1/l.sock" --data-root "$1/data" --exec-root "$1/exec" \
    --pidfile "$1/pid" --config-file "$1/daemon.json" > "$1/log" 2>&1 &
  daemon=$!
  export DOCKER_HOST="unix://$1/l.sock"
}

# linnet_wait ROOT: until the daemon answers /_ping (90 s at most).
linnet_wait() {
  for _ in $(seq 1 90); do curl -sf --unix-socket "$1/l.sock" http://x/_ping >/dev/null && return 0; sleep 1; done
}

linnet_stop() {
  kill "$daemon" 2>/dev/null || true
  wait "$daemon" 2>/dev/null || true
}

# busybox_import ROOT IMAGE [APPLET...]: imports IMAGE (CMD sh) with sh and the applets linked.
busybox_import() {
  local root=$1 image=$2 applet
  shift 2
  mkdir -p "$root/rootfs/bin"
  cp /bin/busybox "$root/rootfs/bin/"
  for applet in sh "$@"; do ln -s busybox "$root/rootfs/bin/$applet"; done
  tar -C "$root/rootfs" -c . | docker import --change 'CMD ["sh"]' - "$image" >/dev/null
}
