"""Training messages of the picking model (``assistant/picking/data/*.jsonl``), validated line by line.

Each line: ``{"text": ..., "lang": "fi"|"sv"|"en", "style": ..., "answers": [curated answer ids]}`` — the best
answer first, then answers that carry the asked fact equally well; ``[]`` for a message no curated answer
answers. Written by helpers who saw only ``corpus/`` (see DATA_CARD.md).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import CorpusError

DATA_DIR = Path(__file__).with_name("data")
LANGS = ("fi", "sv", "en")


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    answers: tuple[str, ...]
    style: str
    where: str  # file:line


def data_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(Path(directory).glob("*.jsonl"))


def data_digest(directory: Path = DATA_DIR) -> str:
    """Hash of the training files' contents (recorded in the model to show what it was learned from)."""
    digest = hashlib.sha1()
    for path in data_files(directory):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_examples(
    directory: Path = DATA_DIR, known: set[str] | None = None, field: str = "answers", what: str = "curated answer"
) -> list[Example]:
    """Every training message; raises CorpusError listing each bad line (file, line, field). ``field``: the key of
    the labels (``answers`` here; the need model's data uses ``needs``), kept in ``Example.answers``; ``what``: what
    a label names, for the messages."""
    examples: list[Example] = []
    problems: list[str] = []
    for path in data_files(directory):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not JSON ({exc.msg})")
                continue
            if not isinstance(row, dict):
                problems.append(f"{where}: not a JSON object")
                continue
            text, lang, answers = row.get("text"), row.get("lang"), row.get(field)
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where}: field 'text' must be a non-empty string")
                continue
            if lang not in LANGS:
                problems.append(f"{where}: field 'lang' must be one of {', '.join(LANGS)}, not {lang!r}")
                continue
            if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
                problems.append(f"{where}: field '{field}' must be a list of {what} ids")
                continue
            unknown = [a for a in answers if known is not None and a not in known]
            if unknown:
                problems.append(f"{where}: field '{field}': no {what} {', '.join(unknown)}")
                continue
            examples.append(
                Example(text.strip(), lang, tuple(dict.fromkeys(answers)), str(row.get("style", "")), where)
            )
    if problems:
        raise CorpusError(str(directory), "training data has bad lines:\n" + "\n".join(problems))
    return examples
