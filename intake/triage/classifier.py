"""The area classifier: character 1-3-gram TF-IDF and a logistic regression (trained by
stochastic gradient descent) over the eighteen areas and `out_of_scope`.

Pure Python over scikit-learn, no Django: trained from labelled texts, pickled into the
database by the services. Nothing is downloaded. Word features from jieba were tried on the
corpus's hand-written part and did not help, so characters alone carry the model.
"""

import re
from dataclasses import dataclass

OUT_OF_SCOPE = "out_of_scope"
TOP = 3
# The flag is raised when out_of_scope is at least this likely (policy of the classifier,
# chosen on the training corpus's own hand-written part, never on the held-out set).
OUT_OF_SCOPE_FLAG = 0.4

_DIGITS = re.compile(r"\d[\d\s\-]*\d|\d")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, every run of digits one `0`: numbers and amounts say nothing of the area."""
    return _SPACE.sub(" ", _DIGITS.sub("0", (text or "").lower())).strip()


@dataclass(frozen=True)
class Prediction:
    """The three best areas (code, probability), best first, and how likely it is out of scope."""

    suggestions: list[tuple[str, float]]
    out_of_scope: float

    @property
    def flagged(self) -> bool:
        return self.out_of_scope >= OUT_OF_SCOPE_FLAG

    @property
    def top(self) -> str | None:
        return self.suggestions[0][0] if self.suggestions else None

    def as_dict(self) -> dict:
        return {
            "suggestions": [{"area": code, "score": round(score, 4)} for code, score in self.suggestions],
            "out_of_scope": round(self.out_of_scope, 4),
        }


class AreaClassifier:
    """Fit on (text, label) pairs; predict the top areas and the out-of-scope probability."""

    def __init__(self, *, alpha: float = 1e-5, seed: int = 0):
        self.alpha = alpha
        self.seed = seed
        self.pipeline = None

    def _pipeline(self):
        # scikit-learn takes about a second to load and only training needs it
        from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415
        from sklearn.linear_model import SGDClassifier  # noqa: PLC0415
        from sklearn.pipeline import Pipeline  # noqa: PLC0415

        return Pipeline(
            [
                (
                    "chars",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=2),
                ),
                (
                    "model",
                    SGDClassifier(
                        loss="log_loss",
                        alpha=self.alpha,
                        max_iter=50,
                        tol=1e-4,
                        class_weight="balanced",
                        random_state=self.seed,
                    ),
                ),
            ]
        )

    def fit(
        self, texts: list[str], labels: list[str], sample_weight: list[float] | None = None
    ) -> "AreaClassifier":
        if len(set(labels)) < 2:
            raise ValueError("training needs at least two labels")
        self.pipeline = self._pipeline()
        self.pipeline.fit([normalise(text) for text in texts], labels, model__sample_weight=sample_weight)
        return self

    @property
    def labels(self) -> list[str]:
        return list(self.pipeline.classes_)

    def predict(self, text: str) -> Prediction:
        return self.predict_many([text])[0]

    def predict_many(self, texts: list[str]) -> list[Prediction]:
        matrix = self.pipeline.predict_proba([normalise(text) for text in texts])
        labels = self.labels
        predictions = []
        for row in matrix:
            scored = sorted(zip(labels, row, strict=True), key=lambda pair: -pair[1])
            out_of_scope = next((float(p) for label, p in scored if label == OUT_OF_SCOPE), 0.0)
            areas = [(str(label), float(p)) for label, p in scored if label != OUT_OF_SCOPE][:TOP]
            predictions.append(Prediction(suggestions=areas, out_of_scope=out_of_scope))
        return predictions
