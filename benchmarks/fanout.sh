#!/usr/bin/env bash
# Fan-out benchmark: a route reflector receives N EVPN type-2 routes from one iBGP peer
# (org.evpn4j.benchmarks.ingest.IngestSender, a non-client) and reflects them to C clients
# (org.evpn4j.benchmarks.ingest.FanoutSinks: minimal sessions in one JVM that count what they
# receive). The reflector is `evpn4j speaker` and/or FRR `bgpd -Z` (no zebra), one after the other
# with the same sender and clients. Measured per reflector: time from the first UPDATE sent until
# it has accepted all N, and until the last client has received all N; its CPU time (utime +
# stime of all its threads, from just before the sender starts to the last client done); its
# peak RSS. Medians over R.
#
#   benchmarks/fanout.sh [--routes 1000000] [--repeat 3] [--clients 8] [--reflectors evpn4j,frr]
#                        [--timeout 300] [--pin] [--keep]
#
# --pin: the reflector on CPU 0, sender and clients on CPU 1 (taskset).
# BENCH_CLASSPATH / EVPN4J_JAVA_OPTS / BENCH_BGP_PORT / BENCH_API_PORT as for ingest.sh. Addresses:
# sender 127.0.0.41, reflector 127.0.0.42 (BGP and HTTP ports), clients 127.0.0.43 and up.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

routes=1000000
repeat=3
clients=8
reflectors=evpn4j
pin=0
timeout=300
keep=0
poll=0.1
while [ $# -gt 0 ]; do
  case "$1" in
    --routes) routes="${2//[,_]/}"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --reflectors) reflectors="$2"; shift 2 ;;
    --pin) pin=1; shift ;;
    --timeout) timeout="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
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

IFS=, read -r -a rr_list <<<"$reflectors"
for rx in "${rr_list[@]}"; do
  case "$rx" in evpn4j|frr) ;; *) echo "fanout.sh: unknown reflector $rx (evpn4j, frr)" >&2; exit 2 ;; esac
done
[ "$pin" = 0 ] || bench_pin
bench_classpath
bench_java_options
work="$(mktemp -d /tmp/evpn4j-fanout.XXXXXX)"
trap 'bench_cleanup' EXIT

client_addrs=()
for ((c = 0; c < clients; c++)); do client_addrs+=("127.0.0.$((43 + c))"); done

accepted_evpn4j() {
  http_get "$RR_ADDR" "$API_PORT" /peers \
    | grep -o "\"address\":\"$SENDER_ADDR\"[^}]*" | sed -n 's/.*"accepted":\([0-9]*\).*/\1/p'
}
accepted_frr() {
  timeout 30 vtysh --vty_socket "$run/frr" -c 'show bgp l2vpn evpn summary json' 2>/dev/null \
    | tr -d ' \n' | sed -n "s/.*\"$SENDER_ADDR\":{[^}]*\"pfxRcd\":\([0-9]*\).*/\1/p"
}

start_evpn4j() {
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
  "${pin_rx[@]}" java $evpn4j_java_opts -cp "$cp" org.evpn4j.examples.Evpn4j speaker --config "$run/speaker.yaml" \
    >"$run/rr.log" 2>&1 &
  rr=$!
}

start_frr() {
  mkdir -p "$run/frr"
  {
    echo "frr defaults traditional"
    echo "hostname evpn4j-fanout"
    echo "log stdout warnings"
    echo "router bgp $ASN"
    echo " bgp router-id 192.0.2.200"
    echo " no bgp default ipv4-unicast"
    local a
    for a in "$SENDER_ADDR" "${client_addrs[@]}"; do
      echo " neighbor $a remote-as $ASN"
      echo " neighbor $a passive"
    done
    echo " address-family l2vpn evpn"
    echo "  neighbor $SENDER_ADDR activate"
    for a in "${client_addrs[@]}"; do
      echo "  neighbor $a activate"
      echo "  neighbor $a route-reflector-client"
    done
    echo " exit-address-family"
  } >"$run/frr/bgpd.conf"
  "${pin_rx[@]}" /usr/lib/frr/bgpd -Z -n -S -f "$run/frr/bgpd.conf" -i "$run/frr/bgpd.pid" --vty_socket "$run/frr" \
    -z "$run/frr/zserv.api" -P 0 -p $BGP_PORT -l $RR_ADDR >"$run/rr.log" 2>&1 &
  rr=$!
}

# run_one REFLECTOR INDEX: writes "seconds_all complete rr_seconds peak_kib idle_kib cpu_seconds" to
# $run/result
run_one() {
  local rx="$1" i="$2"
  run="$work/$rx-$i"
  mkdir -p "$run"
  "start_$rx"
  bench_track "$rr"
  local t=0
  until [ -n "$("accepted_$rx")" ]; do
    kill -0 "$rr" 2>/dev/null || { echo "fanout.sh: $rx reflector exited:" >&2; cat "$run/rr.log" >&2; return 1; }
    sleep 0.2; t=$((t + 1)); [ $t -lt 150 ] || { echo "fanout.sh: $rx reflector not ready" >&2; return 1; }
  done

  mkfifo "$run/sinks.stop"
  "${pin_tx[@]}" java -cp "$cp" org.evpn4j.benchmarks.ingest.FanoutSinks --connect $RR_ADDR:$BGP_PORT \
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
  local rr_ticks0
  rr_ticks0="$(cpu_ticks "$rr")"

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
      count="$("accepted_$rx")"
      if [ "${count:-0}" -ge "$routes" ]; then rr_done="$now"; fi
    fi
    all="$(sed -n 's/^all_received epoch_ns=\([0-9]*\).*/\1/p' "$run/sinks.out")"
    if [ -n "$all" ] && [ "$rr_done" != 0 ]; then complete=1; break; fi
    if [ "$now" -ge "$deadline" ]; then all="$now"; break; fi
    kill -0 "$rr" 2>/dev/null || { echo "fanout.sh: reflector died" >&2; all="$now"; break; }
    sleep "$poll"
  done
  [ "$rr_done" != 0 ] || rr_done="$now"
  local rr_cpu
  rr_cpu="$(cpu_seconds "$rr_ticks0" "$(cpu_ticks "$rr")")"
  local peak
  peak="$(hwm_kib "$rr")"
  bench_stop_sender "$run"
  exec 8>&-
  bench_stop "$sinks"
  bench_stop "$rr"
  awk -v f="$first" -v a="$all" -v r="$rr_done" -v c="$complete" -v p="$peak" -v i="$idle" -v u="$rr_cpu" \
    'BEGIN { printf "%.3f %d %.3f %d %d %s\n", (a - f) / 1e9, c, (r - f) / 1e9, p, i, u }' >"$run/result"
}

bench_header "fan-out" "$routes routes to $clients clients through a route reflector ($reflectors), $repeat repeat(s)"
results="$work/results.txt"
: >"$results"
for ((i = 1; i <= repeat; i++)); do
  for rx in "${rr_list[@]}"; do
    run_one "$rx" "$i" || { echo "fanout.sh: run $i of $rx failed" >&2; exit 1; }
    line="$(cat "$run/result")"
    echo "$rx $line" >>"$results"
    echo "  run $i $rx: $line (seconds_all complete reflector_seconds peak_kib idle_kib cpu_seconds)" >&2
  done
done

awk -v n="$routes" -v r="$repeat" -v c="$clients" -v order="${rr_list[*]}" -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -v cpu="$machine_cpu" -v nproc="$machine_nproc" -v mem="$machine_mem_mib" -v load="$machine_load" \
    -v vjava="$v_java" -v vfrr="$v_bgpd" -v jopts="$evpn4j_java_opts" -v pinned="$([ "$pin" = 1 ] && echo true || echo false)" '
  function median(list,   a, m, i, j, t) {
    m = split(list, a, " ")
    for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  {
    rx = $1; all[rx] = all[rx] " " $2; rr[rx] = rr[rx] " " $4; peak[rx] = peak[rx] " " ($5 / 1024)
    cpus[rx] = cpus[rx] " " $7; if ($3 != 1) incomplete[rx] = 1
  }
  END {
    k = split(order, rxs, " ")
    printf "%-10s %-28s %10s %14s %12s %14s %s\n", "reflector", "case", "seconds", "routes/s", "cpu seconds", "peak RSS MiB", "complete"
    json = sprintf("{\"benchmark\":\"fanout\",\"date\":\"%s\",\"pinned\":%s,\"routes\":%d,\"clients\":%d,\"repeat\":%d,\"machine\":{\"nproc\":%d,\"cpu\":\"%s\",\"memory_mib\":%d,\"load_average\":\"%s\"},\"versions\":{\"java\":\"%s\",\"bgpd\":\"%s\"},\"evpn4j_java_opts\":\"%s\",\"reflectors\":[",
      date, pinned, n, c, r, nproc, cpu, mem, load, vjava, vfrr, jopts)
    for (i = 1; i <= k; i++) {
      rx = rxs[i]; s = median(all[rx]); q = median(rr[rx]); p = median(peak[rx]); u = median(cpus[rx])
      done = (rx in incomplete) ? "no" : "yes"
      printf "%-10s %-28s %10.3f %14.0f %12s %14.1f %s\n", rx, "reflector has all", q, n / q, "", p, done
      printf "%-10s %-28s %10.3f %14.0f %12.2f %14s %s\n", rx, "last of " c " clients has all", s, n / s, u, "", done
      runs = all[rx]; gsub(/ /, ",", runs)
      json = json sprintf("%s{\"reflector\":\"%s\",\"reflector_seconds\":%.3f,\"seconds\":%.3f,\"routes_per_second\":%.0f,\"client_routes_per_second\":%.0f,\"cpu_seconds\":%.2f,\"peak_rss_mib\":%.1f,\"complete\":%s,\"runs_seconds\":[%s]}",
        (i > 1 ? "," : ""), rx, q, s, n / s, n * c / s, u, p, (rx in incomplete) ? "false" : "true", substr(runs, 2))
    }
    print json "]}"
  }' "$results"
