"""The same matter reported twice: numbers and names a text mentions, and reworded text.

Pure Python, no Django. Marks are exact keys (a phone number, a bank account, a unified social
credit code, a subject's name in a town). Text is compared by `likeness.TextLikeness` (particular
words in common, amounts read in either script), and only between reports that may concern the
same area and do not name different towns.
"""

import re
from collections.abc import Iterable, Sequence

from intake.triage.classifier import OUT_OF_SCOPE
from intake.triage.likeness import Profile, TextLikeness, normalise

__all__ = ["TextLikeness", "marks", "pairs", "same_matter"]

PHONE = "phone"
ACCOUNT = "account"
CREDIT_CODE = "credit_code"
SUBJECT = "subject"
TEXT = "text"
# The strongest reason first, when two reports share several marks.
STRENGTH = (CREDIT_CODE, PHONE, ACCOUNT, SUBJECT)

# Likeness at or above which two texts are taken for the same matter: when their areas agree
# (the likeliest area of one is among the other's likeliest two) and both name the same town;
# when their areas agree; otherwise. Two texts naming different towns are never the same matter
# by text. Chosen on the corpus's development files (`handwritten.jsonl`, `development.jsonl`),
# never on the held-out set: there, pairs of one matter naming one town score 0.24 and more,
# other pairs naming one town 0.04 at most; other pairs whose areas agree score up to 0.29 (one
# at 0.40), the matters' pairs from 0.32 up (one at 0.09).
SIMILAR_SAME_PLACE = 0.15
SIMILAR_SAME_AREA = 0.3
SIMILAR = 0.5
AREAS_COMPARED = 2

_CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
_DIGIT_RUN = re.compile(r"\d(?:[\d\s\-]{0,36}\d)?")
_MOBILE = re.compile(r"^(?:86)?(1[3-9]\d{9})$")
_LANDLINE = re.compile(r"^(0\d{2,3})(\d{7,8})$")
# Card numbers have 16 to 19 digits, company accounts up to 25.
_ACCOUNT_DIGITS = range(16, 26)
_ORGANISATION = re.compile(
    r"([\u4e00-\u9fa5A-Za-z0-9（）()]{2,20}?(?:有限责任公司|有限公司|公司|合作社|诊所|医院|药店|药房|大药房|旅行社|工作室|协会|促进会|商会|基金会|联合会|研究院))"
)
_LEADING = re.compile(r"^(?:举报|反映|投诉|我在|我们在|在|被|是|的|和|跟|与|向|给|到|去|关于|对|由|某)+")


def _digits(text: str) -> list[str]:
    return [re.sub(r"[\s\-]", "", run) for run in _DIGIT_RUN.findall(normalise(text))]


def phones_in(text: str) -> set[str]:
    found = set()
    for run in _digits(text):
        if match := _MOBILE.match(run):
            found.add(match.group(1))
        elif _LANDLINE.match(run) and len(run) in (11, 12):
            found.add(run)
    return found


def accounts_in(text: str) -> set[str]:
    return {run for run in _digits(text) if len(run) in _ACCOUNT_DIGITS}


def credit_codes_in(text: str) -> set[str]:
    return set(_CREDIT_CODE.findall(normalise(text).upper()))


def organisations_in(text: str) -> set[str]:
    names = set()
    for name in _ORGANISATION.findall(normalise(text)):
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
    name = normalise(subject_name).strip()
    # A named subject counts with its town; an anonymised one (某) never does.
    if name and "某" not in name and (town or len(name) >= 6):
        names.add(name)
    for name in names:
        found.add((SUBJECT, f"{town}|{_plain(name)}"))
    excluded = {re.sub(r"\D", "", normalise(value)) for value in exclude if value}
    return {(kind, value) for kind, value in found if value not in excluded}


def _plain(name: str) -> str:
    return re.sub(r"[\s（）()·]", "", name)


def town_of(location: str) -> str:
    """The town (镇) or street named in a location, or "" when none is."""
    match = re.search(r"([\u4e00-\u9fa5]{1,4}?镇)", location or "")
    return match.group(1) if match else ""


def likeliest_areas(suggestions: Sequence[tuple[str, float]], out_of_scope: float) -> tuple[str, ...]:
    """Area codes (and `out_of_scope`) from the likeliest down, as far as `AREAS_COMPARED`."""
    ranked = sorted([*suggestions, (OUT_OF_SCOPE, out_of_scope)], key=lambda pair: -pair[1])
    return tuple(code for code, _ in ranked[:AREAS_COMPARED])


def areas_agree(one: Sequence[str] | None, other: Sequence[str] | None) -> bool:
    """Whether two reports may concern the same area: the likeliest of either is among the
    other's likeliest. Unknown (no suggestion) never agrees."""
    if not one or not other:
        return False
    return one[0] in other or other[0] in one


def same_matter(one: Profile, other: Profile, *, agree: bool) -> float | None:
    """The likeness of two texts when it is enough to take them for the same matter, else None."""
    if one.places and other.places and not one.places & other.places:
        return None
    score = one.similarity(other)
    if agree and one.places & other.places:
        needed = SIMILAR_SAME_PLACE
    elif agree:
        needed = SIMILAR_SAME_AREA
    else:
        needed = SIMILAR
    return score if score >= needed else None


def pairs(
    texts: list[str], likeness: TextLikeness, areas: list[Sequence[str]] | None = None
) -> dict[tuple[int, int], str]:
    """Pairs (earlier, later) of texts taken for the same matter, with the reason; `areas` are
    each text's likeliest areas (`likeliest_areas`)."""
    found: dict[tuple[int, int], str] = {}
    keys = [marks(text) for text in texts]
    profiles = [likeness.profile(text) for text in texts]
    for later in range(len(texts)):
        for earlier in range(later):
            shared = keys[later] & keys[earlier]
            if shared:
                found[(earlier, later)] = min((kind for kind, _ in shared), key=STRENGTH.index)
                continue
            agree = bool(areas) and areas_agree(areas[later], areas[earlier])
            if same_matter(profiles[later], profiles[earlier], agree=agree) is not None:
                found[(earlier, later)] = TEXT
    return found
