from celery import shared_task


@shared_task(name="operations.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    """Scheduled by beat: its last run tells readiness that beat is alive."""
    from project.health import beat_heartbeat as record

    record()
