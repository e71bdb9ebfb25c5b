#!/usr/bin/env bash
# Regenerates the GoBGP captures in this directory (not run by the tests; the tests read the
# committed .bin/.json files). Needs root (tcpdump), gobgpd/gobgp 3.x, python3.
#
# Two gobgpd speakers on loopback: A (AS 65001, 127.0.0.1:PORT_A, passive) and B (AS 65002,
# 127.0.0.2, connects to A). Routes are injected into A with the gobgp CLI; tcpdump records the
# session; extract-bgp.py keeps A's side of the TCP stream (the messages A sent, back to back).
# B's view of the routes (gobgp neighbor adj-in -j) is saved next to each capture for checking.
#
# usage: capture-gobgp.sh evpn|ipv4 [OUTDIR]
set -euo pipefail
family="$1"
out="$(cd "${2:-$(dirname "$0")}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
case "$family" in
  evpn) port_a=10179; api_a=10191; api_b=10192; afi="l2vpn-evpn"; cli=evpn ;;
  ipv4) port_a=10181; api_a=10193; api_b=10194; afi="ipv4-unicast"; cli=ipv4 ;;
  *) echo "usage: $0 evpn|ipv4 [OUTDIR]" >&2; exit 2 ;;
esac
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/a.toml" <<CONF
[global.config]
  as = 65001
  router-id = "192.0.2.1"
  port = $port_a
  local-address-list = ["127.0.0.1"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.2"
    peer-as = 65002
  [neighbors.transport.config]
    passive-mode = true
    local-address = "127.0.0.1"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "$afi"
CONF
cat >"$work/b.toml" <<CONF
[global.config]
  as = 65002
  router-id = "192.0.2.2"
  port = -1
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.1"
    peer-as = 65001
  [neighbors.timers.config]
    connect-retry = 2
  [neighbors.transport.config]
    remote-port = $port_a
    local-address = "127.0.0.2"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "$afi"
CONF

tcpdump -i lo -U -s 0 -w "$work/session.pcap" "tcp port $port_a" 2>"$work/tcpdump.log" &
pids+=($!)
sleep 1
gobgpd -f "$work/a.toml" --api-hosts "127.0.0.1:$api_a" --pprof-disable >"$work/a.log" 2>&1 &
pids+=($!)
sleep 2
gobgpd -f "$work/b.toml" --api-hosts "127.0.0.1:$api_b" --pprof-disable >"$work/b.log" 2>&1 &
pids+=($!)
A="gobgp -u 127.0.0.1 -p $api_a"
B="gobgp -u 127.0.0.1 -p $api_b"
for i in $(seq 1 60); do
  state="$($B neighbor 127.0.0.1 2>/dev/null || true)"; state="${state,,}"
  if [[ "$state" == *"bgp state = established"* ]]; then break; fi
  sleep 1
done
[[ "$state" == *"bgp state = established"* ]] || { echo "session did not establish" >&2; cat "$work"/*.log >&2; exit 1; }

if [ "$family" = evpn ]; then
  # (the CLI parses "encap" greedily: router-mac/default-gateway go before it, nexthop after)
  $A global rib -a evpn add macadv aa:bb:cc:00:00:01 0.0.0.0 etag 0 label 100 rd 192.0.2.1:100 rt 65001:100 encap vxlan nexthop 192.0.2.1
  $A global rib -a evpn add macadv aa:bb:cc:00:00:02 198.51.100.2 etag 0 label 100 rd 192.0.2.1:100 rt 65001:100 encap vxlan nexthop 192.0.2.1
  $A global rib -a evpn add macadv aa:bb:cc:00:00:03 2001:db8::3 etag 0 label 100,5000 rd 192.0.2.1:100 rt 65001:100 65001:5000 router-mac 02:00:00:00:00:01 encap vxlan nexthop 192.0.2.1
  $A global rib -a evpn add macadv aa:bb:cc:00:00:04 198.51.100.4 esi 10 0a:0b:0c:0d:0e:0f etag 0 label 8388609 rd 65001:200 rt 65001:200 default-gateway encap vxlan nexthop 192.0.2.1
  $A global rib -a evpn add multicast 192.0.2.1 etag 0 rd 192.0.2.1:100 rt 65001:100 encap vxlan pmsi ingress-repl 100 192.0.2.1 nexthop 192.0.2.1
  $A global rib -a evpn add multicast 2001:db8::1 etag 0 rd 192.0.2.1:300 rt 65001:300 encap vxlan pmsi ingress-repl 300 2001:db8::1 nexthop 192.0.2.1
  $A global rib -a evpn add prefix 203.0.113.0/24 gw 0.0.0.0 etag 0 label 5000 rd 192.0.2.1:5000 rt 65001:5000 router-mac 02:00:00:00:00:01 encap vxlan nexthop 192.0.2.1
  $A global rib -a evpn add prefix 2001:db8:100::/48 gw :: etag 0 label 5000 rd 192.0.2.1:5000 rt 65001:5000 router-mac 02:00:00:00:00:01 encap vxlan nexthop 192.0.2.1
  $A global rib -a evpn add a-d esi LACP 11:22:33:44:55:66 100 etag 0 label 100 rd 192.0.2.1:100 rt 65001:100 encap vxlan nexthop 192.0.2.1
  $A global rib -a evpn add esi 192.0.2.1 esi LACP 11:22:33:44:55:66 100 rd 192.0.2.1:0 encap vxlan nexthop 192.0.2.1
else
  $A global rib -a ipv4 add 198.51.100.0/24 nexthop 192.0.2.1 med 100 community 65001:1
  $A global rib -a ipv4 add 203.0.113.0/25 nexthop 192.0.2.1 community 65001:2,no-export large-community 65001:1:2
  $A global rib -a ipv4 add 203.0.113.128/25 nexthop 192.0.2.1 origin egp aspath 64512,64513
  $A global rib -a ipv4 add 10.0.0.0/8 nexthop 192.0.2.1
  $A global rib -a ipv4 add 0.0.0.0/0 nexthop 192.0.2.1
fi
sleep 3
$B neighbor 127.0.0.1 adj-in -a "$cli" -j >"$out/gobgp-$family-adj-in.json"
$A global rib -a "$cli" -j >"$out/gobgp-$family-global-rib.json"
# a withdrawal, then an administrative shutdown with a communication (RFC 9003)
if [ "$family" = evpn ]; then
  $A global rib -a evpn del macadv aa:bb:cc:00:00:02 198.51.100.2 etag 0 label 100 rd 192.0.2.1:100
else
  $A global rib -a ipv4 del 10.0.0.0/8
fi
sleep 2
$A neighbor 127.0.0.2 disable --reason "capture done"
sleep 2
kill "${pids[0]}" 2>/dev/null || true
sleep 1
python3 "$here/extract-bgp.py" "$work/session.pcap" "$port_a" >"$out/gobgp-$family-updates.bin"
echo "wrote $out/gobgp-$family-updates.bin ($(stat -c %s "$out/gobgp-$family-updates.bin") bytes)"
