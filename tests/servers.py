"""Local servers started by tests (moto's S3, redis-server): a free port, then wait for it."""

import socket
import subprocess
import time


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command, port):
    """Start a server on 127.0.0.1:port and return its process once it accepts connections."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"Le serveur de test ne répond pas : {command[0]}")


def stop(process):
    process.kill()
    process.wait()
