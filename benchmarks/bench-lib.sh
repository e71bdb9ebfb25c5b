# Shared by benchmarks/ingest.sh and benchmarks/fanout.sh (sourced, not run). Expects $root,
# $work (set before bench_cleanup runs) and the callers' option variables.

bench_pids=()

# Sets $cp: BENCH_CLASSPATH, or benchmarks/target/benchmarks.jar built with Maven.
bench_classpath() {
  if [ -n "${BENCH_CLASSPATH:-}" ]; then
    cp="$BENCH_CLASSPATH"
  else
    echo "building benchmarks/target/benchmarks.jar ..." >&2
    (cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package >&2)
    cp="$root/benchmarks/target/benchmarks.jar"
  fi
}

# Sets $evpn4j_java_opts: the JVM options the evpn4j command would use here (EVPN4J_JAVA_OPTS when
# set, else the launcher's choice: the serial collector on at most 2 CPUs), so the benchmark runs
# evpn4j as its users do. Exported source for the program's own report of them.
bench_java_options() {
  evpn4j_java_opts="$("$root/evpn4j" --print-java-options)"
  if [ -n "${EVPN4J_JAVA_OPTS+set}" ]; then
    export EVPN4J_JAVA_OPTS_SOURCE="EVPN4J_JAVA_OPTS"
  else
    export EVPN4J_JAVA_OPTS_SOURCE="the evpn4j launcher's choice ($(nproc) CPUs)"
  fi
}

# Remembers a pid to stop on exit.
bench_track() {
  bench_pids+=("$1")
}

# Stops one process we started: SIGTERM, then SIGKILL after 5 s.
bench_stop() {
  local pid="$1" t=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && [ $t -lt 50 ]; do sleep 0.1; t=$((t + 1)); done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local pid
  for pid in "${bench_pids[@]}"; do
    kill -0 "$pid" 2>/dev/null && bench_stop "$pid"
  done
  if [ "${keep:-0}" = 1 ]; then
    echo "work files kept in $work" >&2
  else
    rm -rf "$work"
  fi
}

# http_get HOST PORT PATH: the response body (curl when installed, else bash's /dev/tcp).
http_get() {
  if command -v curl >/dev/null 2>&1; then
    curl -s --max-time 5 "http://$1:$2$3" 2>/dev/null
    return 0
  fi
  { exec 7<>"/dev/tcp/$1/$2"; } 2>/dev/null || return 0
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$3" "$1" >&7
  timeout 5 cat <&7 | sed '1,/^\r\{0,1\}$/d'
  exec 7<&- 7>&-
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# The live Java heap in KiB after a full GC (jcmd's class histogram forces one).
live_heap_kib() {
  jcmd "$1" GC.class_histogram 2>/dev/null | awk '$1 == "Total" { printf "%d", $3 / 1024 }' || echo 0
}
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# CPU time a process has used so far (utime + stime of all its threads), in clock ticks.
cpu_ticks() {
  # fields after the command name, which ends at the last ')': utime and stime are the 12th and 13th
  sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0
}
clk_tck="$(getconf CLK_TCK 2>/dev/null || echo 100)"
# cpu_seconds TICKS_BEFORE TICKS_AFTER
cpu_seconds() { awk -v a="$1" -v b="$2" -v h="$clk_tck" 'BEGIN { printf "%.2f", (b - a) / h }'; }

# --pin: the process under test on CPU 0, the load generators (sender, clients) on CPU 1; a JVM
# given one CPU sizes itself for one (SerialGC, one compiler thread), as it would in a container.
pin_rx=()
pin_tx=()
bench_pin() {
  if [ "$(nproc)" -lt 2 ]; then echo "--pin needs 2 CPUs" >&2; exit 2; fi
  command -v taskset >/dev/null || { echo "--pin needs taskset (util-linux)" >&2; exit 2; }
  pin_rx=(taskset -c 0)
  pin_tx=(taskset -c 1)
}

# bench_start_sender RUNDIR ARGS...: starts IngestSender; its standard input is a FIFO held open
# on fd 9 (closing it stops the sender with a Cease). Output in RUNDIR/sender.out and .err.
bench_start_sender() {
  local dir="$1"; shift
  mkfifo "$dir/sender.stop"
  "${pin_tx[@]}" java -cp "$cp" org.evpn4j.benchmarks.ingest.IngestSender "$@" \
    <"$dir/sender.stop" >"$dir/sender.out" 2>"$dir/sender.err" &
  sender_pid=$!
  bench_track "$sender_pid"
  exec 9>"$dir/sender.stop"
}

bench_stop_sender() {
  exec 9>&-
  local t=0
  while kill -0 "$sender_pid" 2>/dev/null && [ $t -lt 50 ]; do sleep 0.1; t=$((t + 1)); done
  bench_stop "$sender_pid"
}

# bench_wait_line FILE KEY SECONDS: waits for a "KEY epoch_ns=T" line, prints T.
bench_wait_line() {
  local file="$1" key="$2" limit=$(( $3 * 10 )) t=0 v
  while [ $t -lt "$limit" ]; do
    v="$(sed -n "s/^$key epoch_ns=\([0-9]*\).*/\1/p" "$file" 2>/dev/null | head -1)"
    if [ -n "$v" ]; then echo "$v"; return 0; fi
    kill -0 "$sender_pid" 2>/dev/null || return 1
    sleep 0.1; t=$((t + 1))
  done
  return 1
}

bench_machine() {
  machine_cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  machine_nproc="$(nproc)"
  machine_mem_mib="$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
  machine_load="$(cut -d' ' -f1-3 /proc/loadavg)"
  v_java="$(java -version 2>&1 | head -1 | sed 's/"/'"'"'/g')"
  v_gobgpd="$(gobgpd --version 2>/dev/null | head -1 || echo none)"
  v_bgpd="$(/usr/lib/frr/bgpd --version 2>/dev/null | head -1 || echo none)"
}

bench_header() {
  bench_machine
  echo "# evpn4j $1 benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ): $2"
  echo "# machine: $machine_nproc x $machine_cpu, $machine_mem_mib MiB, load average $machine_load"
  echo "# versions: $v_java; $v_gobgpd; $v_bgpd"
  echo "# evpn4j JVM options: ${evpn4j_java_opts:-none} (from $EVPN4J_JAVA_OPTS_SOURCE)"
}

# bench_report RESULTS ROUTES REPEAT RECEIVER...: the table and the JSON line. RESULTS lines are
# "receiver run seconds complete reached peak_kib idle_kib done_kib live_idle_kib live_done_kib
# cpu_seconds sender_cpu_seconds".
bench_report() {
  local results="$1" n="$2" r="$3"; shift 3
  awk -v n="$n" -v r="$r" -v order="$*" -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v pinned="$([ ${#pin_rx[@]} -gt 0 ] && echo true || echo false)" \
      -v cpu="$machine_cpu" -v nproc="$machine_nproc" -v mem="$machine_mem_mib" -v load="$machine_load" \
      -v vjava="$v_java" -v vgobgp="$v_gobgpd" -v vfrr="$v_bgpd" -v jopts="$evpn4j_java_opts" '
    function median(list,   a, k, m) {
      m = split(list, a, " ")
      asort_num(a, m)
      return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
    }
    function asort_num(a, m,   i, j, t) {
      for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    }
    {
      rx = $1; secs[rx] = secs[rx] " " $3; rate[rx] = rate[rx] " " ($5 / ($3 > 0 ? $3 : 1e-9))
      peak[rx] = peak[rx] " " ($6 / 1024); bpr[rx] = bpr[rx] " " (($5 > 0 ? ($8 - $7) * 1024 / $5 : 0))
      live[rx] = live[rx] " " (($5 > 0 && $10 > 0) ? ($10 - $9) * 1024 / $5 : 0)
      cpus[rx] = cpus[rx] " " $11; scpus[rx] = scpus[rx] " " $12
      if (!(rx in complete)) { complete[rx] = 1; reached[rx] = $5 }
      if ($4 != 1) complete[rx] = 0
      if ($5 < reached[rx]) reached[rx] = $5
    }
    END {
      k = split(order, rxs, " ")
      base = ("evpn4j" in secs) ? median(secs["evpn4j"]) : 0
      printf "%-8s %10s %12s %12s %12s %14s %12s %16s %s\n", "receiver", "seconds", "routes/s", "cpu seconds", "sender cpu", "peak RSS MiB", "bytes/route", "ratio to evpn4j", "complete"
      json = sprintf("{\"benchmark\":\"ingest\",\"date\":\"%s\",\"pinned\":%s,\"routes\":%d,\"repeat\":%d,\"machine\":{\"nproc\":%d,\"cpu\":\"%s\",\"memory_mib\":%d,\"load_average\":\"%s\"},\"versions\":{\"java\":\"%s\",\"gobgpd\":\"%s\",\"bgpd\":\"%s\"},\"evpn4j_java_opts\":\"%s\",\"receivers\":[", date, pinned, n, r, nproc, cpu, mem, load, vjava, vgobgp, vfrr, jopts)
      for (i = 1; i <= k; i++) {
        rx = rxs[i]; s = median(secs[rx]); rt = median(rate[rx]); pk = median(peak[rx]); b = median(bpr[rx])
        ratio = base > 0 ? s / base : 0
        runs = secs[rx]; gsub(/ /, ",", runs)
        # an incomplete run stopped at the timeout: its seconds and ratio are lower bounds
        c = median(cpus[rx]); sc = median(scpus[rx])
        printf "%-8s %10s %12.0f %12.2f %12.2f %14.1f %12.0f %16s %s\n", rx, (complete[rx] ? "" : ">") sprintf("%.3f", s), rt, c, sc, pk, b, (base > 0 ? (complete[rx] ? "" : ">") sprintf("%.2f", ratio) : "-"), (complete[rx] ? "yes" : "no (" reached[rx] " routes at the timeout)")
        lv = median(live[rx])
        json = json sprintf("%s{\"receiver\":\"%s\",\"seconds\":%.3f,\"routes_per_second\":%.0f,\"cpu_seconds\":%.2f,\"sender_cpu_seconds\":%.2f,\"peak_rss_mib\":%.1f,\"bytes_per_route\":%.0f,\"heap_live_bytes_per_route\":%s,\"ratio_to_evpn4j\":%s,\"complete\":%s,\"routes_reached\":%d,\"runs_seconds\":[%s]}",
          (i > 1 ? "," : ""), rx, s, rt, c, sc, pk, b, (lv > 0 ? sprintf("%.0f", lv) : "null"), (base > 0 ? sprintf("%.2f", ratio) : "null"), (complete[rx] ? "true" : "false"), reached[rx], substr(runs, 2))
      }
      if ("evpn4j" in live && median(live["evpn4j"]) > 0) {
        printf "# evpn4j live Java heap after a full GC: %.0f bytes/route above idle\n", median(live["evpn4j"])
      }
      print json "]}"
    }' "$results"
}
