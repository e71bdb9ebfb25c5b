#!/usr/bin/env python3
"""Minimal eBGP speaker (AS 65001, 127.0.0.3) that sends gobgpd EVPN routes the gobgp CLI cannot
add: MAC/IP routes with MAC Mobility (sequence, sticky), ESI Label single-active, Layer 2
Attributes, DF Election and an EVPN sub-type gobgpd does not know."""
import socket, struct, sys, time

def msg(t, body):
    return b'\xff' * 16 + struct.pack('!HB', 19 + len(body), t) + body

def attr(flags, code, value):
    if len(value) > 255 or flags & 0x10:
        return struct.pack('!BBH', flags | 0x10, code, len(value)) + value
    return struct.pack('!BBB', flags, code, len(value)) + value

def rd_type1(ip, n):
    return struct.pack('!H', 1) + socket.inet_aton(ip) + struct.pack('!H', n)

def mac_ip(rd, esi, mac, ip, labels):
    ipb = socket.inet_pton(socket.AF_INET6 if ':' in ip else socket.AF_INET, ip) if ip else b''
    v = rd + esi + struct.pack('!I', 0) + bytes([48]) + bytes.fromhex(mac.replace(':', '')) \
        + bytes([len(ipb) * 8]) + ipb + b''.join(struct.pack('!I', l)[1:] for l in labels)
    return bytes([2, len(v)]) + v

def ad(rd, esi, tag, label):
    v = rd + esi + struct.pack('!I', tag) + struct.pack('!I', label)[1:]
    return bytes([1, len(v)]) + v

def es(rd, esi, ip):
    v = rd + esi + bytes([32]) + socket.inet_aton(ip)
    return bytes([4, len(v)]) + v

def update(nlri, ecs, nh='192.0.2.21'):
    mp = struct.pack('!HB', 25, 70) + bytes([4]) + socket.inet_aton(nh) + b'\x00' + nlri
    attrs = attr(0x80, 14, mp) + attr(0x40, 1, b'\x00') + attr(0x40, 2, b'\x02\x01' + struct.pack('!I', 65001)) \
        + attr(0xc0, 16, b''.join(ecs))
    return msg(2, struct.pack('!H', 0) + struct.pack('!H', len(attrs)) + attrs)

RT = bytes.fromhex('0002fde800000064')          # 65000:100
VXLAN = bytes.fromhex('030c000000000008')       # encapsulation VXLAN
ESI0 = bytes(10)
s = socket.create_connection(('127.0.0.1', 10200), source_address=('127.0.0.3', 0))
caps = bytes([1, 4, 0, 25, 0, 70]) + bytes([65, 4]) + struct.pack('!I', 65001)
opt = bytes([2, len(caps)]) + caps
s.sendall(msg(1, struct.pack('!BHH', 4, 65001, 90) + socket.inet_aton('127.0.0.3') + bytes([len(opt)]) + opt))
s.recv(4096)
s.sendall(msg(4, b''))
time.sleep(1)
rd = rd_type1('192.0.2.21', 100)
ups = [
    # MAC moved: MAC Mobility sequence 5, not sticky
    update(mac_ip(rd, ESI0, '02:00:00:00:01:01', '198.51.100.21', [10100]),
           [RT, VXLAN, bytes.fromhex('0600000000000005')]),
    # static MAC: MAC Mobility sticky, sequence 0; VNI above 0x800000
    update(mac_ip(rd, ESI0, '02:00:00:00:01:02', None, [0x800123]),
           [RT, VXLAN, bytes.fromhex('0600010000000000')]),
    # sequence near wrap-around, two labels, IPv6
    update(mac_ip(rd, ESI0, '02:00:00:00:01:03', '2001:db8::21', [10100, 0xffffff]),
           [RT, VXLAN, bytes.fromhex('06000000fffffffe')]),
    # A-D per ES with ESI Label single-active, Layer 2 Attributes (P, C; MTU 1500)
    update(ad(rd, bytes.fromhex('00010203040506070809'), 0xffffffff, 0),
           [RT, bytes.fromhex('060101000000012c')]),
    # ES route with DF Election (HRW, AC-DF) and an EVPN sub-type gobgpd does not know (0x08)
    update(es(rd_type1('192.0.2.21', 0), bytes.fromhex('03020000000202000007'), '192.0.2.21'),
           [bytes.fromhex('0602020000000202')]),
]
for u in ups:
    s.sendall(u)
deadline = time.time() + float(sys.argv[1] if len(sys.argv) > 1 else 5)
s.settimeout(1)
while time.time() < deadline:
    try:
        if not s.recv(4096):
            break
    except socket.timeout:
        pass
    s.sendall(msg(4, b''))
s.close()
