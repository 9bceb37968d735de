"""Settings of a fleet (issue 16, points 1 and 2): shared state in Redis with
REDIS_URL, a replica alias and router with DATABASE_REPLICA_URL; without them
the embedded defaults (memory cache, database sessions, one database)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRINT = """
import json
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "location": settings.CACHES["default"].get("LOCATION"),
    "sessions": settings.SESSION_ENGINE,
    "databases": sorted(settings.DATABASES),
    "routers": settings.DATABASE_ROUTERS,
    "replica_port": settings.DATABASES.get("replica", {}).get("PORT"),
}))
"""


def settings_with(**env: str) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "DATABASE_REPLICA_URL", "JOB_QUEUE")
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_one_process_keeps_the_embedded_defaults():
    found = settings_with()
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["sessions"] == "django.contrib.sessions.backends.db"
    assert found["databases"] == ["default"]
    assert found["routers"] == []


def test_a_fleet_shares_its_state_in_redis_and_reads_from_the_replica():
    found = settings_with(
        REDIS_URL="redis://10.0.0.5:6379/2",
        DATABASE_URL="postgres://newsroom@10.0.0.6:5432/newsroom",
        DATABASE_REPLICA_URL="postgres://newsroom@10.0.0.7:5432/newsroom",
    )
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["location"] == "redis://10.0.0.5:6379/2"
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert found["databases"] == ["default", "replica"]
    assert found["replica_port"] == 5432
    assert found["routers"] == ["newsroom.db_router.ReplicaRouter"]
