"""A sweep on a real Dask cluster (a scheduler and two worker processes) that loses a worker.

The cluster is started with the ``dask scheduler`` and ``dask worker``
commands of the environment, on 127.0.0.1 and free ports, as one would on
real machines; ``stances sweep --scheduler`` runs a sweep on it; one worker
is killed (SIGKILL) while the sweep runs. The scheduler gives the lost
worker's chunks to the other one, and the rows equal those of a serial run,
value for value. Every process is stopped in ``finally``; every wait has a
timeout.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from models import load_sweep_spec, open_sweep, sweep

pytest.importorskip("distributed")

BIN = Path(sys.executable).parent
SPEC = {
    "scenario": "ukraine-ceasefire-2025-05",
    "model": "threat",
    "n_draws": 2000,
    "chunk_size": 100,  # 60 chunks: enough to lose a worker mid-sweep
    "seed": 20251207,
    "include": ["parameters[*]"],
    "grid": {"product": {"parameters[discount_USA].value": [0.7, 0.8, 0.9]}},
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args, env, log):
    return subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_for_workers(address, n, timeout=40.0):
    from distributed import Client

    with Client(address, timeout="20s") as client:
        client.wait_for_workers(n, timeout=timeout)


def stop(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.mark.slow
def test_sweep_on_a_real_cluster_survives_a_killed_worker(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(SPEC))
    ref = sweep(load_sweep_spec(path), tmp_path / "serial", executor="serial",
                progress=False).to_frame()

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = os.environ | {"PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    log = open(tmp_path / "cluster.log", "w")  # closed in finally
    procs = []
    try:
        procs.append(start([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port",
                            str(port), "--no-dashboard"], env, log))
        for i in range(2):
            procs.append(start([str(BIN / "dask"), "worker", address, "--name", f"w{i}",
                                "--nthreads", "1", "--no-nanny", "--no-dashboard",
                                "--memory-limit", "0", "--host", "127.0.0.1",
                                "--death-timeout", "60"], env, log))
        wait_for_workers(address, 2)
        out = tmp_path / "cluster"
        stances = [str(BIN / "stances")] if (BIN / "stances").exists() else [
            sys.executable, "-m", "models.analysis.cli"]
        run = start([*stances, "sweep", str(path), "--scheduler", address, "--out", str(out),
                     "--quiet"], env, log)
        procs.append(run)
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline and run.poll() is None:
            if len(list((out / "data").glob("part-*.parquet"))) >= 3:
                break
            time.sleep(0.05)
        assert run.poll() is None, "the sweep ended before a worker could be killed"
        os.killpg(procs[1].pid, signal.SIGKILL)  # lose worker w0 mid-sweep
        procs[1].wait(timeout=10)
        assert run.wait(timeout=50) == 0, (tmp_path / "cluster.log").read_text()[-3000:]
        manifest = (out / "manifest.json").read_text()
        assert '"status": "pending"' not in manifest
    finally:
        for proc in reversed(procs):
            stop(proc)
        log.close()
    done = len(list((out / "data").glob("part-*.parquet")))
    assert done == -(-len(ref) // SPEC["chunk_size"])
    pd.testing.assert_frame_equal(open_sweep(out).to_frame(), ref, check_exact=True)
