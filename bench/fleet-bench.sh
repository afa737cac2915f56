#!/usr/bin/env bash
# Fleet and start-up benchmark for kubeharden. Run after "mvn -B -DskipTests package" (which builds
# target/kubeharden.jar, the launcher target/kubeharden and its class-data-sharing archive target/kubeharden.jsa).
#
#   bench/fleet-bench.sh [RUNS]        # default 5 runs per measurement; prints the median wall time and peak RSS
#   TMPDIR=/dev/shm bench/fleet-bench.sh   # output on tmpfs: kubeharden's own cost, without the disk
#
# Every run is a whole, cold process (a new JVM), writing into a fresh directory. Synthetic inventories are made
# here: clusters cycle through Kubernetes 1.30-1.36 and three profile sets; pools are "general", "gpu" (its own
# maxPods and podPidsLimit), "cloud" (an exception with a reason), then plain pools. "unique" inventories also give
# every cluster its own clientCAFile, so no two clusters share a configuration (the worst case for resolving).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-5}
JAR=$ROOT/target/kubeharden.jar
LAUNCHER=$ROOT/target/kubeharden
[ -f "$JAR" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kubeharden-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# inventory CLUSTERS POOLS_PER_CLUSTER UNIQUE(0|1) > file
inventory() {
  awk -v clusters="$1" -v pools="$2" -v unique="$3" 'BEGIN {
    print "apiVersion: kubeharden.dev/v1alpha1"
    print "kind: Inventory"
    print "defaults:"
    print "  profiles: [cis]"
    print "  kubernetesVersion: \"1.34\""
    print "clusters:"
    for (c = 0; c < clusters; c++) {
      minor = 30 + c % 7
      printf "  - name: cluster-%05d\n", c
      printf "    kubernetesVersion: \"1.%d\"\n", minor
      if (c % 3 == 1) print "    profiles: [cis, strict]"
      if (c % 3 == 2) print "    profiles: [stig]"
      if (unique) printf "    variables: {clientCAFile: /etc/pki/cluster-%05d/ca.crt}\n", c
      print "    nodePools:"
      for (p = 0; p < pools; p++) {
        if (p == 0) { print "      - name: general"; continue }
        if (p == 1) { print "      - name: gpu"; print "        kubelet: {config: {maxPods: 64, podPidsLimit: 8192}}"; continue }
        if (p == 2 && c % 3 != 2) {
          cis = minor <= 31 ? "CIS-1.11" : "CIS-1.12"
          print "      - name: cloud"
          printf "        exceptions: [{control: \"%s:4.2.7\", reason: \"The cloud provider sets --hostname-override.\"}]\n", cis
          continue
        }
        printf "      - name: pool-%d\n", p
      }
    }
  }'
}

# measure LABEL COMMAND... : RUNS cold runs, median wall seconds and median peak RSS
measure() {
  local label=$1; shift
  local times=() rss=() i
  for ((i = 0; i < RUNS; i++)); do
    rm -rf "$WORK/out"
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
    read -r t m < "$WORK/time"
    times+=("$t"); rss+=("$m")
  done
  local mt mr
  mt=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-48s %6.2f s  %5d MB   (runs: %s)\n' "$label" "$mt" "$((mr / 1024))" "${times[*]}"
  echo "$mt" > "$WORK/last"
}

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) MB"
echo "java:    $(java -version 2>&1 | head -1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs:    $RUNS per line, median shown"
echo

cd "$WORK"
measure "floor: java -jar --version" java -jar "$JAR" --version
measure "floor: launcher --version (CDS)" "$LAUNCHER" --version
measure "generate default: java -jar" java -jar "$JAR" generate --out "$WORK/out"
measure "generate default: launcher (CDS)" "$LAUNCHER" generate --out "$WORK/out"
echo

inventory 1000 3 0 > fleet-1000x3.yaml
inventory 1000 3 1 > fleet-1000x3-unique.yaml
measure "1,000 clusters x 3 pools: launcher" "$LAUNCHER" generate --inventory fleet-1000x3.yaml --out "$WORK/out"
# The file-system floor for the same tree: only its directories (13 a pool), made by mkdir, no Java at all.
rm -rf "$WORK/out"
"$LAUNCHER" generate --inventory fleet-1000x3.yaml --out "$WORK/out" >/dev/null 2>&1
(cd "$WORK/out" && find . -type d) > "$WORK/dirs.txt"
echo "  ($(wc -l < "$WORK/dirs.txt") directories, $(find "$WORK/out" -type f | wc -l) files, $(du -sm "$WORK/out" | cut -f1) MB)"
measure "file-system floor: mkdir -p of those directories" sh -c "rm -rf '$WORK/dirs' && mkdir '$WORK/dirs' && cd '$WORK/dirs' && xargs mkdir -p < '$WORK/dirs.txt'"
measure "1,000 clusters x 3 pools, unique: launcher" "$LAUNCHER" generate --inventory fleet-1000x3-unique.yaml --out "$WORK/out"
echo

echo "growth (clusters of 10 pools):"
declare -A wall
for n in 1 100 1000; do
  inventory "$n" 10 0 > "fleet-$n.yaml"
  measure "$((n * 10)) pools: launcher" "$LAUNCHER" generate --inventory "fleet-$n.yaml" --out "$WORK/out"
  wall[$n]=$(cat "$WORK/last")
done
awk -v a="${wall[1]}" -v b="${wall[100]}" -v c="${wall[1000]}" 'BEGIN {
  printf "per pool: 10 -> 1,000 pools: %.0f us; 1,000 -> 10,000 pools: %.0f us\n", (b - a) / 990 * 1e6, (c - b) / 9000 * 1e6
}'
