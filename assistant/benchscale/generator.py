"""A deterministic generator of corpora ``factor`` times the size of the real one, for ``make bench-scale``.

The generated corpus is the real one (volume 0, byte for byte) followed by ``factor - 1`` synthetic volumes.
Each volume recombines the real material under new ids and invents nothing:

- handbook: every real chapter once, chapters in a shuffled order and, inside each chapter, its ``##`` blocks
  (each with its ``###`` children) shuffled; every heading gets the volume tag ``[vK]``, so a section's heading
  path still names where its text came from and no copy is mistaken for a real section a curated answer or a
  need cites;
- glossary: every entry once, shuffled, term and aliases tagged, its service links pointing at the same
  volume's copies of those services;
- services: every entry once, shuffled, id ``<id>-vK`` and the names tagged; summaries, channels, hours and
  every other fact as in the real entry (the loader's fact check holds for the same reason it holds for the
  real catalogue).

The body of every passage is real text, so the only text of a copy that no real passage has is its tag:
:func:`untag` gives back the real passage it was copied from (what ``assistant.bench_scale`` keys its
embedding cache by). Needs and curated answers are editorial layers over the material, not material, and are
kept as they are (one copy, citing the real sections, terms and services of volume 0).

A volume depends only on (seed, K): the 10× corpus is the first tenth of the 100× one.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.corpus.loader import ANSWERS, GLOSSARY, HANDBOOK, NEEDS, NOTES, SERVICES
from assistant.corpus.markdown import parse_sections

TAG = " [v{}]"
_TAG = re.compile(r" \[v\d+\]")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")  # as assistant.corpus.markdown reads headings


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True  # every entry written out in full, no YAML anchors


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_SEED = 11


def untag(text: str) -> str:
    """``text`` without volume tags: the text of the real passage a generated one was copied from."""
    return _TAG.sub("", text)


@dataclass(frozen=True)
class GeneratedCorpus:
    path: Path
    factor: int
    seed: int
    sections: int
    glossary: int
    services: int
    bytes: int


def _tag(k: int) -> str:
    return TAG.format(k)


def _chapters(markdown: str) -> list[list[list[str]]]:
    """The handbook as chapters (``#``), each a list of blocks: the chapter's lead (its heading and the text
    before its first ``##``), then one block per ``##`` heading with everything under it."""
    chapters: list[list[list[str]]] = []
    for line in markdown.splitlines():
        match = _HEADING.match(line)
        level = len(match.group(1)) if match else 0
        if level == 1:
            chapters.append([[line]])
        elif not chapters:
            if line.strip():
                raise ValueError("text before the handbook's first '#' heading")
        elif level == 2:
            chapters[-1].append([line])
        else:
            chapters[-1][-1].append(line)
    return chapters


def _tag_heading(line: str, k: int) -> str:
    match = _HEADING.match(line)
    if not match:
        return line
    return f"{match.group(1)} {match.group(2).strip()}{_tag(k)}"


def _handbook_volume(chapters: list[list[list[str]]], k: int, rng: random.Random) -> str:
    out: list[str] = []
    for chapter in rng.sample(chapters, len(chapters)):
        lead, blocks = chapter[0], chapter[1:]
        for block in [lead, *rng.sample(blocks, len(blocks))]:
            out.extend(_tag_heading(line, k) for line in block)
        out.append("")
    return "\n".join(out)


def _service_volume(services: list[dict[str, Any]], k: int, rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for service in rng.sample(services, len(services)):
        copy = dict(service)
        copy["id"] = f"{service['id']}-v{k}"
        copy["name"] = {lang: f"{text}{_tag(k)}" for lang, text in service["name"].items()}
        out.append(copy)
    return out


def _glossary_volume(glossary: list[dict[str, Any]], k: int, rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for entry in rng.sample(glossary, len(glossary)):
        copy = dict(entry)
        copy["term"] = f"{entry['term']}{_tag(k)}"
        copy["aliases"] = [f"{alias}{_tag(k)}" for alias in entry.get("aliases") or []]
        copy["services"] = [f"{sid}-v{k}" for sid in entry.get("services") or []]
        out.append(copy)
    return out


def _dump(entries: list[dict[str, Any]]) -> str:
    return str(yaml.dump(entries, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000))


def _joined(real: str, volumes: list[str]) -> str:
    return real.rstrip("\n") + "\n" + "".join(volumes)


def generate(source: Path, target: Path, factor: int, seed: int = DEFAULT_SEED) -> GeneratedCorpus:
    """Write a corpus ``factor`` times the size of ``source`` into ``target`` (replaced if it exists)."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    source, target = Path(source), Path(target)
    texts = {name: (source / name).read_text(encoding="utf-8") for name in (HANDBOOK, GLOSSARY, SERVICES)}
    for name, text in texts.items():
        if _TAG.search(text):  # untag() must give back exactly the real text
            raise ValueError(f"{source / name} already contains a volume tag like ' [v1]'")
    chapters = _chapters(texts[HANDBOOK])
    glossary = yaml.load(texts[GLOSSARY], Loader=_Loader) or []
    services = yaml.load(texts[SERVICES], Loader=_Loader) or []

    handbook_volumes, glossary_volumes, service_volumes = [], [], []
    for k in range(1, factor):
        rng = random.Random(f"bench-scale:{seed}:{k}")
        handbook_volumes.append(_handbook_volume(chapters, k, rng))
        glossary_volumes.append(f"# volume {k}\n" + _dump(_glossary_volume(glossary, k, rng)))
        service_volumes.append(f"# volume {k}\n" + _dump(_service_volume(services, k, rng)))

    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    handbook = _joined(texts[HANDBOOK], ["\n" + v for v in handbook_volumes])
    (target / HANDBOOK).write_text(handbook, encoding="utf-8")
    (target / GLOSSARY).write_text(_joined(texts[GLOSSARY], glossary_volumes), encoding="utf-8")
    (target / SERVICES).write_text(_joined(texts[SERVICES], service_volumes), encoding="utf-8")
    for name in (NEEDS, ANSWERS, NOTES):
        if (source / name).exists():
            shutil.copyfile(source / name, target / name)
    return GeneratedCorpus(
        path=target,
        factor=factor,
        seed=seed,
        sections=len(parse_sections(handbook, str(target / HANDBOOK))),
        glossary=len(glossary) * factor,
        services=len(services) * factor,
        bytes=sum(p.stat().st_size for p in target.iterdir()),
    )
