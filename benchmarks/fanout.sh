#!/usr/bin/env bash
# Fan-out benchmark: `evpn4j speaker` as iBGP route reflector receives N EVPN type-2 routes from one peer
# (org.evpn4j.benchmarks.ingest.IngestSender, a non-client) and reflects them to C clients
# (org.evpn4j.benchmarks.ingest.FanoutSinks: minimal sessions in one JVM that count what they
# receive). Measured: time from the first UPDATE sent until the reflector has accepted all N,
# and until the last client has received all N; the reflector's peak RSS. Medians over R.
#
#   benchmarks/fanout.sh [--routes 1000000] [--repeat 3] [--clients 8] [--timeout 300] [--keep]
#
# BENCH_CLASSPATH / EVPN4J_JAVA_OPTS / BENCH_BGP_PORT / BENCH_API_PORT as for ingest.sh. Addresses:
# sender 127.0.0.41, reflector 127.0.0.42 (BGP and HTTP ports), clients 127.0.0.43 and up.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

routes=1000000
repeat=3
clients=8
timeout=300
keep=0
poll=0.1
while [ $# -gt 0 ]; do
  case "$1" in
    --routes) routes="${2//[,_]/}"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "fanout.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$clients" -ge 1 ] && [ "$clients" -le 16 ] || { echo "fanout.sh: --clients must be 1..16" >&2; exit 2; }

SENDER_ADDR=127.0.0.41
RR_ADDR=127.0.0.42
BGP_PORT=${BENCH_BGP_PORT:-10280}
API_PORT=${BENCH_API_PORT:-10281}
ASN=65000

source "$here/bench-lib.sh"

bench_classpath
work="$(mktemp -d /tmp/evpn4j-fanout.XXXXXX)"
trap 'bench_cleanup' EXIT

client_addrs=()
for ((c = 0; c < clients; c++)); do client_addrs+=("127.0.0.$((43 + c))"); done

accepted_from_sender() {
  http_get "$RR_ADDR" "$API_PORT" /peers \
    | grep -o "\"address\":\"$SENDER_ADDR\"[^}]*" | sed -n 's/.*"accepted":\([0-9]*\).*/\1/p'
}

# run_one INDEX: writes "seconds_all complete rr_seconds peak_kib idle_kib" to $run/result
run_one() {
  local i="$1"
  run="$work/run-$i"
  mkdir -p "$run"
  {
    echo "bgp:"
    echo "  router-id: 192.0.2.200"
    echo "  local-as: $ASN"
    echo "  listen: { address: $RR_ADDR, port: $BGP_PORT }"
    echo "  peers:"
    echo "    - { address: $SENDER_ADDR, remote-as: $ASN, passive: true, families: [l2vpn-evpn] }"
    local a
    for a in "${client_addrs[@]}"; do
      echo "    - { address: $a, remote-as: $ASN, passive: true, families: [l2vpn-evpn], route-reflector-client: true }"
    done
    echo "api:"
    echo "  listen: $RR_ADDR:$API_PORT"
  } >"$run/speaker.yaml"
  # evpn4j speaker --config (the main class of ./evpn4j, from the benchmarks jar)
  # shellcheck disable=SC2086
  java ${EVPN4J_JAVA_OPTS:-} -cp "$cp" org.evpn4j.examples.Evpn4j speaker --config "$run/speaker.yaml" \
    >"$run/rr.log" 2>&1 &
  local rr=$!
  bench_track "$rr"
  local t=0
  until [ -n "$(accepted_from_sender)" ]; do
    kill -0 "$rr" 2>/dev/null || { echo "fanout.sh: reflector exited:" >&2; cat "$run/rr.log" >&2; return 1; }
    sleep 0.2; t=$((t + 1)); [ $t -lt 150 ] || { echo "fanout.sh: reflector not ready" >&2; return 1; }
  done

  mkfifo "$run/sinks.stop"
  java -cp "$cp" org.evpn4j.benchmarks.ingest.FanoutSinks --connect $RR_ADDR:$BGP_PORT \
    --locals "$(IFS=,; echo "${client_addrs[*]}")" --expect "$routes" \
    <"$run/sinks.stop" >"$run/sinks.out" 2>"$run/sinks.err" &
  local sinks=$!
  bench_track "$sinks"
  exec 8>"$run/sinks.stop"
  t=0
  until grep -q '^established_all' "$run/sinks.out" 2>/dev/null; do
    kill -0 "$sinks" 2>/dev/null || { echo "fanout.sh: clients exited:" >&2; cat "$run/sinks.err" >&2; return 1; }
    sleep 0.1; t=$((t + 1)); [ $t -lt 600 ] || { echo "fanout.sh: clients not established" >&2; return 1; }
  done
  sleep 1
  local idle
  idle="$(rss_kib "$rr")"

  bench_start_sender "$run" --connect $RR_ADDR:$BGP_PORT --local $SENDER_ADDR --asn $ASN --peer-as $ASN \
    --routes "$routes"
  local first
  first="$(bench_wait_line "$run/sender.out" first_update 120)" || {
    echo "fanout.sh: sender did not start:" >&2; cat "$run/sender.out" "$run/sender.err" >&2; return 1
  }
  local deadline=$(( first + timeout * 1000000000 )) now rr_done=0 all=0 complete=0 count
  while :; do
    now="$(date +%s%N)"
    if [ "$rr_done" = 0 ]; then
      count="$(accepted_from_sender)"
      if [ "${count:-0}" -ge "$routes" ]; then rr_done="$now"; fi
    fi
    all="$(sed -n 's/^all_received epoch_ns=\([0-9]*\).*/\1/p' "$run/sinks.out")"
    if [ -n "$all" ] && [ "$rr_done" != 0 ]; then complete=1; break; fi
    if [ "$now" -ge "$deadline" ]; then all="$now"; break; fi
    kill -0 "$rr" 2>/dev/null || { echo "fanout.sh: reflector died" >&2; all="$now"; break; }
    sleep "$poll"
  done
  [ "$rr_done" != 0 ] || rr_done="$now"
  local peak
  peak="$(hwm_kib "$rr")"
  bench_stop_sender "$run"
  exec 8>&-
  bench_stop "$sinks"
  bench_stop "$rr"
  awk -v f="$first" -v a="$all" -v r="$rr_done" -v c="$complete" -v p="$peak" -v i="$idle" \
    'BEGIN { printf "%.3f %d %.3f %d %d\n", (a - f) / 1e9, c, (r - f) / 1e9, p, i }' >"$run/result"
}

bench_header "fan-out" "$routes routes to $clients clients through an evpn4j route reflector, $repeat repeat(s)"
results="$work/results.txt"
: >"$results"
for ((i = 1; i <= repeat; i++)); do
  run_one "$i" || { echo "fanout.sh: run $i failed" >&2; exit 1; }
  line="$(cat "$run/result")"
  echo "$line" >>"$results"
  echo "  run $i: $line (seconds_all complete reflector_seconds peak_kib idle_kib)" >&2
done

awk -v n="$routes" -v r="$repeat" -v c="$clients" -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -v cpu="$machine_cpu" -v nproc="$machine_nproc" -v mem="$machine_mem_mib" -v load="$machine_load" \
    -v vjava="$v_java" '
  function median(list,   a, m, i, j, t) {
    m = split(list, a, " ")
    for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  { all = all " " $1; rr = rr " " $3; peak = peak " " ($4 / 1024); if ($2 != 1) incomplete = 1 }
  END {
    s = median(all); q = median(rr); p = median(peak)
    printf "%-28s %10s %14s %14s %s\n", "case", "seconds", "routes/s", "peak RSS MiB", "complete"
    printf "%-28s %10.3f %14.0f %14.1f %s\n", "reflector has all", q, n / q, p, (incomplete ? "no" : "yes")
    printf "%-28s %10.3f %14.0f %14s %s\n", "last of " c " clients has all", s, n / s, "-", (incomplete ? "no" : "yes")
    runs = all; gsub(/ /, ",", runs)
    printf "{\"benchmark\":\"fanout\",\"date\":\"%s\",\"routes\":%d,\"clients\":%d,\"repeat\":%d,\"machine\":{\"nproc\":%d,\"cpu\":\"%s\",\"memory_mib\":%d,\"load_average\":\"%s\"},\"versions\":{\"java\":\"%s\"},\"reflector_seconds\":%.3f,\"seconds\":%.3f,\"routes_per_second\":%.0f,\"client_routes_per_second\":%.0f,\"reflector_peak_rss_mib\":%.1f,\"complete\":%s,\"runs_seconds\":[%s]}\n",
      date, n, c, r, nproc, cpu, mem, load, vjava, q, s, n / s, n * c / s, p, (incomplete ? "false" : "true"), substr(runs, 2)
  }' "$results"
