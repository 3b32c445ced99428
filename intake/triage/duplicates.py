"""The same matter reported twice: numbers and names a text mentions, and near-identical text.

Pure Python, no Django. Marks are exact keys (a phone number, a bank account, a unified
social credit code, a subject's name in a town); text likeness is the cosine of character
2-3-gram TF-IDF vectors, hashed so that a name never seen in training weighs the most.
"""

import re
from collections.abc import Iterable

PHONE = "phone"
ACCOUNT = "account"
CREDIT_CODE = "credit_code"
SUBJECT = "subject"
# The strongest reason first, when two reports share several marks.
STRENGTH = (CREDIT_CODE, PHONE, ACCOUNT, SUBJECT)

# Cosine at or above which two texts are taken for the same matter: lower when the classifier
# puts both in the same area. Chosen on the corpus's hand-written part (`handwritten.jsonl`,
# whose duplicate pairs score 0.09-0.46 and whose other same-area pairs at most 0.03), never
# on the held-out set.
SIMILAR = 0.3
SIMILAR_SAME_AREA = 0.12

_CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
_DIGIT_RUN = re.compile(r"\d(?:[\d\s\-]{0,30}\d)?")
_MOBILE = re.compile(r"^(?:86)?(1[3-9]\d{9})$")
_LANDLINE = re.compile(r"^(0\d{2,3})(\d{7,8})$")
_ORGANISATION = re.compile(
    r"([\u4e00-\u9fa5A-Za-z0-9（）()]{2,20}?(?:有限责任公司|有限公司|公司|合作社|诊所|医院|药店|药房|大药房|旅行社|工作室|协会|促进会|商会|基金会|联合会|研究院))"
)
_LEADING = re.compile(r"^(?:举报|反映|投诉|我在|我们在|在|被|是|的|和|跟|与|向|给|到|去|关于|对|由|某)+")


def _digits(text: str) -> list[str]:
    return [re.sub(r"[\s\-]", "", run) for run in _DIGIT_RUN.findall(text)]


def phones_in(text: str) -> set[str]:
    found = set()
    for run in _digits(text):
        if match := _MOBILE.match(run):
            found.add(match.group(1))
        elif _LANDLINE.match(run) and len(run) in (11, 12):
            found.add(run)
    return found


def accounts_in(text: str) -> set[str]:
    return {run for run in _digits(text) if 16 <= len(run) <= 19}


def credit_codes_in(text: str) -> set[str]:
    return set(_CREDIT_CODE.findall(text.upper()))


def organisations_in(text: str) -> set[str]:
    names = set()
    for name in _ORGANISATION.findall(text):
        name = _LEADING.sub("", name)
        if len(name) >= 6 and "某" not in name:
            names.add(name)
    return names


def marks(
    text: str,
    *,
    contacts: Iterable[str] = (),
    credit_code: str = "",
    subject_name: str = "",
    town: str = "",
    exclude: Iterable[str] = (),
) -> set[tuple[str, str]]:
    """The (kind, value) keys of a report: from its text and its subject fields. Values in
    `exclude` (the reporter's own phone) are never keys."""
    found: set[tuple[str, str]] = set()
    everything = " ".join([text, *contacts])
    for code in credit_codes_in(" ".join([everything, credit_code])):
        found.add((CREDIT_CODE, code))
    for number in phones_in(everything):
        found.add((PHONE, number))
    for number in accounts_in(everything):
        found.add((ACCOUNT, number))
    names = organisations_in(text)
    town = town_of(town)
    name = subject_name.strip()
    # A named subject counts with its town; an anonymised one (某) never does.
    if name and "某" not in name and (town or len(name) >= 6):
        names.add(name)
    for name in names:
        found.add((SUBJECT, f"{town}|{_plain(name)}"))
    excluded = {re.sub(r"\D", "", value) for value in exclude if value}
    return {(kind, value) for kind, value in found if value not in excluded}


def _plain(name: str) -> str:
    return re.sub(r"[\s（）()·]", "", name)


def town_of(location: str) -> str:
    """The town (镇) or street named in a location, or "" when none is."""
    match = re.search(r"([\u4e00-\u9fa5]{1,4}?镇)", location or "")
    return match.group(1) if match else ""


class TextLikeness:
    """Cosine of hashed character 2-3-gram TF-IDF; IDF learnt from a corpus."""

    def __init__(self):
        self.pipeline = None

    def _pipeline(self):
        from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
        from sklearn.pipeline import Pipeline

        return Pipeline(
            [
                (
                    "hash",
                    HashingVectorizer(
                        analyzer="char", ngram_range=(2, 3), n_features=2**20, alternate_sign=False, norm=None
                    ),
                ),
                ("idf", TfidfTransformer(sublinear_tf=True)),
            ]
        )

    def fit(self, texts: list[str]) -> "TextLikeness":
        self.pipeline = self._pipeline()
        self.pipeline.fit([_clean(text) for text in texts])
        return self

    def vectors(self, texts: list[str]):
        return self.pipeline.transform([_clean(text) for text in texts])

    def hashed(self, texts: list[str]):
        """Hashed n-gram counts (the model-independent half of `vectors`)."""
        return self.pipeline.named_steps["hash"].transform([_clean(text) for text in texts])

    def similarities_hashed(self, own, others: list) -> list[float]:
        """Cosine of `own` (one hashed row) with each of `others` (hashed rows, CSR)."""
        import numpy as np
        from scipy.sparse import csr_matrix

        lengths = [row.indices.size for row in others]
        stacked = csr_matrix(
            (
                np.concatenate([row.data for row in others]),
                np.concatenate([row.indices for row in others]),
                np.concatenate([[0], np.cumsum(lengths)]),
            ),
            shape=(len(others), own.shape[1]),
        )
        weigh = self.pipeline.named_steps["idf"].transform
        mine, theirs = weigh(own), weigh(stacked)
        return [float(value) for value in (theirs @ mine.T).toarray().ravel()]

    def similarities(self, text: str, others: list[str]) -> list[float]:
        if not others:
            return []
        vectors = self.vectors([text, *others])
        return [float(value) for value in (vectors[1:] @ vectors[0].T).toarray().ravel()]


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"\d+", "0", text or ""))


def threshold(same_area: bool) -> float:
    return SIMILAR_SAME_AREA if same_area else SIMILAR


def pairs(
    texts: list[str], likeness: TextLikeness, areas: list[str] | None = None
) -> dict[tuple[int, int], str]:
    """Pairs (earlier, later) of texts taken for the same matter, with the reason; `areas` are
    the texts' suggested areas (or out of scope)."""
    found: dict[tuple[int, int], str] = {}
    keys = [marks(text) for text in texts]
    matrix = likeness.vectors(texts)
    cosine = (matrix @ matrix.T).toarray()
    for later in range(len(texts)):
        for earlier in range(later):
            shared = keys[later] & keys[earlier]
            if shared:
                found[(earlier, later)] = min((kind for kind, _ in shared), key=STRENGTH.index)
            elif cosine[later, earlier] >= threshold(bool(areas) and areas[later] == areas[earlier]):
                found[(earlier, later)] = "text"
    return found
