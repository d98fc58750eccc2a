"""Section-aware chunking: a chunk never spans two sections; glossary entries and services are chunks too."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from assistant.corpus import Corpus, Section, Service

HANDBOOK_TITLE = "Perhekeskuskäsikirja (Rovaniemi, 6/2025)"


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage with everything a citation needs."""

    id: str
    doc: str  # handbook | glossary | services
    title: str
    section: str
    url: str | None
    text: str
    service_ids: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)

    @property
    def search_text(self) -> str:
        """What is embedded and indexed: the heading path gives short passages their topic,
        a service's search words the everyday words families use for it."""
        parts = [self.section, self.text] if self.section else [self.text]
        if self.keywords:
            parts.append(", ".join(self.keywords))
        return "\n".join(parts)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> Chunk:
        return cls(**json.loads(line))


def _chunk_id(doc: str, section: str, text: str) -> str:
    return hashlib.sha256(f"{doc}\x1f{section}\x1f{text}".encode()).hexdigest()[:20]


def _word_count(text: str) -> int:
    return len(text.split())


def _section_chunks(section: Section, max_words: int, overlap_words: int) -> list[Chunk]:
    path = " > ".join(section.path)
    url = section.urls[0] if section.urls else None
    if _word_count(section.text) <= max_words:
        pieces = [section.text]
    else:
        from langchain_text_splitters import RecursiveCharacterTextSplitter  # build time only, not in the server

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=max_words,
            chunk_overlap=overlap_words,
            length_function=_word_count,
            separators=["\n\n", "\n• ", "\n", ". ", " "],
            keep_separator="end",
        )
        pieces = [p.strip() for p in splitter.split_text(section.text) if p.strip()]
    return [
        Chunk(
            id=_chunk_id("handbook", path, piece),
            doc="handbook",
            title=section.title,
            section=path,
            url=url,
            text=piece,
        )
        for piece in pieces
    ]


def _service_text(service: Service) -> str:
    lines = [
        f"{service.name.fi}. {service.summary.fi}",
        f"Kenelle: {service.audience}.",
        f"{service.name.sv}. {service.summary.sv}",
        f"{service.name.en}. {service.summary.en}",
    ]
    return "\n".join(lines)


def build_chunks(corpus: Corpus, max_words: int = 250, overlap_words: int = 30) -> list[Chunk]:
    """All chunks of the corpus in a stable order. Ids are content hashes, so rebuilding changes nothing."""
    chunks: list[Chunk] = []
    for section in corpus.sections:
        chunks.extend(_section_chunks(section, max_words, overlap_words))
    for entry in corpus.glossary:
        names = " / ".join([entry.term, *entry.aliases])
        text = f"{names}: {entry.definition}"
        path = f"13. Sanakirja > {entry.term}"
        chunks.append(
            Chunk(
                id=_chunk_id("glossary", path, text),
                doc="glossary",
                title=entry.term,
                section=path,
                url=str(entry.url) if entry.url else None,
                text=text,
                service_ids=list(entry.services),
            )
        )
    for service in corpus.services:
        text = _service_text(service)
        path = f"Palvelut > {service.name.fi}"
        web = next((c.value for c in service.channels if c.value.startswith("http")), None)
        chunks.append(
            Chunk(
                id=_chunk_id("services", path, text),
                doc="services",
                title=service.name.fi,
                section=path,
                url=web,
                text=text,
                service_ids=[service.id],
                keywords=list(service.keywords),
            )
        )
    return chunks
