#!/usr/bin/env bash
# Regenerates the kernel-made VXLAN captures kept under src/test/resources/org/evpn4j/vxlan/kernel/.
# Needs root, iproute2, tcpdump, ping. Two namespaces (vxc-a, vxc-b) joined by a veth pair, a Linux
# vxlan device in each, pinged across over IPv4 and IPv6; tcpdump records the underlay.
#
#   run 1  kernel-vni5000.pcap          VNI 5000, IPv4 underlay, Ethernet, microsecond pcap
#   run 2  kernel-vni11189196.pcap      VNI 0xaabbcc, IPv4 underlay, Ethernet, nanosecond pcap
#   run 3  kernel-vni16777215-ipv6-sll2.pcap / -sll.pcap
#                                       VNI 0xffffff, IPv6 underlay, tcpdump -i any (SLL2 / SLL)
#
# Fixed addresses (the tests expect exactly these):
#   underlay  vxc-va 02:00:00:00:0a:01 192.0.2.1 fd00:c0::1   vxc-vb 02:00:00:00:0b:02 192.0.2.2 fd00:c0::2
#   overlay   vx0 in a: 02:00:00:00:aa:01 10.0.0.1 fd00::1     vx0 in b: 02:00:00:00:bb:02 10.0.0.2 fd00::2
set -euo pipefail
out="${1:-$(cd "$(dirname "$0")/.." && pwd)/resources/org/evpn4j/vxlan/kernel}"
mkdir -p "$out"

cleanup() {
  ip netns del vxc-a 2>/dev/null || true
  ip netns del vxc-b 2>/dev/null || true
}
trap cleanup EXIT

setup() { # vni ipv6-underlay(0/1)
  local vni=$1 v6=$2
  cleanup
  ip netns add vxc-a
  ip netns add vxc-b
  for ns in vxc-a vxc-b; do
    ip netns exec $ns sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
      net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0
    ip -n $ns link set lo up
  done
  ip link add vxc-va address 02:00:00:00:0a:01 type veth peer name vxc-vb address 02:00:00:00:0b:02
  ip link set vxc-va netns vxc-a
  ip link set vxc-vb netns vxc-b
  ip -n vxc-a addr add 192.0.2.1/24 dev vxc-va
  ip -n vxc-b addr add 192.0.2.2/24 dev vxc-vb
  ip -n vxc-a addr add fd00:c0::1/64 dev vxc-va nodad
  ip -n vxc-b addr add fd00:c0::2/64 dev vxc-vb nodad
  ip -n vxc-a link set vxc-va up
  ip -n vxc-b link set vxc-vb up
  local la=192.0.2.1 lb=192.0.2.2
  if [ "$v6" = 1 ]; then la=fd00:c0::1; lb=fd00:c0::2; fi
  ip -n vxc-a link add vx0 address 02:00:00:00:aa:01 type vxlan id "$vni" local $la remote $lb dstport 4789
  ip -n vxc-b link add vx0 address 02:00:00:00:bb:02 type vxlan id "$vni" local $lb remote $la dstport 4789
  ip -n vxc-a addr add 10.0.0.1/24 dev vx0
  ip -n vxc-b addr add 10.0.0.2/24 dev vx0
  ip -n vxc-a addr add fd00::1/64 dev vx0 nodad
  ip -n vxc-b addr add fd00::2/64 dev vx0 nodad
  ip -n vxc-a link set vx0 up
  ip -n vxc-b link set vx0 up
  sleep 1
}

ping_across() {
  ip netns exec vxc-a ping -q -c 2 -i 0.2 -W 2 10.0.0.2 >/dev/null
  ip netns exec vxc-a ping -6 -q -c 2 -i 0.2 -W 2 fd00::2 >/dev/null
}

capture() { # file tcpdump-args...  (sets $pid)
  local file=$1; shift
  ip netns exec vxc-a tcpdump -q -U -s 262144 "$@" -w "$file" 'udp port 4789' >/dev/null 2>&1 &
  pid=$!
}

setup 5000 0
capture "$out/kernel-vni5000.pcap" -i vxc-va; p=$pid
sleep 1; ping_across; sleep 1; kill "$p"; wait "$p" || true

setup 11189196 0
capture "$out/kernel-vni11189196.pcap" -i vxc-va --time-stamp-precision=nano; p=$pid
sleep 1; ping_across; sleep 1; kill "$p"; wait "$p" || true

setup 16777215 1
capture "$out/kernel-vni16777215-ipv6-sll2.pcap" -i any -y LINUX_SLL2; p=$pid
capture "$out/kernel-vni16777215-ipv6-sll.pcap" -i any -y LINUX_SLL; q=$pid
sleep 1; ping_across; sleep 1; kill "$p" "$q"; wait "$p" "$q" || true
ls -l "$out"
