"""Load from 64 concurrent clients over a mix of addresses (see scripts/load.sh).

Each client is a thread with its own keep-alive connection; a participant's address carries
the participant's session cookie. Prints requests, connection errors, 5xx and latencies, and
with --timeline a line per second (used while the database is stopped and started again).
"""

import argparse
import http.client
import random
import threading
import time
from collections import Counter, defaultdict


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def client_loop(port, mix, cookie, stop_at, results, seed):
    rng = random.Random(seed)
    paths = [path for path, _weight, _who in mix]
    weights = [weight for _path, weight, _who in mix]
    who = {path: kind for path, _weight, kind in mix}
    connection = None
    while time.monotonic() < stop_at:
        path = rng.choices(paths, weights)[0]
        headers = {"Cookie": f"sessionid={cookie}"} if who[path] == "participant" else {}
        started = time.monotonic()
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException):
            status = "erreur"
            if connection is not None:
                connection.close()
            connection = None
        results.append((started, time.monotonic() - started, status))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("mix")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--timeline", action="store_true")
    args = parser.parse_args()
    mix, cookie = [], ""
    for line in open(args.mix, encoding="utf-8"):  # noqa: SIM115
        kind, weight, value = line.split()
        if kind == "cookie":
            cookie = value
        else:
            mix.append((value, int(weight), kind))
    results = []
    start = time.monotonic()
    stop_at = start + args.seconds
    threads = [
        threading.Thread(
            target=client_loop, args=(args.port, mix, cookie, stop_at, results, n), daemon=True
        )
        for n in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = Counter(status for _start, _latency, status in results)
    latencies = [latency * 1000 for _start, latency, _status in results]
    server_errors = sum(
        n for status, n in statuses.items() if isinstance(status, int) and status >= 500
    )
    print(
        f"requêtes {len(results)}  erreurs de connexion {statuses.get('erreur', 0)}  "
        f"5xx {server_errors}  p50 {percentile(latencies, 0.5):.0f} ms  "
        f"p99 {percentile(latencies, 0.99):.0f} ms  "
        f"réponses {dict(sorted((str(k), v) for k, v in statuses.items()))}"
    )
    if args.timeline:
        per_second = defaultdict(Counter)
        slowest = defaultdict(float)
        for started, latency, status in results:
            second = int(started - start)
            per_second[second][str(status)] += 1
            slowest[second] = max(slowest[second], latency)
        for second in sorted(per_second):
            print(
                f"  t={second:3d} s  {dict(sorted(per_second[second].items()))}  "
                f"plus lente {slowest[second] * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
