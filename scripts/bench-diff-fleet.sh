#!/usr/bin/env bash
# Benchmark "kubeharden diff" on a fleet: generates N node directories (a mix of the kubeadm, systemd-flag and
# hardened fixtures, so a third of the nodes are clean) and times one diff over all of them per format, through the
# launcher (target/kubeharden: CDS archive, C1 only), RUNS times each; prints every run and the median.
#
# Usage: scripts/bench-diff-fleet.sh [N...]          (default: 1000 10000)
#   RUNS=3                 runs per size and format (the median is printed)
#   FORMATS="text json"    formats to time (sarif, junit and markdown build the report in memory)
#   UNIQUE=1               give every node's config file its own content (a comment line), so no two nodes share a
#                          parsed file: the worst case for the parse cache (nodes of a pool usually share them)
# Needs target/kubeharden (mvn -B -DskipTests package) and GNU time (/usr/bin/time). Wall time depends on what else
# runs on the machine (see the load average printed); cpu is user+sys of the JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=target/kubeharden
[ -x "$launcher" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
runs=${RUNS:-3}
formats=${FORMATS:-text json}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fixtures=(src/test/resources/diff/kubeadm src/test/resources/diff/systemd-flag-undoes out/node)
[ -d out/node ] || { echo "out/node missing: run target/kubeharden generate first" >&2; exit 1; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
for count in ${*:-1000 10000}; do
  fleet="$work/fleet-$count"
  for ((i = 0; i < count; i++)); do
    src=${fixtures[$((i % 3))]}
    dst=$(printf '%s/node-%05d' "$fleet" "$i")
    mkdir -p "$dst"
    cp -r "$src/." "$dst/"
    rm -rf "$dst/expected"
    if [ "${UNIQUE:-0}" = 1 ]; then
      for c in "$dst/config.yaml" "$dst/var/lib/kubelet/config.yaml"; do
        [ -f "$c" ] && printf '# node %d\n' "$i" >> "$c"
      done
    fi
  done
  for format in $formats; do
    : > "$work/walls"
    : > "$work/cpus"
    for ((r = 1; r <= runs; r++)); do
      set +e
      /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
        "$launcher" diff --kubelet-config "$fleet" --format "$format" --output "$work/report.$format" 2>/dev/null
      code=$?
      set -e
      read -r wall user sys rss < <(tail -1 "$work/time")
      cpu=$(echo "$user + $sys" | bc)
      echo "$wall" >> "$work/walls"
      echo "$cpu" >> "$work/cpus"
      printf '%6d nodes  %-5s  run %d  exit %d  wall %6.2f s  cpu %6.2f s  max RSS %4d MiB  %10d bytes  load %s\n' \
        "$count" "$format" "$r" "$code" "$wall" "$cpu" "$((rss / 1024))" "$(wc -c < "$work/report.$format")" \
        "$(cut -d' ' -f1 /proc/loadavg)"
    done
    printf '%6d nodes  %-5s  median of %d: wall %6.2f s  cpu %6.2f s\n' "$count" "$format" "$runs" \
      "$(median < "$work/walls")" "$(median < "$work/cpus")"
  done
  rm -rf "$fleet"
done
