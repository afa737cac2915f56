#!/usr/bin/env bash
# kubeharden's speed table: every figure next to its floor, measured in the same run by alternating cold
# processes (A, B, A, B, ...), so the ratios hold while the machine's load drifts; medians are printed.
#
#   mvn -B -q -DskipTests package && bench/speed.sh
#   mvn -B -q -DskipTests package -Dkubeharden.aot.java=JDK25/bin/java && JAVA25=JDK25/bin/java bench/speed.sh
#
# Environment:
#   RUNS=9          cold runs per start-up measurement
#   FLEET_RUNS=3    runs per fleet and diff measurement
#   BENCH_DIR=/dev/shm   where output trees go (tmpfs: kubeharden's own cost rather than the disk's); inputs
#                   (inventories, diff's node directories) go to $TMPDIR, as kubeharden reads no input under /dev
#   JAVA25=PATH     a Java 25+ "java" for the ahead-of-time cache row (the one the package step was given)
#   SKIP_FLEETS=1, SKIP_DIFF=1   leave those rows out
#   TARGET=DIR      measure the build in DIR instead of target/ (another checkout's, to compare)
#
# Needs bash 4.3+ with EPOCHREALTIME (bash 5), GNU time (/usr/bin/time, for peak RSS), a JDK's javac (for the "hi"
# floor), and target/kubeharden, target/kubeharden.jar and their archives from mvn package. hyperfine is not needed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
RUNS=${RUNS:-9}
FLEET_RUNS=${FLEET_RUNS:-3}
TARGET=${TARGET:-$ROOT/target}
LAUNCHER=$TARGET/kubeharden
JAR=$TARGET/kubeharden.jar

die() { echo "bench/speed.sh: $*" >&2; exit 1; }
[ -n "${EPOCHREALTIME:-}" ] || die "needs bash 5 (EPOCHREALTIME)"
[ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null || die "needs GNU time as /usr/bin/time"
[ -x "$LAUNCHER" ] && [ -f "$JAR" ] || die "build first: mvn -B -q -DskipTests package"
JAVA=$(command -v java) || die "needs java on the PATH"
JAVAC=$(dirname "$(readlink -f "$JAVA")")/javac
[ -x "$JAVAC" ] || JAVAC=$(command -v javac) || die "needs javac (a JDK) for the JVM floor"

BASE=${BENCH_DIR:-/dev/shm}
[ -d "$BASE" ] || BASE=${TMPDIR:-/tmp}
W=$(mktemp -d "$BASE/kubeharden-bench.XXXXXX")
IN=$(mktemp -d "${TMPDIR:-/tmp}/kubeharden-bench-in.XXXXXX")
trap 'rm -rf "$W" "$IN"' EXIT
fs=$(stat -f -c %T "$W" 2>/dev/null || echo unknown)

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# run NAME: one cold run of the command in array NAME after its preparation PREP_NAME (untimed);
# appends wall seconds to $W/NAME.wall and peak RSS (KiB) to $W/NAME.rss. Exit codes 0 and 4 (drift) pass.
run() {
  local -n cmd=$1
  local prep="prep_$1" s e code
  if declare -F "$prep" >/dev/null; then "$prep"; fi
  s=$EPOCHREALTIME
  set +e
  /usr/bin/time -f %M -o "$W/rss" "${cmd[@]}" >/dev/null 2>"$W/err"
  code=$?
  set -e
  e=$EPOCHREALTIME
  if [ "$code" != 0 ] && [ "$code" != 4 ]; then
    cat "$W/err" >&2
    die "exit $code: ${cmd[*]}"
  fi
  awk -v s="$s" -v e="$e" 'BEGIN {printf "%.4f\n", e - s}' >> "$W/$1.wall"
  tail -1 "$W/rss" >> "$W/$1.rss"
}

# alternate N NAME...: N rounds, each running every NAME once, in turn
alternate() {
  local n=$1 i name
  shift
  for name in "$@"; do : > "$W/$name.wall"; : > "$W/$name.rss"; done
  for ((i = 0; i < n; i++)); do
    for name in "$@"; do run "$name"; done
  done
}
wall() { median < "$W/$1.wall" | awk '{printf "%.3f", $1}'; }
rss_mb() { median < "$W/$1.rss" | awk '{printf "%d", $1 / 1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }
row() { printf '%-62s %-24s %-10s %-8s %s\n' "$@"; }

# inventory CLUSTERS POOLS_PER_CLUSTER UNIQUE(0|1): clusters cycle through Kubernetes 1.30-1.36 and the profile
# sets cis, cis+strict and stig; pools are general, gpu (own kubelet settings), cloud (an exception), then plain
# ones. UNIQUE gives every cluster its own variable, so no two clusters share a configuration.
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

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || uname -m)
echo "machine:  $(nproc) cores, $cpu, $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) MB"
echo "java:     $("$JAVA" -version 2>&1 | head -1)"
echo "output:   $W ($fs); inputs in $IN"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo "runs:     $RUNS per start-up line, $FLEET_RUNS per fleet and diff line, alternating; medians"
echo
row "measurement" "kubeharden" "floor" "ratio" "target"

# --- start-up ---------------------------------------------------------------------------------------------------
mkdir -p "$W/hi"
printf 'public class Hi { public static void main(String[] a) { System.out.println("hi"); } }\n' > "$IN/Hi.java"
"$JAVAC" -d "$W/hi" "$IN/Hi.java"
cd "$W"
hi=("$JAVA" -Xshare:auto -cp "$W/hi" Hi)
launcher=("$LAUNCHER" generate --out "$W/start")
prep_launcher() { rm -rf "$W/start"; }
plain=("$JAVA" -jar "$JAR" generate --out "$W/start")
prep_plain() { rm -rf "$W/start"; }
alternate "$RUNS" hi launcher plain
row "default generate, launcher / JVM printing \"hi\"" "$(wall launcher) s" "$(wall hi) s" \
  "$(ratio "$(wall launcher)" "$(wall hi)")" "<= 3x"
row "java -jar target/kubeharden.jar generate / the launcher" "$(wall plain) s" "$(wall launcher) s" \
  "$(ratio "$(wall plain)" "$(wall launcher)")" "README's command (the launcher) is the fast path"
if [ -n "${JAVA25:-}" ] && [ -f "$TARGET/kubeharden.aot" ]; then
  aot=(env PATH="$(dirname "$JAVA25"):$PATH" "$LAUNCHER" generate --out "$W/start")
  prep_aot() { rm -rf "$W/start"; }
  alternate "$RUNS" launcher aot
  row "the launcher on Java 25 (AOT cache) / on $("$JAVA" -version 2>&1 | awk -F'"' 'NR == 1 {print "Java " $2}')" \
    "$(wall aot) s" "$(wall launcher) s" "$(ratio "$(wall aot)" "$(wall launcher)")" "use it wherever supported"
else
  row "the launcher on Java 25 (AOT cache)" "skipped: set JAVA25 and package with -Dkubeharden.aot.java" "" "" ""
fi

# --- fleets -----------------------------------------------------------------------------------------------------
# fleet CLUSTERS POOLS LABEL: kubeharden writing the fleet, alternating with cp -r of the tree it wrote
fleet_vs_cp() {
  inventory "$1" "$2" 0 > "$IN/fleet.yaml"
  fleet=("$LAUNCHER" generate --inventory "$IN/fleet.yaml" --out "$W/fleet-out")
  prep_fleet() { rm -rf "$W/fleet-out"; }
  "${fleet[@]}" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; die "failed: ${fleet[*]}"; }
  rm -rf "$W/tree" && mv "$W/fleet-out" "$W/tree"
  copy=(cp -r "$W/tree" "$W/copy")
  prep_copy() { rm -rf "$W/copy"; }
  alternate "$FLEET_RUNS" fleet copy
  row "$3 on $fs / cp -r of the same tree" "$(wall fleet) s" "$(wall copy) s" \
    "$(ratio "$(wall fleet)" "$(wall copy)")" "$4"
  rm -rf "$W/tree" "$W/copy" "$W/fleet-out"
}
if [ "${SKIP_FLEETS:-0}" != 1 ]; then
  fleet_vs_cp 334 3 "fleet of 1,002 pools" "<= 1.5x"
  fleet_vs_cp 3334 3 "fleet of 10,002 pools" "<= 1.2x"

  # the 1,002-pool fleet written again over its own previous output, as an automated PR's checkout has it: the
  # previous tree is checked (its manifest, nothing foreign, every file's content) and then replaced
  inventory 334 3 0 > "$IN/fleet.yaml"
  again=("$LAUNCHER" generate --inventory "$IN/fleet.yaml" --out "$W/fleet-out")
  "${again[@]}" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; die "failed: ${again[*]}"; }
  copy=(cp -r "$W/fleet-out" "$W/copy")
  prep_copy() { rm -rf "$W/copy"; }
  alternate "$FLEET_RUNS" again copy
  row "fleet of 1,002 pools over its previous output / cp -r" "$(wall again) s" "$(wall copy) s" \
    "$(ratio "$(wall again)" "$(wall copy)")" ""
  rm -rf "$W/copy" "$W/fleet-out"

  inventory 1000 3 1 > "$IN/unique.yaml"
  unique=("$LAUNCHER" generate --inventory "$IN/unique.yaml" --out "$W/fleet-out")
  prep_unique() { rm -rf "$W/fleet-out"; }
  alternate "$FLEET_RUNS" unique
  row "worst case: 3,000 pools, every one distinct, peak RSS" "$(rss_mb unique) MB ($(wall unique) s)" "" "" \
    "<= 256 MB"
  rm -rf "$W/fleet-out"

  for n in 1 100 1000; do inventory "$n" 10 0 > "$IN/grow-$n.yaml"; done
  grow1=("$LAUNCHER" generate --inventory "$IN/grow-1.yaml" --out "$W/fleet-out")
  grow100=("$LAUNCHER" generate --inventory "$IN/grow-100.yaml" --out "$W/fleet-out")
  grow1000=("$LAUNCHER" generate --inventory "$IN/grow-1000.yaml" --out "$W/fleet-out")
  prep_grow1() { rm -rf "$W/fleet-out"; }
  prep_grow100() { rm -rf "$W/fleet-out"; }
  prep_grow1000() { rm -rf "$W/fleet-out"; }
  alternate "$FLEET_RUNS" grow1 grow100 grow1000
  a=$(wall grow1) b=$(wall grow100) c=$(wall grow1000)
  row "growth: 10 / 1,000 / 10,000 pools" "$a / $b / $c s" "" "" \
    "$(awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN {printf "per pool %.0f us, then %.0f us", (b - a) / 990 * 1e6, (c - b) / 9000 * 1e6}')"
  rm -rf "$W/fleet-out"
fi

# --- diff -------------------------------------------------------------------------------------------------------
if [ "${SKIP_DIFF:-0}" != 1 ]; then
  fixtures=("$ROOT/src/test/resources/diff/kubeadm" "$ROOT/src/test/resources/diff/systemd-flag-undoes" "$W/start/node")
  rm -rf "$W/start"
  "${launcher[@]}" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; die "failed: ${launcher[*]}"; }
  for f in "${fixtures[@]}"; do [ -d "$f" ] || die "missing fixture $f"; done
  for ((i = 0; i < 10000; i++)); do
    dst=$(printf '%s/nodes/node-%05d' "$IN" "$i")
    mkdir -p "$dst"
    cp -r "${fixtures[$((i % 3))]}/." "$dst/"
    rm -rf "$dst/expected"
  done
  nodes=("$LAUNCHER" diff --kubelet-config "$IN/nodes" --format text --output "$W/report.txt")
  read_all=(sh -c "find '$IN/nodes' -type f -exec cat {} + > /dev/null")
  alternate "$FLEET_RUNS" nodes read_all
  row "diff of 10,000 node directories (text) / reading their files" "$(wall nodes) s, $(rss_mb nodes) MB" \
    "$(wall read_all) s" "$(ratio "$(wall nodes)" "$(wall read_all)")" "<= 2 s"
fi
echo
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) at the end"
