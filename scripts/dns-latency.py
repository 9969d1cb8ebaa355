#!/usr/bin/env python3
"""Median DNS answer time of N A queries over UDP (standard library only).

Run it inside a container's network namespace to time its embedded DNS server:
  nsenter --net=/proc/$(docker inspect -f '{{.State.Pid}}' c1)/ns/net python3 dns-latency.py 127.0.0.11 c2 100
Prints: median_ms p90_ms answered/N
"""
import random
import socket
import statistics
import struct
import sys
import time


def query(name):
    qid = random.randrange(65536)
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.strip(".").split("."))
    return qid, struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + labels + b"\x00" + struct.pack(">HH", 1, 1)


def main():
    server, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 100
    times = []
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    for _ in range(count):
        qid, q = query(name)
        start = time.perf_counter()
        s.sendto(q, (server, 53))
        try:
            while True:
                data, _ = s.recvfrom(4096)
                if struct.unpack(">H", data[:2])[0] == qid:
                    break
        except socket.timeout:
            continue
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    if not times:
        print("nan nan 0/%d" % count)
        return
    print("%.3f %.3f %d/%d" % (statistics.median(times), times[int(len(times) * 0.9) - 1 if len(times) > 1 else 0],
                               len(times), count))


main()
