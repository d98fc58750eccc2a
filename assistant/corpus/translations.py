"""Curated answers in languages the assistant has no other texts for (``corpus/translations/<code>.yaml``).

A family writing in Russian or Somali used to get the English version of the closest curated answer under a line
saying so; raters of every other-language set scored those replies low for the language alone. A translation file
holds, for one language (fastText's code, as in locales/emergency.yaml), the reply's own lines and the answers
translated from their English text. Each translated answer records which English text it was made from
(``from_en``, :func:`english_digest`): when the coordinator edits the English answer, the translation is stale, the
assistant gives the English again until it is translated anew, and ``perhekeskus corpus check`` lists it.

A translation may state no number, phone, e-mail or URL its English text does not, and must keep every one the
English states (the same check as the answers' own against their sources, both ways).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError

from assistant.corpus.facts import FactSource, facts
from assistant.corpus.models import CuratedAnswer, _Strict
from assistant.corpus.yamlfile import parse, read_text
from assistant.errors import CorpusError

TRANSLATIONS = "translations"


class TranslationLines(_Strict):
    """The reply's own lines around a translated answer (their English texts: locales/en.yaml, where noted)."""

    intro: str = Field(min_length=1)  # we answer in fi/sv/en only, but the answer below is translated
    no_answer_intro: str = Field(min_length=1)  # we answer in fi/sv/en only; a worker can help (no answer follows)
    answer_intro: str = Field(min_length=1)  # "The closest answer in the family centre's material:"
    handoff_intro: str = Field(min_length=1)  # handoff_intro
    handoff_pyyda_apua: str = Field(min_length=1)  # handoff_pyyda_apua
    handoff_apua_huoliin: str = Field(min_length=1)  # handoff_apua_huoliin
    chat_hours: str = Field(min_length=1)  # ui_chat_unknown
    crisis_unsure_answer: str = Field(min_length=1)  # crisis_unsure_answer
    crisis_unsure_line: str = Field(min_length=1)  # crisis_unsure_line
    crisis_lines: str = Field(min_length=1)  # crisis_lines: before the 24/7 lines of a crisis reply
    crisis_after: str = Field(min_length=1)  # crisis_after: before the ways to a person in a crisis reply


class TranslatedAnswer(_Strict):
    id: str = Field(min_length=1)
    from_en: str = Field(pattern=r"^[0-9a-f]{12}$")  # english_digest of the English text it was translated from
    text: str = Field(min_length=1)


class TranslationFile(_Strict):
    language: str = Field(pattern=r"^[a-z]{2,3}$")
    reviewed_by: str | None = None  # a native speaker who checked it, when one has
    lines: TranslationLines
    answers: list[TranslatedAnswer]


@dataclass(frozen=True)
class Translation:
    """One language's lines and its current translated answers (answer id -> text)."""

    language: str
    lines: TranslationLines
    texts: dict[str, str]

    def text(self, answer_id: str) -> str | None:
        return self.texts.get(answer_id)


class StaleTranslation(CorpusError):
    """A translated answer whose English text has changed since, or whose answer is gone: listed by ``corpus check``,
    never fatal (the English answer is given instead; editing or removing an answer never stops the assistant)."""


def english_digest(text: str) -> str:
    """The first 12 hex digits of the SHA-256 of ``text`` with its whitespace collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def load_translations(
    corpus_dir: Path, answers: list[CuratedAnswer]
) -> tuple[dict[str, Translation], list[CorpusError]]:
    """Every ``corpus_dir/translations/*.yaml`` (none: an empty result) and their problems, stale entries as
    :class:`StaleTranslation`. A file that does not parse or validate is left out whole."""
    folder = Path(corpus_dir) / TRANSLATIONS
    if not folder.is_dir():
        return {}, []
    english = {a.id: a.answer.en for a in answers}
    out: dict[str, Translation] = {}
    problems: list[CorpusError] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data, lines = _parse(path)
            parsed = TranslationFile.model_validate(data)
        except CorpusError as exc:
            problems.append(exc)
            continue
        except ValidationError as exc:
            error = exc.errors()[0]
            loc = [str(p) for p in error["loc"]]
            entry = _entry_of(data, loc)
            problems.append(
                CorpusError(str(path), error["msg"], line=_line_of(lines, loc), entry=entry, field=".".join(loc))
            )
            continue
        if parsed.language != path.stem:
            problems.append(
                CorpusError(
                    str(path), f"language {parsed.language!r} differs from the file's name", line=1, field="language"
                )
            )
            continue
        texts: dict[str, str] = {}
        for index, item in enumerate(parsed.answers):
            line = lines.get(f"answers.{index}")
            problem = _answer_problem(item, english, texts)
            if problem is not None:
                kind, message, field = problem
                error_type = StaleTranslation if kind in ("stale", "unknown") else CorpusError
                problems.append(error_type(str(path), message, line=line, entry=item.id, field=field))
                continue
            texts[item.id] = " ".join(item.text.split())
        out[parsed.language] = Translation(parsed.language, parsed.lines, texts)
    return out, problems


def _answer_problem(
    item: TranslatedAnswer, english: dict[str, str], done: dict[str, str]
) -> tuple[str, str, str] | None:
    if item.id not in english:
        return "unknown", f"no curated answer {item.id!r} (removed or renamed?)", "id"
    if item.id in done:
        return "duplicate", f"answer {item.id!r} translated twice", "id"
    source = english[item.id]
    if item.from_en != english_digest(source):
        return "stale", "the English answer has changed since this was translated: translate it again", "from_en"
    found = facts(item.text)
    added = _unstated(found, FactSource([source]))
    if added:
        return "missing facts", f"states {', '.join(added)}, which the English answer does not state", "text"
    dropped = [
        v for kind, values in _english_facts(source).items() for v in sorted(values) if not _kept(found, kind, v)
    ]
    if dropped:
        return "missing facts", f"leaves out {', '.join(dropped)}, which the English answer states", "text"
    return None


def _unstated(found: dict[str, set[str]], source: FactSource) -> list[str]:
    return [
        value
        for kind in ("url", "email", "phone", "number")
        for value in sorted(found[kind])
        if not source.states(kind, value)
    ]


def _kept(found: dict[str, set[str]], kind: str, value: str) -> bool:
    """Whether a translation whose facts are ``found`` states the English text's fact: the same value, or for an address
    a longer form of it (``FactSource.states`` read the other way, without indexing each translation as a source)."""
    if kind == "url":
        return any(url.startswith(value) for url in found["url"])
    return value in found[kind]


@lru_cache(maxsize=1024)
def _english_facts(text: str) -> dict[str, set[str]]:
    """The facts of an English answer, found once for all its translations (read only)."""
    return facts(text)


def _parse(path: Path) -> tuple[Any, dict[str, int]]:
    """The file's data and the line of every key (``lines.intro``) and answer (``answers.3``, ``answers.3.text``)."""
    node, data = parse(path, read_text(path))
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise CorpusError(str(path), "must be a YAML mapping with language, lines and answers", line=1)
    return data, _lines(node)


def _lines(node: yaml.Node, prefix: str = "") -> dict[str, int]:
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            lines[name] = key.start_mark.line + 1
            lines.update(_lines(value, name + "."))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[f"{prefix}{index}"] = item.start_mark.line + 1
            lines.update(_lines(item, f"{prefix}{index}."))
    return lines


def _line_of(lines: dict[str, int], loc: list[str]) -> int:
    """The line of the deepest key of ``loc`` the file has (a missing field: its parent's)."""
    for depth in range(len(loc), 0, -1):
        line = lines.get(".".join(loc[:depth]))
        if line is not None:
            return line
    return 1


def _entry_of(data: Any, loc: list[str]) -> str | None:
    """The answer id an error inside ``answers`` concerns."""
    if len(loc) >= 2 and loc[0] == "answers" and isinstance(data, dict):
        try:
            item = data["answers"][int(loc[1])]
        except (IndexError, KeyError, TypeError, ValueError):
            return None
        return str(item.get("id")) if isinstance(item, dict) and item.get("id") else None
    return None
