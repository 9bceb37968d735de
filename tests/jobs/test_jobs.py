from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs import enqueue_on_commit, schedule
from jobs.models import JobLock, JobRun
from jobs.runtime import WORKER
from jobs.stalled import requeue_stalled
from jobs.testing import run_queued
from tests.jobs import sample_jobs

pytestmark = pytest.mark.django_db


def test_a_job_runs_from_the_database_queue_and_is_recorded():
    sample_jobs.greet.enqueue("reviewers")
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    [run] = run_queued()

    assert sample_jobs.calls() == ["greet reviewers"]
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.task.endswith("sample_jobs.greet")
    assert run.arguments == {"args": ["reviewers"], "kwargs": {}}
    assert run.result == "hello reviewers"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failing_job_is_retried_with_growing_waits_then_recorded_as_failed():
    sample_jobs.flaky.enqueue(5)
    first = run_queued()
    assert [r.status for r in first] == [JobRun.Status.RETRYING]
    assert "the far end hung up" in first[0].error
    # The retry waits (10 s, then 20 s), so nothing more runs now.
    assert run_queued() == []
    assert first[0].retry_at and first[0].finished_at
    wait = first[0].retry_at - first[0].finished_at
    assert timedelta(seconds=10) <= wait <= timedelta(seconds=13)

    later = run_queued(until=timezone.now() + timedelta(minutes=5))

    assert [(r.attempt, r.status) for r in later] == [
        (2, JobRun.Status.RETRYING),
        (3, JobRun.Status.FAILED),
    ]
    assert later[0].retry_at and later[0].finished_at
    assert later[0].retry_at - later[0].finished_at >= timedelta(seconds=20)
    assert later[1].retry_at is None


def test_a_job_that_recovers_on_retry_succeeds():
    sample_jobs.flaky.enqueue(1)
    run_queued()
    [retry] = run_queued(until=timezone.now() + timedelta(minutes=1))
    assert (retry.attempt, retry.status) == (2, JobRun.Status.SUCCEEDED)


def test_a_job_past_its_time_limit_is_stopped_and_recorded():
    sample_jobs.slow.enqueue()
    [run] = run_queued()
    assert run.status == JobRun.Status.FAILED
    assert "time limit of 0.2 s" in run.error
    assert run.duration is not None and run.duration < 1.5


def test_enqueue_on_commit_leaves_no_job_when_the_change_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(sample_jobs.greet, "nobody")
        raise RuntimeError("the edit failed")
    assert not DBTaskResult.objects.exists()

    with transaction.atomic():
        enqueue_on_commit(sample_jobs.greet, "somebody")
    assert DBTaskResult.objects.count() == 1


def test_two_workers_ticking_at_once_enqueue_a_periodic_job_once():
    now = timezone.now()
    assert "tests.sweep" in schedule.tick(now)
    assert "tests.sweep" not in schedule.tick(now)  # the second worker
    assert "tests.sweep" not in schedule.tick(now + timedelta(minutes=4))
    assert "tests.sweep" in schedule.tick(now + timedelta(minutes=5))
    sweeps = [r for r in DBTaskResult.objects.all() if r.task_path.endswith(".sweep")]
    assert len(sweeps) == 2


def test_a_shortened_period_takes_effect_without_waiting_for_the_old_one():
    from jobs.models import Schedule

    now = timezone.now()
    schedule.tick(now)
    Schedule.objects.filter(name="tests.sweep").update(
        next_run_at=now + timedelta(hours=6)
    )
    schedule.tick(now)  # the period in code (5 minutes) is shorter
    assert Schedule.objects.get(name="tests.sweep").next_run_at == now + timedelta(
        minutes=5
    )
    assert "tests.sweep" in schedule.tick(now + timedelta(minutes=5))


def test_an_exclusive_job_is_skipped_while_another_worker_holds_it():
    only_one = sample_jobs.only_one
    key = f"{only_one.module_path}:[[], {{}}]"
    JobLock.objects.create(
        key=key, holder="elsewhere", expires_at=timezone.now() + timedelta(minutes=1)
    )
    only_one.call()
    assert JobRun.objects.get().status == JobRun.Status.SKIPPED

    # An expired lock (its worker died) is taken over.
    JobLock.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    only_one.call()
    assert JobRun.objects.order_by("pk").last().status == JobRun.Status.SUCCEEDED
    assert not JobLock.objects.exists()


def test_a_job_whose_worker_died_goes_back_on_the_queue():
    sample_jobs.greet.enqueue("again")
    result = DBTaskResult.objects.get()
    result.claim("dead-worker")
    long_ago = timezone.now() - timedelta(hours=1)
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=long_ago)
    JobRun.objects.create(
        task=result.task_path, started_at=long_ago, worker="dead-worker"
    )

    assert requeue_stalled() == 1
    assert requeue_stalled() == 0

    assert JobRun.objects.get().status == JobRun.Status.FAILED
    runs = run_queued()
    assert [r.status for r in runs] == [JobRun.Status.SUCCEEDED]
    assert sample_jobs.calls() == ["greet again"]


# The worker closes stale connections between jobs as a long-running
# process must: outside a test transaction, like a real worker.
@pytest.mark.django_db(transaction=True)
def test_run_worker_in_batch_mode_runs_what_is_ready_and_the_due_schedule(capsys):
    sample_jobs.greet.enqueue("batch")
    call_command("run_worker", "--batch")
    assert "greet batch" in sample_jobs.calls()
    assert "sweep" in sample_jobs.calls()
    assert WORKER.split(":")[0] in JobRun.objects.first().worker


def test_staff_read_job_runs_and_nobody_edits_them(client, django_user_model):
    from django.contrib.auth.models import Group

    call_command("setup_roles")
    sample_jobs.greet.enqueue("desk")
    [run] = run_queued()
    editor = django_user_model.objects.create_user("ed", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    page = client.get(f"/admin/jobs/jobrun/{run.pk}/change/")
    assert page.status_code == 200
    assert b"hello desk" in page.content
    assert client.post(f"/admin/jobs/jobrun/{run.pk}/delete/").status_code == 403

    outsider = django_user_model.objects.create_user("out", is_staff=True)
    client.force_login(outsider)
    assert client.get("/admin/jobs/jobrun/").status_code == 403
