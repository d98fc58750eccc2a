"""Loads ``corpus/`` and validates every file; errors name the file, line, entry and field."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from assistant.corpus.facts import FactSource, missing_facts
from assistant.corpus.markdown import parse_sections
from assistant.corpus.models import CuratedAnswer, GlossaryEntry, Need, NoteTranslation, Section, Service
from assistant.corpus.translations import StaleTranslation, Translation, load_translations
from assistant.corpus.yamlfile import parse
from assistant.corpus.yamlfile import read_text as _read
from assistant.errors import CorpusError

HANDBOOK = "handbook.md"
GLOSSARY = "glossary.yaml"
SERVICES = "services.yaml"
NEEDS = "needs.yaml"
ANSWERS = "answers.yaml"
NOTES = "catalogue_notes.yaml"
FILES = (HANDBOOK, GLOSSARY, SERVICES, NEEDS, ANSWERS, NOTES)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Corpus:
    """Everything the assistant may answer from."""

    sections: list[Section]
    glossary: list[GlossaryEntry]
    services: list[Service]
    digest: str
    needs: list[Need] = field(default_factory=list)
    answers: list[CuratedAnswer] = field(default_factory=list)
    notes: dict[str, NoteTranslation] = field(default_factory=dict)  # Finnish channel note -> sv/en
    # Curated answers in other languages (corpus/translations/), by fastText language code; not in the digest: the
    # index does not depend on them.
    translations: dict[str, Translation] = field(default_factory=dict)

    def note(self, text: str, lang: str) -> str:
        """A channel's Finnish value, hours or label in ``lang`` (corpus/catalogue_notes.yaml); the Finnish text
        when there is no translation."""
        translation = self.notes.get(text)
        if translation is None or lang not in ("sv", "en"):
            return text
        return str(getattr(translation, lang))

    def service(self, service_id: str) -> Service | None:
        return self._services.get(service_id)

    @property
    def _services(self) -> dict[str, Service]:
        cached = self.__dict__.get("_service_map")
        if cached is None:
            cached = {s.id: s for s in self.services}
            object.__setattr__(self, "_service_map", cached)
        return cached

    def sections_titled(self, title: str) -> list[Section]:
        """Handbook sections whose heading (or whole heading path) is ``title``."""
        return [s for s in self.sections if s.title == title or " > ".join(s.path) == title]

    def glossary_entry(self, term: str) -> GlossaryEntry | None:
        folded = term.casefold()
        return next(
            (g for g in self.glossary if g.term.casefold() == folded or folded in (a.casefold() for a in g.aliases)),
            None,
        )

    @property
    def service_ids(self) -> list[str]:
        return [s.id for s in self.services]


@lru_cache(maxsize=16)
def _yaml_items(path: Path, text: str) -> list[tuple[dict[str, Any], int, dict[str, int]]]:
    """The list items of a YAML file with each item's line and the line of each of its keys."""
    node, data = parse(path, text)
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise CorpusError(str(path), "must be a YAML list of entries", line=1)
    items = []
    for item_node, item in zip(node.value, data, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict) or not isinstance(item_node, yaml.MappingNode):
            raise CorpusError(str(path), "each entry must be a mapping of fields", line=line)
        key_lines = _key_lines(item_node)
        items.append((item, line, key_lines))
    return items


def _key_lines(node: yaml.MappingNode, prefix: str = "") -> dict[str, int]:
    """The line of every key of a mapping, nested keys as ``answer.sv``."""
    lines: dict[str, int] = {}
    for key, value in node.value:
        name = f"{prefix}{key.value}"
        lines[name] = key.start_mark.line + 1
        if isinstance(value, yaml.MappingNode):
            lines.update(_key_lines(value, name + "."))
    return lines


def _validate(path: Path, model: type[M], key: str) -> list[M]:
    out: list[M] = []
    for index, (item, line, key_lines) in enumerate(_yaml_items(path, _read(path)), start=1):
        entry = str(item.get(key) or f"#{index}")
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            error = exc.errors()[0]
            loc = [str(p) for p in error["loc"]]
            field = ".".join(loc) if loc else None
            field_line = key_lines.get(loc[0], line) if loc else line
            raise CorpusError(str(path), error["msg"], line=field_line, entry=entry, field=field) from exc
    return out


def _check_unique(path: Path, values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise CorpusError(str(path), f"duplicate {what}", entry=value, field=what)
        seen.add(value)


def _raise_first(problems: list[CorpusError]) -> None:
    if problems:
        raise problems[0]


def load_corpus(corpus_dir: Path) -> Corpus:
    """Read and validate the corpus files of ``corpus_dir``; the first problem is raised. A stale translation is
    no problem here: that answer is given in English until it is translated again (``corpus check`` lists it)."""
    corpus, problems = _load(Path(corpus_dir))
    _raise_first([p for p in problems if not isinstance(p, StaleTranslation)])
    assert corpus is not None
    return corpus


def check_corpus(corpus_dir: Path) -> list[CorpusError]:
    """Every problem of the corpus (for `perhekeskus corpus check`); a file that does not parse stops there."""
    try:
        _, problems = _load(Path(corpus_dir))
    except CorpusError as exc:
        return [exc]
    return problems


def _load(corpus_dir: Path) -> tuple[Corpus | None, list[CorpusError]]:
    handbook_path = corpus_dir / HANDBOOK
    handbook_text = _read(handbook_path)
    sections = parse_sections(handbook_text, str(handbook_path))

    glossary_path = corpus_dir / GLOSSARY
    glossary = _validate(glossary_path, GlossaryEntry, "term")
    _check_unique(glossary_path, [g.term for g in glossary], "term")

    services_path = corpus_dir / SERVICES
    services = _validate(services_path, Service, "id")
    _check_unique(services_path, [s.id for s in services], "id")

    known = {s.id for s in services}
    for entry in glossary:
        for service_id in entry.services:
            if service_id not in known:
                raise CorpusError(
                    str(glossary_path),
                    f"unknown service id {service_id!r}",
                    entry=entry.term,
                    field="services",
                )

    # Needs and curated answers are optional files (a small corpus may have none).
    needs_path, answers_path = corpus_dir / NEEDS, corpus_dir / ANSWERS
    needs = _validate(needs_path, Need, "id") if needs_path.exists() else []
    _check_unique(needs_path, [n.id for n in needs], "id")
    answers = _validate(answers_path, CuratedAnswer, "id") if answers_path.exists() else []
    _check_unique(answers_path, [a.id for a in answers], "id")
    notes_path = corpus_dir / NOTES
    notes = _validate(notes_path, NoteTranslation, "fi") if notes_path.exists() else []
    _check_unique(notes_path, [n.fi for n in notes], "fi")

    translations, translation_problems = load_translations(corpus_dir, answers)

    digest = hashlib.sha256()
    for name in FILES:
        if (corpus_dir / name).exists():
            digest.update((corpus_dir / name).read_bytes())
    corpus = Corpus(
        sections=sections,
        glossary=glossary,
        services=services,
        digest=digest.hexdigest(),
        needs=needs,
        answers=answers,
        notes={n.fi: n for n in notes},
        translations=translations,
    )
    problems = [
        *_service_fact_problems(corpus, services_path),
        *_need_problems(corpus, needs_path),
        *_answer_problems(corpus, answers_path),
        *(_note_problems(corpus, notes_path) if notes_path.exists() else []),
        *translation_problems,
    ]
    return corpus, problems


_NOTE_FACTS = re.compile(r"https?://[^\s)]+|[\w.-]+\.(?:fi|net|com|org)\b(?:/[^\s)]*)?|\d+|\bunverified\b")
_FINNISH_WORDS = re.compile(r"[a-zäöå]{3,}")


def channel_notes(service: Service) -> list[tuple[str, str]]:
    """(field, text) of a service's channel values, hours and labels that hold words, not only numbers and
    addresses: the texts a Swedish or English card needs translated."""
    notes = []
    for number, channel in enumerate(service.channels):
        for name in ("value", "hours", "label"):
            text = getattr(channel, name)
            if text and _FINNISH_WORDS.search(_NOTE_FACTS.sub("", str(text).lower())):
                notes.append((f"channels[{number}].{name}", str(text)))
    return notes


def _note_problems(corpus: Corpus, path: Path) -> list[CorpusError]:
    """Every worded channel note of the catalogue has a Swedish and an English version, and each version keeps
    the Finnish note's numbers, addresses and 'unverified' markers exactly."""
    lines = {str(item.get("fi")): (line, keys) for item, line, keys in _yaml_items(path, _read(path))}
    problems = []
    for note in corpus.notes.values():
        line, keys = lines.get(note.fi, (None, {}))
        facts = sorted(_NOTE_FACTS.findall(note.fi))
        for lang in ("sv", "en"):
            if sorted(_NOTE_FACTS.findall(getattr(note, lang))) != facts:
                problems.append(
                    CorpusError(
                        str(path),
                        f"the {lang} version must keep the numbers, addresses and 'unverified' of the Finnish "
                        f"note exactly ({', '.join(facts) or 'none'})",
                        line=keys.get(lang, line),
                        entry=note.fi,
                        field=lang,
                    )
                )
    services_path = path.parent / SERVICES
    service_lines = _entry_lines(services_path)
    for service in corpus.services:
        for name, text in channel_notes(service):
            if text not in corpus.notes:
                line, keys = service_lines.get(service.id, (None, {}))
                problems.append(
                    CorpusError(
                        str(path),
                        f"no Swedish and English version of the channel note {text!r} of services.yaml:{line}",
                        entry=service.id,
                        field=name,
                    )
                )
    return problems


def _entry_lines(path: Path) -> dict[str, tuple[int, dict[str, int]]]:
    """Line of each entry (by id) and of its fields, for error messages."""
    if not path.exists():
        return {}
    return {str(item.get("id")): (line, keys) for item, line, keys in _yaml_items(path, _read(path))}


def _service_text(service: Service) -> str:
    channels = [f"{c.value} {c.hours or ''}" for c in service.channels]
    return "\n".join([service.audience, service.cost, service.anonymity, service.source, *channels])


def _service_fact_problems(corpus: Corpus, path: Path) -> list[CorpusError]:
    """Numbers, phones, URLs and e-mails of a catalogue summary must be in the entry's own facts (carried over
    from shared/reference/service_facts.yaml) or in the handbook or glossary."""
    lines = _entry_lines(path)
    material = [s.text for s in corpus.sections] + [f"{g.term} {g.definition} {g.url or ''}" for g in corpus.glossary]
    emergency = corpus.service("hatanumero-112")  # any summary may tell to call 112
    material += [_service_text(emergency)] if emergency is not None else []
    shared = FactSource(material)  # built once: the catalogue may hold thousands of services
    problems = []
    for service in corpus.services:
        sources = [shared, FactSource([_service_text(service)])]
        texts = [(f"summary.{lang}", service.summary.get(lang)) for lang in ("fi", "sv", "en")]
        texts.append(("summary_plain_fi", service.summary_plain_fi))
        for name, text in texts:
            missing = missing_facts(text, sources)
            if missing:
                line, keys = lines.get(service.id, (None, {}))
                problems.append(
                    CorpusError(
                        str(path),
                        f"states {', '.join(missing)}, which neither the entry's facts nor the handbook state",
                        line=keys.get(name, keys.get(name.split(".")[0], line)),
                        entry=service.id,
                        field=name,
                    )
                )
    return problems


def _need_problems(corpus: Corpus, path: Path) -> list[CorpusError]:
    lines = _entry_lines(path)
    problems = []
    need_ids = {n.id for n in corpus.needs}
    service_lines = _entry_lines(path.parent / "services.yaml")
    for service in corpus.services:
        for need_id in service.fits.only_with:
            if need_id not in need_ids:
                line, keys = service_lines.get(service.id, (None, {}))
                problems.append(
                    CorpusError(
                        str(path.parent / "services.yaml"),
                        f"unknown need id {need_id!r}",
                        line=keys.get("fits", line),
                        entry=service.id,
                        field="fits.only_with",
                    )
                )
    for need in corpus.needs:
        line, keys = lines.get(need.id, (None, {}))
        for service_id in need.services:
            suggested = corpus.service(service_id)
            if suggested is None or (suggested.fits.only_with and need.id not in suggested.fits.only_with):
                problem = (
                    f"unknown service id {service_id!r}"
                    if suggested is None
                    else f"service {service_id!r} is suggested only for {', '.join(suggested.fits.only_with)} "
                    f"(services.yaml fits.only_with): add this need there or remove the service here"
                )
                problems.append(
                    CorpusError(str(path), problem, line=keys.get("services", line), entry=need.id, field="services")
                )
        for title in need.handbook:
            if not corpus.sections_titled(title) and corpus.glossary_entry(title) is None:
                problems.append(
                    CorpusError(
                        str(path),
                        f"no handbook section or glossary term {title!r}",
                        line=keys.get("handbook", line),
                        entry=need.id,
                        field="handbook",
                    )
                )
    return problems


def cited_texts(corpus: Corpus, answer: CuratedAnswer) -> list[str]:
    """The texts a curated answer is written from: cited sections, glossary entries and catalogue entries."""
    texts: list[str] = []
    for title in answer.cites.handbook:
        texts.extend(f"{' > '.join(s.path)}\n{s.text}\n{' '.join(s.urls)}" for s in corpus.sections_titled(title))
    for term in answer.cites.glossary:
        entry = corpus.glossary_entry(term)
        if entry is not None:
            links = " ".join(str(u) for u in [entry.url, *entry.links] if u)
            texts.append(f"{entry.term} {' '.join(entry.aliases)}: {entry.definition} {links}")
    for service_id in answer.cites.services:
        service = corpus.service(service_id)
        if service is not None:
            names = " ".join(service.name.get(lang) for lang in ("fi", "sv", "en"))
            summaries = " ".join(service.summary.get(lang) for lang in ("fi", "sv", "en"))
            texts.append(f"{names}\n{summaries}\n{service.summary_plain_fi}\n{_service_text(service)}")
    return texts


def _answer_problems(corpus: Corpus, path: Path) -> list[CorpusError]:
    lines = _entry_lines(path)
    problems = []
    for answer in corpus.answers:
        line, keys = lines.get(answer.id, (None, {}))

        def problem(
            message: str, field_name: str, keys: dict[str, int] = keys, line: int | None = line, entry: str = answer.id
        ) -> CorpusError:
            where = keys.get(field_name, keys.get(field_name.rsplit(".", 1)[0], line))
            return CorpusError(str(path), message, line=where, entry=entry, field=field_name)

        for title in answer.cites.handbook:
            if not corpus.sections_titled(title):
                problems.append(problem(f"no handbook section titled {title!r}", "cites.handbook"))
        for term in answer.cites.glossary:
            if corpus.glossary_entry(term) is None:
                problems.append(problem(f"no glossary term {term!r}", "cites.glossary"))
        for service_id in answer.cites.services:
            if corpus.service(service_id) is None:
                problems.append(problem(f"unknown service id {service_id!r}", "cites.services"))
        if not (answer.cites.handbook or answer.cites.glossary or answer.cites.services):
            problems.append(problem("cites nothing: every curated answer needs a source", "cites"))
        source = FactSource(cited_texts(corpus, answer))
        for lang, text in answer.answer.items():
            missing = source.missing(text)
            if missing:
                problems.append(
                    problem(f"states {', '.join(missing)}, which its cited sources do not state", f"answer.{lang}")
                )
    return problems
