"""How alike two reports' wording is, for finding the same matter reported twice in other words.

Pure Python, no Django. A report becomes a bag of words (jieba, from its dictionary only), each
weighted by how rare it is in everyday Chinese (jieba's word frequencies: 的, 我们, 电话 weigh
little) times how rare it is in the starter corpus (an area's stock words, 拖欠, 工资, weigh
little), so that what two reports share counts by how particular it is: a factory's trade, a
product's name, an amount. Amounts are read as values in either script (十八万六千 and
186000 are the same word), full-width characters as half-width, and the city's towns (short
forms too: 南丰 for 南丰镇) are kept apart as places.
"""

import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass

_DIGIT = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_UNIT = {"十": 10, "百": 100, "千": 1000}
_MYRIAD = {"万": 10_000, "亿": 100_000_000}
# An amount: Arabic digits (not inside a Latin word such as a WeChat ID), a Chinese numeral of two
# or more characters, or one numeral before 万/千/亿 (八万, 十几万); then an optional 多/余/几
# ("more than") and a myriad or thousand.
_AMOUNT = re.compile(
    r"(?<![a-z0-9.])(\d+(?:\.\d+)?)(?![a-z])(多|余|几)?(万|千|亿)?"
    r"|([零〇一二两三四五六七八九十百千万亿]{2,}|[一二两三四五六七八九十几](?=[多余几]?[万千亿]))(多|余|几)?(万|千|亿)?"
)
_WORD = re.compile(r"[\u4e00-\u9fffa-z0-9]")
# Eight digits or more (spaces and hyphens inside allowed) identify: a phone, an account, an ID.
# They are compared as marks (where the reporter's own phone is left out), never as words.
_IDENTIFIER = re.compile(r"(?<![a-z])\d(?:[\s\-]?\d){7,}(?![a-z])")
SMALLEST_AMOUNT = 10  # smaller numbers (三个人, 2楼) say nothing particular


def chinese_value(numeral: str) -> int | None:
    """The value of a Chinese numeral (十八万六千 186000, 六万八 68000, 三十二 32); None when the
    characters are not one number (万一, 千万, 七八)."""
    if not any(c in _DIGIT or c == "十" for c in numeral):
        return None
    total = section = 0
    digit = last_unit = None
    for c in numeral:
        if c in _DIGIT:
            if digit is not None:
                return None
            digit = _DIGIT[c]
        elif c in _UNIT:
            if digit is None and c == "十":
                digit = 1
            if digit is None:
                return None
            section += digit * _UNIT[c]
            digit, last_unit = None, _UNIT[c]
        else:
            if digit is None and section == 0:
                return None
            total += (section + (digit or 0)) * _MYRIAD[c]
            section, digit, last_unit = 0, None, _MYRIAD[c]
    if digit is not None:
        # 六万八 = 68000, 三千八 = 3800: a last digit counts a tenth of the unit before it.
        section += digit * (last_unit // 10 if last_unit and last_unit >= 100 else 1)
    return total + section


def amounts(text: str) -> tuple[str, list[int]]:
    """`text` (normalised) without its amounts, and their values."""
    values = []

    def read(match: re.Match) -> str:
        arabic, _, unit = match.group(1, 2, 3)
        if arabic is None:
            numeral, _, unit = match.group(4, 5, 6)
            value = (
                10 if numeral == "十" else chinese_value(numeral) if len(numeral) > 1 else _DIGIT.get(numeral)
            )
            if value is None:
                return match.group(0)
        else:
            value = float(arabic) if "." in arabic else int(arabic)
        value = int(round(value * (_MYRIAD.get(unit) or _UNIT.get(unit) or 1)))
        if value >= SMALLEST_AMOUNT:
            values.append(value)
        return " "

    return _AMOUNT.sub(read, _IDENTIFIER.sub(" ", text)), values


def normalise(text: str) -> str:
    """Half-width, lower case (full-width digits and letters are the same as ASCII ones)."""
    return unicodedata.normalize("NFKC", text or "").lower()


def place_forms(places) -> dict[str, str]:
    """Each place by itself and by its short form (南丰 for 南丰镇)."""
    forms = {}
    for place in places:
        forms[place] = place
        short = re.sub(r"(?:镇|乡|街道)$", "", place)
        if short != place and len(short) >= 2:
            forms.setdefault(short, place)
    return forms


@dataclass(frozen=True)
class Profile:
    """A report's weighted words (unit length) and the towns it names."""

    weights: dict[str, float]
    places: frozenset[str]

    def similarity(self, other: "Profile") -> float:
        small, large = sorted((self.weights, other.weights), key=len)
        return sum(weight * large[word] for word, weight in small.items() if word in large)


_jieba_lock = threading.Lock()
_jieba: dict = {}
PLACE_FREQUENCY = 1000  # as common as 药店 or 橡胶: 那大 in 那大那个小区, not in 那大概


def _tokenizer(places: dict[str, str]):
    """jieba's tokenizer, its dictionary loaded once per process (about a second), knowing the
    places as words so that a short form is cut as one only where it reads as one."""
    with _jieba_lock:
        if "tokenizer" not in _jieba:
            import jieba  # noqa: PLC0415  loaded by the first comparison, not by every process

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _jieba.update(tokenizer=tokenizer, rarest=math.log(tokenizer.total), places=set())
        tokenizer = _jieba["tokenizer"]
        for form in places.keys() - _jieba["places"]:
            tokenizer.add_word(form, PLACE_FREQUENCY)
            _jieba["places"].add(form)
        return tokenizer


class TextLikeness:
    """Fit on the starter corpus (and the city's towns); `profile` a text; compare profiles."""

    def __init__(self):
        self.places: tuple[str, ...] = ()
        self.document_frequency: dict[str, int] = {}
        self.documents = 0

    def __setstate__(self, state: dict) -> None:
        # A model stored before words were weighted this way has neither field: it still
        # compares reports, by everyday rarity alone.
        self.__init__()
        self.__dict__.update({key: value for key, value in state.items() if key in self.__dict__})

    def fit(self, texts: list[str], places=()) -> "TextLikeness":
        self.places = tuple(places)
        counts = Counter()
        for text in texts:
            counts.update(set(self.words(text)[0]))
        self.document_frequency, self.documents = dict(counts), len(texts)
        return self

    def words(self, text: str) -> tuple[list[str], frozenset[str]]:
        """The words of `text` (amounts as `#value`, and the parts of long words as a search
        engine cuts them: 橡胶 of 橡胶厂) and the towns it names."""
        forms = place_forms(self.places)
        tokenizer = _tokenizer(forms)
        text, values = amounts(normalise(text))
        words, places = [], set()
        for token in tokenizer.lcut(text, HMM=False):
            if token in forms:
                places.add(forms[token])
                continue
            if not _WORD.search(token):
                continue
            for size in (2, 3):
                if len(token) > size:
                    grams = (token[i : i + size] for i in range(len(token) - size + 1))
                    words.extend(gram for gram in grams if tokenizer.FREQ.get(gram))
            words.append(token)
        return words + [f"#{value}" for value in values], frozenset(places)

    def weight(self, word: str) -> float:
        everyday = _jieba["rarest"] - math.log(_jieba["tokenizer"].FREQ.get(word) or 1)
        corpus = math.log((self.documents + 1) / (self.document_frequency.get(word, 0) + 1)) + 1
        return everyday * corpus

    def profile(self, text: str) -> Profile:
        words, places = self.words(text)
        weights = {word: (1 + math.log(n)) * self.weight(word) for word, n in Counter(words).items()}
        length = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        return Profile({word: weight / length for word, weight in weights.items()}, places)
