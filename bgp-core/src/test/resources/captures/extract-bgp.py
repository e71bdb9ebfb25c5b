#!/usr/bin/env python3
"""Prints to stdout the TCP payload sent from PORT in a pcap (IPv4 over Ethernet/SLL/loopback),
reassembled by sequence number: for a BGP session, the messages one speaker sent, back to back.
usage: extract-bgp.py FILE.pcap PORT > out.bin"""
import struct
import sys

def packets(path):
    with open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('<I', data[:4])[0]
    endian = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    linktype = struct.unpack(endian + 'I', data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + 'IIII', data[off:off + 16])
        off += 16
        yield linktype, data[off:off + incl]
        off += incl

def main():
    path, port = sys.argv[1], int(sys.argv[2])
    segments = {}
    for linktype, frame in packets(path):
        if linktype == 1:
            ethertype, ip = struct.unpack('>H', frame[12:14])[0], frame[14:]
        elif linktype == 113:
            ethertype, ip = struct.unpack('>H', frame[14:16])[0], frame[16:]
        elif linktype == 0:
            ethertype, ip = 0x0800, frame[4:]
        else:
            raise SystemExit('unsupported link type %d' % linktype)
        if ethertype != 0x0800 or ip[9] != 6:
            continue
        ihl = (ip[0] & 0x0f) * 4
        total = struct.unpack('>H', ip[2:4])[0]
        tcp = ip[ihl:total]
        sport = struct.unpack('>H', tcp[0:2])[0]
        if sport != port:
            continue
        seq = struct.unpack('>I', tcp[4:8])[0]
        doff = (tcp[12] >> 4) * 4
        payload = tcp[doff:]
        if payload:
            segments.setdefault(seq, payload)
    if not segments:
        return
    seqs = sorted(segments)
    stream = bytearray()
    expected = seqs[0]
    for s in seqs:
        p = segments[s]
        if s + len(p) <= expected:
            continue
        stream += p[max(0, expected - s):]
        expected = s + len(p)
    sys.stdout.buffer.write(bytes(stream))

main()
