"""Drive wrk against each address and print the table of make bench (see scripts/bench.sh).

CPU milliseconds per request: user + system time of the gunicorn processes (the
application) and of PostgreSQL's (with their exited children's), each read from /proc before
and after each run, divided by the requests served. The floor (« plancher », a bare Django
view answering a page the size of the home page through the same middleware,
config.bench_urls) gives what the framework itself costs: each page's application CPU is also
printed as a multiple of it.

With BENCH_COOKIE (a logged-in participant's session cookie: bench.sh's last pass), every
request carries it; with BENCH_COMPARE (the file where the anonymous uncached pass left its
figures, BENCH_RESULTS), each page's CPU is also printed as a multiple of the anonymous one
(#20: a participant's page costs at most 1.5 times the same page for a visitor).
"""

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
ROOT = Path(__file__).resolve().parent


def tree(pid):
    """This process and all its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        children = Path(f"/proc/{current}/task/{current}/children")
        if children.exists():
            todo += [int(child) for child in children.read_text().split()]
    return found


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        # utime, stime, and cutime, cstime: the time of children that exited and were
        # reaped (PostgreSQL's autovacuum workers come and go during a run).
        total += sum(int(value) for value in fields[11:15])
    return total / TICKS


FLOOR = "plancher"
COOKIE = os.environ.get("BENCH_COOKIE", "")


def fetch(url):
    request = urllib.request.Request(url, headers={"Cookie": COOKIE} if COOKIE else {})
    return urllib.request.urlopen(request).read()


def run(base, path, seconds, gunicorn, postgres):
    # Warm caches and connections; the URL is the local server bench.sh started.
    fetch(base + path)
    before = cpu_seconds(tree(gunicorn)), cpu_seconds(tree(postgres))
    command = ["wrk", "-t2", "-c4", f"-d{seconds}s", "-s", str(ROOT / "wrk-report.lua")]
    if COOKIE:
        command += ["-H", f"Cookie: {COOKIE}"]
    # wrk from apt, fixed arguments, the local server's URL.
    output = subprocess.run(
        [*command, base + path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = cpu_seconds(tree(gunicorn)), cpu_seconds(tree(postgres))
    values = dict(re.findall(r"(\w+)=([\d.]+)", output.split("RESULT", 1)[1]))
    requests = int(values["requests"])
    return {
        "rps": requests / float(values["seconds"]),
        "p50": float(values["p50"]),
        "p95": float(values["p95"]),
        "p99": float(values["p99"]),
        "errors": int(values["errors"]),
        "cpu": (after[0] - before[0]) * 1000 / max(requests, 1),
        "db": (after[1] - before[1]) * 1000 / max(requests, 1),
    }


def main():
    base, gunicorn, postgres_pid_file, seconds = sys.argv[1:5]
    postgres = int(Path(postgres_pid_file).read_text().split()[0])
    targets = [line.split(" ", 1) for line in sys.stdin.read().splitlines() if line.strip()]
    home_size = len(fetch(base + targets[0][1]))
    targets = [
        (name, f"{path}?octets={home_size}" if name == FLOOR else path) for name, path in targets
    ]
    results = {name: run(base, path, seconds, int(gunicorn), postgres) for name, path in targets}
    static = results["fichier_statique"]
    floor = results[FLOOR]["cpu"]
    if os.environ.get("BENCH_RESULTS"):
        Path(os.environ["BENCH_RESULTS"]).write_text(json.dumps(results))
    compared = {}
    if os.environ.get("BENCH_COMPARE") and Path(os.environ["BENCH_COMPARE"]).is_file():
        compared = json.loads(Path(os.environ["BENCH_COMPARE"]).read_text())
    print(
        f"{'adresse':36} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'err.':>5} "
        f"{'CPU app ms':>10} {'CPU PG ms':>9} {'× plancher':>10} {'CPU / statique':>14}"
        + (f" {'× anonyme':>9}" if compared else "")
    )
    for name, r in results.items():
        line = (
            f"{name.replace('_', ' '):36} {r['rps']:7.0f} {r['p50']:7.1f} {r['p95']:7.1f} "
            f"{r['p99']:7.1f} {r['errors']:5d} {r['cpu']:10.2f} {r['db']:9.2f} "
            f"{r['cpu'] / floor:10.2f} {r['cpu'] / static['cpu']:14.2f}"
        )
        if name in compared:
            line += f" {r['cpu'] / compared[name]['cpu']:9.2f}"
        print(line)
    print(f"(plancher : vue Django nue de {home_size} octets, la taille de l’accueil)")


if __name__ == "__main__":
    main()
