#!/bin/sh
# Builds the native helpers the distribution ships (libexec/): static where the C library allows
# it (a smaller resident set per container), dynamic otherwise.
set -e
src=$(dirname "$0")
out=$1
mkdir -p "$out"
cc -O2 -Wall -static -o "$out/linnet-log" "$src/linnet-log.c" 2>/dev/null \
  || cc -O2 -Wall -o "$out/linnet-log" "$src/linnet-log.c"
