"""Splits the handbook's Markdown into sections (one per heading) with their heading paths."""

from __future__ import annotations

import re

from assistant.corpus.models import Section
from assistant.errors import CorpusError

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_BARE_URL = re.compile(r"(?<![(\[])\bhttps?://[^\s)>\]]+")


def plain_text(markdown: str) -> str:
    """Markdown to the plain text families read: links become their text, list marks and emphasis go."""
    text = _LINK.sub(r"\1", markdown)
    text = re.sub(r"^\s*[-*+]\s+", "• ", text, flags=re.MULTILINE)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return text.strip()


def urls_in(markdown: str) -> list[str]:
    """Every URL of a Markdown text in order of appearance, without repeats."""
    found = [m.group(2) for m in _LINK.finditer(markdown)]
    found += _BARE_URL.findall(_LINK.sub("", markdown))
    return list(dict.fromkeys(found))


def parse_sections(markdown: str, path: str = "handbook.md") -> list[Section]:
    """Sections of a Markdown document, in order. Text before the first heading is an error."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    buffer: list[str] = []
    start_line = 0

    def flush() -> None:
        body = "\n".join(buffer).strip()
        if not stack:
            if body:
                raise CorpusError(path, "text before the first heading", line=1)
            return
        if not body:
            return
        sections.append(
            Section(
                path=tuple(title for _, title in stack),
                text=plain_text(body),
                line=start_line,
                urls=urls_in(body),
            )
        )

    for number, line in enumerate(markdown.splitlines(), start=1):
        match = _HEADING.match(line)
        if not match:
            buffer.append(line)
            continue
        flush()
        buffer = []
        level, title = len(match.group(1)), match.group(2).strip()
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        start_line = number
    flush()
    if not sections:
        raise CorpusError(path, "no sections: the handbook needs '#' headings with text under them")
    return sections
