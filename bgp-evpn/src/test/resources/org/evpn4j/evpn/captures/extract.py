#!/usr/bin/env python3
"""Extracts the BGP UPDATE messages that 127.0.0.1 sent to 127.0.0.2:10201 from a pcap (Ethernet
or Linux cooked link type), reassembling the TCP stream, and writes them back to back."""
import struct, sys

def packets(path):
    with open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('<I', data[:4])[0]
    e = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    linktype = struct.unpack(e + 'I', data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(e + 'IIII', data[off:off + 16])
        yield linktype, data[off + 16:off + 16 + incl]
        off += 16 + incl

segments = {}
for linktype, p in packets(sys.argv[1]):
    if linktype == 1:
        if struct.unpack('!H', p[12:14])[0] != 0x0800:
            continue
        ip = p[14:]
    elif linktype == 113:
        ip = p[16:]
    else:
        sys.exit('unsupported link type %d' % linktype)
    ihl = (ip[0] & 0xf) * 4
    src, dst = ip[12:16], ip[16:20]
    tcp = ip[ihl:struct.unpack('!H', ip[2:4])[0]]
    sport, dport, seq = struct.unpack('!HHI', tcp[:8])
    payload = tcp[(tcp[12] >> 4) * 4:]
    if src == bytes([127, 0, 0, 1]) and dst == bytes([127, 0, 0, 2]) and dport == 10201 and payload:
        segments[seq] = payload
stream = b''
expected = None
for seq in sorted(segments):
    if expected is not None and seq < expected:
        continue
    stream += segments[seq]
    expected = seq + len(segments[seq])
out = b''
i = 0
n = 0
while i + 19 <= len(stream):
    length, mtype = struct.unpack('!HB', stream[i + 16:i + 19])
    if mtype == 2:
        out += stream[i:i + length]
        n += 1
    i += length
open(sys.argv[2], 'wb').write(out)
print(n, 'updates,', len(out), 'octets')
