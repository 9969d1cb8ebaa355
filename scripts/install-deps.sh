#!/usr/bin/env bash
# Installs what Linnet needs on a Debian 12 host (run as root): the container runtime from
# Debian's packages, the JDK and Maven to build, and the tools the tests drive.
set -euo pipefail

need=()
command -v containerd >/dev/null || need+=(containerd)
command -v runc >/dev/null || need+=(runc)
# a second OCI runtime (daemon.json's runtimes, docker run --runtime crun): DaemonDefaultsEndToEndIT runs it
command -v crun >/dev/null || need+=(crun)
[ -x /usr/lib/cni/bridge ] || need+=(containernetworking-plugins)
command -v iptables >/dev/null || need+=(iptables)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -q '^httpd$' || need+=(busybox-static)
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
command -v curl >/dev/null || need+=(curl)
# the registry end-to-end tests run Debian's registry v2 and make its bcrypt htpasswd file
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v htpasswd >/dev/null || need+=(apache2-utils)
# docker run --init: a static tini as the container's PID 1
[ -x /usr/bin/tini-static ] || need+=(tini)
# the token-auth registry test signs its JWTs with a key and certificate openssl makes
command -v openssl >/dev/null || need+=(openssl)
command -v python3 >/dev/null || need+=(python3)
# scripts/bench-compare.sh measures request rates with wrk
command -v wrk >/dev/null || need+=(wrk)
# the seccomp end-to-end test builds a static probe for syscalls busybox has no applet for
command -v cc >/dev/null || need+=(gcc)
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || [ "$(uname -m)" != x86_64 ] || need+=(libc6-dev)

if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # The packages' own services are not wanted: linnetd runs its own containerd.
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # the tests run their own registries on free ports; Debian's registry service is not wanted either
  if [[ " ${need[*]} " == *" docker-registry "* ]] && command -v systemctl >/dev/null; then
    systemctl disable --now docker-registry >/dev/null 2>&1 || true
  fi
fi

# docker-py, the Python SDK one end-to-end suite drives (pip's docker 7.x ships with this machine)
if ! python3 -c 'import docker' 2>/dev/null; then
  python3 -m pip install -q docker 2>/dev/null || apt-get install -y -qq --no-install-recommends python3-docker >/dev/null \
    || echo "note: python3 cannot import docker (docker-py); DockerPyEndToEndIT will fail" >&2
fi

if ! command -v docker >/dev/null; then
  echo "note: no docker CLI on PATH; the end-to-end tests drive the docker CLI (28.x ships with this machine)" >&2
fi
