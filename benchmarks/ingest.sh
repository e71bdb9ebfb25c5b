#!/usr/bin/env bash
# Side-by-side ingest benchmark: one sender (org.evpn4j.benchmarks.ingest.IngestSender) streams N
# pre-encoded EVPN type-2 routes to one receiver at a time -- `evpn4j speaker`, gobgpd, FRR bgpd
# (-Z, no zebra) -- on loopback; the time from the first UPDATE sent to the receiver reporting all N
# routes accepted through its own API/CLI, peak RSS and RSS per route above idle are measured,
# R times, and medians printed as a table and, on the last line, as one JSON object.
#
#   benchmarks/ingest.sh [--routes 1000000] [--repeat 3] [--receivers evpn4j,gobgp,frr]
#                        [--timeout 300] [--per-update 0] [--poll 0.1] [--pin] [--keep]
#
# cpu_seconds: the receiver's utime + stime (all its threads) from just before the sender starts
# to done; sender_cpu_seconds: the sender's, from its first UPDATE to done. --pin runs the receiver
# on CPU 0 and the sender on CPU 1 (taskset).
# BENCH_CLASSPATH: use this class path instead of building benchmarks/target/benchmarks.jar.
# EVPN4J_JAVA_OPTS: JVM options of the evpn4j receiver (default: what ./evpn4j chooses, the serial
# collector on at most 2 CPUs; set it, even to nothing, to override).
# BENCH_BGP_PORT, BENCH_API_PORT: the receiver's ports (default 10280 and 10281).
# Addresses: sender 127.0.0.41, receiver 127.0.0.42.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

routes=1000000
repeat=3
receivers=evpn4j,gobgp,frr
timeout=300
per_update=0
poll=0.1
keep=0
pin=0
while [ $# -gt 0 ]; do
  case "$1" in
    --routes) routes="${2//[,_]/}"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --receivers) receivers="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --per-update) per_update="$2"; shift 2 ;;
    --poll) poll="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --pin) pin=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "ingest.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

SENDER_ADDR=127.0.0.41
RECV_ADDR=127.0.0.42
BGP_PORT=${BENCH_BGP_PORT:-10280}
API_PORT=${BENCH_API_PORT:-10281}
ASN=65000

source "$here/bench-lib.sh"

[ "$pin" = 0 ] || bench_pin
bench_classpath
bench_java_options
work="$(mktemp -d /tmp/evpn4j-ingest.XXXXXX)"
trap 'bench_cleanup' EXIT

# ------------------------------------------------------------------ receivers
# Each start_X writes the receiver's pid to $run/receiver.pid; count_X prints the number of routes
# the receiver reports accepted from the sender (empty when it cannot tell yet).

start_evpn4j() {
  # evpn4j speaker --config (the main class of ./evpn4j, from the benchmarks jar)
  cat >"$run/speaker.yaml" <<EOF
bgp:
  router-id: 192.0.2.200
  local-as: $ASN
  listen: { address: $RECV_ADDR, port: $BGP_PORT }
  peers:
    - address: $SENDER_ADDR
      remote-as: $ASN
      passive: true
      families: [l2vpn-evpn]
api:
  listen: $RECV_ADDR:$API_PORT
EOF
  # shellcheck disable=SC2086
  "${pin_rx[@]}" java $evpn4j_java_opts -cp "$cp" org.evpn4j.examples.Evpn4j speaker --config "$run/speaker.yaml" \
    >"$run/receiver.log" 2>&1 &
  echo $! >"$run/receiver.pid"
}
count_evpn4j() {
  http_get "$RECV_ADDR" "$API_PORT" /peers \
    | grep -o "\"address\":\"$SENDER_ADDR\"[^}]*" | sed -n 's/.*"accepted":\([0-9]*\).*/\1/p'
}

start_gobgp() {
  cat >"$run/gobgpd.toml" <<EOF
[global.config]
  as = $ASN
  router-id = "192.0.2.200"
  port = $BGP_PORT
  local-address-list = ["$RECV_ADDR"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$SENDER_ADDR"
    peer-as = $ASN
  [neighbors.transport.config]
    passive-mode = true
    local-address = "$RECV_ADDR"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
EOF
  "${pin_rx[@]}" gobgpd -f "$run/gobgpd.toml" --api-hosts $RECV_ADDR:$API_PORT --pprof-disable -l warn \
    >"$run/receiver.log" 2>&1 &
  echo $! >"$run/receiver.pid"
}
count_gobgp() {
  # the table summary: cheap for gobgpd (`neighbor -j` slows its ingest down while it runs)
  timeout 30 gobgp -u $RECV_ADDR -p $API_PORT global rib -a evpn summary 2>/dev/null \
    | sed -n 's/.*Path: \([0-9]*\).*/\1/p' | head -1
}
# seconds between polls for each receiver (gobgp's CLI costs it more than the others' APIs)
poll_gobgp=0.5

start_frr() {
  mkdir -p "$run/frr"
  cat >"$run/frr/bgpd.conf" <<EOF
frr defaults traditional
hostname evpn4j-bench
log stdout warnings
router bgp $ASN
 bgp router-id 192.0.2.200
 no bgp default ipv4-unicast
 neighbor $SENDER_ADDR remote-as $ASN
 neighbor $SENDER_ADDR passive
 address-family l2vpn evpn
  neighbor $SENDER_ADDR activate
 exit-address-family
EOF
  "${pin_rx[@]}" /usr/lib/frr/bgpd -Z -n -S -f "$run/frr/bgpd.conf" -i "$run/frr/bgpd.pid" --vty_socket "$run/frr" \
    -z "$run/frr/zserv.api" -P 0 -p $BGP_PORT -l $RECV_ADDR >"$run/receiver.log" 2>&1 &
  echo $! >"$run/receiver.pid"
}
count_frr() {
  timeout 30 vtysh --vty_socket "$run/frr" -c 'show bgp l2vpn evpn summary json' 2>/dev/null \
    | tr -d ' \n' | sed -n "s/.*\"$SENDER_ADDR\":{[^}]*\"pfxRcd\":\([0-9]*\).*/\1/p"
}

# ------------------------------------------------------------------ one run

# run_one RECEIVER INDEX: writes "seconds complete reached peak_kib idle_kib done_kib live_idle_kib
# live_done_kib cpu_seconds sender_cpu_seconds" to $run/result (the live heap after a full GC,
# evpn4j only)
# (runs in the main shell so that every process it starts is tracked and cleaned up)
run_one() {
  local rx="$1" i="$2"
  run="$work/$rx-$i"
  mkdir -p "$run"
  "start_$rx"
  local pid
  pid="$(cat "$run/receiver.pid")"
  bench_track "$pid"
  # ready when its API answers (a count, even 0)
  local t=0
  until [ -n "$("count_$rx")" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "ingest.sh: $rx exited; log:" >&2; cat "$run/receiver.log" >&2; return 1; }
    sleep 0.2; t=$((t + 1))
    [ $t -lt 150 ] || { echo "ingest.sh: $rx API not ready after 30 s" >&2; bench_stop "$pid"; return 1; }
  done
  # evpn4j: the live heap after a full GC first (the GC may give memory back), then idle RSS
  local idle live_idle=0
  [ "$rx" != evpn4j ] || live_idle="$(live_heap_kib "$pid")"
  sleep 1
  idle="$(rss_kib "$pid")"
  local rx_ticks0
  rx_ticks0="$(cpu_ticks "$pid")"

  bench_start_sender "$run" --connect $RECV_ADDR:$BGP_PORT --local $SENDER_ADDR --asn $ASN --peer-as $ASN \
    --routes "$routes" --per-update "$per_update"
  local first
  first="$(bench_wait_line "$run/sender.out" first_update 120)" || {
    echo "ingest.sh: sender did not start sending to $rx; sender:" >&2; cat "$run/sender.out" "$run/sender.err" >&2
    bench_stop_sender "$run"; bench_stop "$pid"
    return 1
  }
  local tx_ticks0
  tx_ticks0="$(cpu_ticks "$sender_pid")"
  local deadline=$(( first + timeout * 1000000000 )) count=0 now complete=0
  while :; do
    count="$("count_$rx")"; count="${count:-0}"
    now="$(date +%s%N)"
    if [ "$count" -ge "$routes" ]; then complete=1; break; fi
    if [ "$now" -ge "$deadline" ]; then break; fi
    kill -0 "$pid" 2>/dev/null || { echo "ingest.sh: $rx died during ingest" >&2; break; }
    local pv="poll_$rx"
    sleep "${!pv:-$poll}"
  done
  local rx_cpu tx_cpu
  rx_cpu="$(cpu_seconds "$rx_ticks0" "$(cpu_ticks "$pid")")"
  tx_cpu="$(cpu_seconds "$tx_ticks0" "$(cpu_ticks "$sender_pid")")"
  local done_kib peak
  done_kib="$(rss_kib "$pid")"
  peak="$(hwm_kib "$pid")"
  local live_done=0
  [ "$rx" != evpn4j ] || live_done="$(live_heap_kib "$pid")"
  bench_stop_sender "$run"
  bench_stop "$pid"
  awk -v f="$first" -v n="$now" -v c="$complete" -v r="$count" -v p="$peak" -v i="$idle" -v d="$done_kib" \
      -v li="$live_idle" -v ld="$live_done" -v rc="$rx_cpu" -v tc="$tx_cpu" \
    'BEGIN { printf "%.3f %d %d %d %d %d %d %d %s %s\n", (n - f) / 1e9, c, r, p, i, d, li, ld, rc, tc }' >"$run/result"
}

# ------------------------------------------------------------------ main

IFS=, read -r -a rx_list <<<"$receivers"
for rx in "${rx_list[@]}"; do
  case "$rx" in evpn4j|gobgp|frr) ;; *) echo "ingest.sh: unknown receiver $rx (evpn4j, gobgp, frr)" >&2; exit 2 ;; esac
done
bench_header "ingest" "$routes routes, $repeat repeat(s), receivers $receivers"

results="$work/results.txt"
: >"$results"
for ((i = 1; i <= repeat; i++)); do
  for rx in "${rx_list[@]}"; do
    run_one "$rx" "$i" || { echo "ingest.sh: run $i of $rx failed" >&2; exit 1; }
    line="$(cat "$run/result")"
    echo "$rx $i $line" >>"$results"
    echo "  run $i $rx: $line (seconds complete reached peak_kib idle_kib done_kib live_idle_kib live_done_kib cpu_seconds sender_cpu_seconds)" >&2
  done
done

bench_report "$results" "$routes" "$repeat" "${rx_list[@]}"
