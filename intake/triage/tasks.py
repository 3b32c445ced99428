from celery import shared_task


@shared_task(bind=True, max_retries=3, acks_late=True)
def triage_retrain(self) -> int:
    """Periodic: train a new model on the corpus and the areas triage officers confirmed."""
    from intake.triage.services import triage_model_train

    return triage_model_train(note="periodic retraining").version
