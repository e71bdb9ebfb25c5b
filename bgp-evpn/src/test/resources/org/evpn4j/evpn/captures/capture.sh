#!/usr/bin/env bash
# Produces gobgp-evpn-updates.pcap and gobgp-evpn-rib.json: two gobgpd on loopback (A 127.0.0.1:10200,
# B 127.0.0.2:10201, iBGP, l2vpn-evpn), routes of every type added on A with the gobgp CLI, plus
# routes the CLI cannot express sent to A by inject.py (eBGP); A's UPDATEs to B are captured on lo.
set -euo pipefail
# Afterwards: python3 extract.py gobgp-evpn-updates.pcap gobgp-VERSION-evpn-updates.bin
cd "$(dirname "$0")"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
tcpdump -i lo -U -w gobgp-evpn-updates.pcap 'tcp port 10201' >/dev/null 2>&1 & pids+=($!)
sleep 1
gobgpd -f a.toml --api-hosts 127.0.0.1:10210 -l warn > a.log 2>&1 & pids+=($!)
gobgpd -f b.toml --api-hosts 127.0.0.1:10211 -l warn > b.log 2>&1 & pids+=($!)
for i in $(seq 1 30); do
  gobgp -p 10210 neighbor 127.0.0.2 2>/dev/null | grep -q 'BGP state = established' && break
  sleep 1
done
G="gobgp -p 10210 global rib -a evpn add"
$G macadv 02:00:00:00:00:01 198.51.100.7 etag 0 label 10100 rd 192.0.2.1:100 rt 65000:100 encap vxlan router-mac 02:00:00:00:00:fe
$G macadv 02:00:00:00:00:02 0.0.0.0 etag 0 label 10100 rd 65000:100 rt 65000:100 encap vxlan
$G macadv 02:00:00:00:00:03 2001:db8::7 esi LACP 02:00:00:00:00:aa 100 etag 0 label 9000000,9000001 rd 65000:300 rt 65000:100 default-gateway encap vxlan
$G multicast 192.0.2.1 etag 0 rd 192.0.2.1:100 rt 65000:100 encap vxlan pmsi ingress-repl 10100 192.0.2.1
$G multicast 2001:db8::1 etag 100 rd 65000:200 rt 65000:200 encap vxlan
$G a-d esi ARBITRARY 01:02:03:04:05:06:07:08:09 etag 0 label 10100 rd 192.0.2.1:100 rt 65000:100 esi-label 300 encap vxlan
$G a-d esi ROUTERID 192.0.2.1 9 etag 4294967295 label 0 rd 192.0.2.1:1 rt 65000:100 encap vxlan
$G a-d esi MSTP 02:00:00:00:00:cc 32768 etag 5 label 1 rd 65000:7 rt 65000:100
$G esi 192.0.2.1 esi MAC 02:00:00:00:00:bb 7 rd 192.0.2.1:0 rt 65000:100 encap vxlan
$G prefix 203.0.113.0/24 gw 192.0.2.254 etag 0 label 20000 rd 192.0.2.1:1000 rt 65000:1000 encap vxlan router-mac 02:00:00:00:00:fe
$G prefix 2001:db8:1::/48 esi AS 65000 5 etag 0 label 20000 rd 192.0.2.1:1000 rt 65000:1000 encap vxlan
python3 inject.py 8 & inj=$!; pids+=($inj)
sleep 5
gobgp -p 10211 global rib -a evpn -j | python3 -m json.tool > gobgp-evpn-rib.json
gobgp -p 10211 global rib -a evpn > gobgp-evpn-rib.txt
wait $inj || true
sleep 1
