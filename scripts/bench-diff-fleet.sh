#!/usr/bin/env bash
# Benchmark "kubeharden diff" on a fleet: generates N node directories (a mix of the kubeadm, systemd-flag and
# hardened fixtures, so a third of the nodes are clean) and times one diff over all of them for each format.
# Usage: scripts/bench-diff-fleet.sh [N...]   (default: 1000 5000)   Needs target/kubeharden.jar (mvn package)
# and GNU time (/usr/bin/time). Wall time depends on what else runs; cpu is user+sys of the JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/kubeharden.jar
[ -f "$jar" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fixtures=(src/test/resources/diff/kubeadm src/test/resources/diff/systemd-flag-undoes out/node)
for n in "${@:-1000 5000}"; do
  for count in $n; do
    fleet="$work/fleet-$count"
    for ((i = 0; i < count; i++)); do
      src=${fixtures[$((i % 3))]}
      dst=$(printf '%s/node-%05d' "$fleet" "$i")
      mkdir -p "$dst"
      cp -r "$src/." "$dst/"
      rm -rf "$dst/expected"
    done
    for format in text json sarif; do
      set +e
      /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
        java -jar "$jar" diff --kubelet-config "$fleet" --format "$format" --output "$work/report.$format" 2>/dev/null
      code=$?
      set -e
      read -r wall user sys rss < <(tail -1 "$work/time")
      printf '%6d nodes  %-5s  exit %d  wall %6.2f s  cpu %6.2f s  max RSS %4d MiB  %9d bytes\n' "$count" "$format" \
        "$code" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" "$(wc -c < "$work/report.$format")"
    done
    rm -rf "$fleet"
  done
done
