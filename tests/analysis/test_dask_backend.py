"""The Dask backend gives the same results as the local one for the same seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.analysis.simulate import BatchOptions, run_simulation

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

GREENLAND = Path(__file__).resolve().parents[2] / "scenarios" / "greenland.yaml"


def test_dask_local_cluster_matches_the_local_backend(tmp_path: Path) -> None:
    local = tmp_path / "local.jsonl"
    remote = tmp_path / "dask.jsonl"
    run_simulation(BatchOptions(GREENLAND, runs=40, seed=6, out=local))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True
    ) as cluster:
        run_simulation(
            BatchOptions(
                GREENLAND,
                runs=40,
                seed=6,
                out=remote,
                backend="dask",
                scheduler=cluster.scheduler_address,
                chunk=6,
            )
        )
    assert remote.read_bytes() == local.read_bytes()


def test_dask_without_a_scheduler_starts_a_local_cluster(tmp_path: Path) -> None:
    local = tmp_path / "local.jsonl"
    remote = tmp_path / "dask.jsonl"
    run_simulation(BatchOptions(GREENLAND, runs=30, seed=2, out=local, interventions=0))
    summary_only = run_simulation(
        BatchOptions(GREENLAND, runs=30, seed=2, backend="dask", jobs=2, interventions=0)
    )
    run_simulation(
        BatchOptions(GREENLAND, runs=30, seed=2, out=remote, backend="dask", interventions=0)
    )
    assert remote.read_bytes() == local.read_bytes()
    assert summary_only.summary == run_simulation(
        BatchOptions(GREENLAND, runs=30, seed=2, interventions=0)
    ).summary



def _profiling() -> bool:
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled"))


def test_the_cluster_the_command_starts_keeps_its_housekeeping_quiet() -> None:
    from wargame.analysis.batch import local_cluster

    with local_cluster(2) as cluster, distributed.Client(cluster) as client:
        assert list(client.run(_profiling).values()) == [False, False]
    assert _profiling()  # only that cluster's settings change
