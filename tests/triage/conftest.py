"""A triage model trained in a second on a small corpus of four labels."""

from pathlib import Path

import pytest

SMALL_CORPUS = Path(__file__).resolve().parent / "small_corpus.jsonl"


@pytest.fixture
def triage_model(db):
    from intake.triage.services import triage_model_train

    return triage_model_train(corpus=SMALL_CORPUS, heldout=None, note="test")
