"""Text analysis shared by every backend: Finnish, Swedish and English words to index terms.

Finnish goes through the Voikko lemmatiser when libvoikko and its Finnish dictionary are
installed: inflected forms become their base form ("kehittämisklinikoissa" -> "kehittämisklinikka")
and compounds add their parts ("klinikka"), so a search for a part finds the whole. Without
Voikko, and for words Voikko does not know, Snowball stems. Swedish and English use Snowball.
Terms are folded last (lower case, accents removed), so "yhteistyö" and "yhteistyo" meet.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer
from whoosh.lang import stemmer_for_language, stopwords_for_language

log = logging.getLogger(__name__)

LANGUAGES = ("fi", "sv", "en")
WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_WORDBASE_RE = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")
# Compound parts shorter than this ("yhteis", "ala") find too much on their own.
MIN_PART = 4

_STOPWORDS = {lang: frozenset(stopwords_for_language(lang)) for lang in LANGUAGES}
_STEMMERS = {lang: stemmer_for_language(lang) for lang in LANGUAGES}


def _split(text: str) -> list[str]:
    return text.split()


# Words that give a text's language away, for texts whose author set none.
_MARKERS = {
    "fi": frozenset(
        _split(
            "ja on ei se että ole oli mutta kun myös tai jos ovat mitä voi sekä kanssa tämä joka"
        )
    ),
    "sv": frozenset(
        _split("och är att det som för inte på med har en ett av till kan om också men eller vi")
    ),
    "en": frozenset(
        _split("the and is of to in that it for with are this be on not or as was have by we")
    ),
}


def fold(term: str) -> str:
    """Lower-case and strip accents: "Yhteistyö" -> "yhteistyo"."""
    decomposed = unicodedata.normalize("NFKD", term.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _Voikko:
    """The Finnish lemmatiser, loaded once; libvoikko handles are not thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.handle = None
        self.error: str | None = None
        try:
            from libvoikko import Voikko

            self.handle = Voikko("fi")
        except (ImportError, OSError) as error:
            self.error = str(error) or type(error).__name__
        except Exception as error:  # libvoikko raises its own VoikkoException
            self.error = str(error) or type(error).__name__

    def lemmas(self, word: str, with_parts: bool = True) -> tuple[str, ...]:
        with self.lock:
            analyses = self.handle.analyze(word)
        found: list[str] = []
        for analysis in analyses:
            base = analysis.get("BASEFORM")
            if base and base not in found:
                found.append(base)
            parts = [
                m.group(2) or m.group(1)
                for m in _WORDBASE_RE.finditer(analysis.get("WORDBASES", ""))
            ]
            if with_parts and len(parts) > 1:
                for part in parts:
                    if len(part) >= MIN_PART and part not in found:
                        found.append(part)
        return tuple(found)


_voikko: _Voikko | None = None
_voikko_lock = threading.Lock()


def voikko() -> _Voikko:
    global _voikko
    with _voikko_lock:
        if _voikko is None:
            _voikko = _Voikko()
        return _voikko


def finnish_analysis() -> str:
    """Which Finnish analysis is in use, for ``flask forum check``."""
    v = voikko()
    if v.handle is not None:
        return "Voikko lemmatiser (base forms and compound parts)"
    return f"Snowball stemmer only: Voikko not available ({v.error})"


def voikko_available() -> bool:
    return voikko().handle is not None


@lru_cache(maxsize=200_000)
def word_terms(word: str, language: str, with_parts: bool = True) -> tuple[str, ...]:
    """The index terms of one word in ``language``; empty for a stop word. A query leaves
    compound parts out (``with_parts=False``): "klinikka" finds "kehittämisklinikka", but
    "kehittämisklinikka" does not find every "klinikka"."""
    lower = word.casefold()
    if lower in _STOPWORDS[language]:
        return ()
    terms: list[str] = []
    if language == "fi":
        v = voikko()
        if v.handle is not None:
            terms = [fold(lemma) for lemma in v.lemmas(word, with_parts)]
    if not terms:
        terms = [fold(_STEMMERS[language](lower))]
    return tuple(dict.fromkeys(t for t in terms if t))


def words(text: str) -> Iterator[re.Match[str]]:
    return WORD_RE.finditer(text)


def analyse(text: str, language: str, with_parts: bool = True) -> list[tuple[int, str]]:
    """(position, term) pairs; several terms may share the position of their word."""
    pairs: list[tuple[int, str]] = []
    position = 0
    for word in WORD_RE.findall(text):
        terms = word_terms(word, language, with_parts)
        if not terms:
            continue
        if len(terms) == 1:
            pairs.append((position, terms[0]))
        else:
            pairs.extend([(position, term) for term in terms])
        position += 1
    return pairs


_MARKER_LANGUAGES: dict[str, tuple[str, ...]] = {
    word: tuple(language for language in LANGUAGES if word in _MARKERS[language])
    for word in set().union(*_MARKERS.values())
}


def detect_language(text: str, default: str = "fi") -> str:
    """The language whose common words occur most often in ``text``; ``default`` on a tie."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for word in WORD_RE.findall(text[:4000]):
        for language in _MARKER_LANGUAGES.get(word.casefold(), ()):
            counts[language] += 1
    best = max(counts.values())
    if best == 0 or counts.get(default, 0) == best:
        return default if default in LANGUAGES else "fi"
    return max(LANGUAGES, key=lambda lang: counts[lang])


LANGUAGE_MARK = "\x1f"


ANALYSED_MARK = "\x1e"


def language_tagged(text: str, language: str) -> str:
    """``text`` with its language in front, for ``ForumTokenizer``."""
    return f"{language}{LANGUAGE_MARK}{text}"


def analysed_value(text: str, language: str) -> str:
    """``text`` analysed ahead (in a rebuild's worker process), for ``ForumTokenizer`` to read
    back as it is: one "position term" pair a line behind a mark."""
    return ANALYSED_MARK + "\n".join(
        f"{position} {term}" for position, term in analyse(text, language)
    )


def _analysed_pairs(value: str) -> Iterator[tuple[int, str]]:
    for line in value[1:].split("\n"):
        if line:
            position, _space, term = line.partition(" ")
            yield int(position), term


class ForumTokenizer(Tokenizer):
    """A Whoosh tokenizer that emits ``analyse``'s terms. The value carries its language in
    front (``language_tagged``), so one field holds documents of every language, or is
    already analysed (``analysed_value``)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ForumTokenizer)

    def __hash__(self) -> int:
        return hash("ForumTokenizer")

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        if value.startswith(ANALYSED_MARK):
            pairs: Iterable[tuple[int, str]] = _analysed_pairs(value)
        else:
            language, mark, text = value.partition(LANGUAGE_MARK)
            if not mark or language not in LANGUAGES:
                language, text = "fi", value
            pairs = analyse(text, language)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, term in pairs:
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + position
            yield token
