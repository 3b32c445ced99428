from celery import shared_task


@shared_task(acks_late=True)
def triage_retrain() -> int | None:
    """Periodic: train a new model on the corpus and the areas triage officers confirmed, when
    they confirmed any since the active model was trained (or when there is no model)."""
    from intake.triage.services import triage_model_retrain_due, triage_model_train

    if not triage_model_retrain_due():
        return None
    return triage_model_train(note="periodic retraining").version
