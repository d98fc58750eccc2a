"""Writes a translator's file as corpus/translations/<code>.yaml, each answer stamped with the English text it was
translated from (``from_en``), so that an English answer edited later shows up as stale.

    .venv/bin/python scripts/stamp_translation.py TRANSLATED.yaml CODE "Language name" "who translated, when" [EXTRA.yaml ...]

TRANSLATED.yaml holds ``lines`` (the keys of assistant/corpus/translations.py TranslationLines) and ``answers`` (a list
of ``id`` and ``text``), translated from the English answers of corpus/answers.yaml as they are now. The output is
checked like the rest of the corpus (``perhekeskus corpus check``). EXTRA.yaml (optional, any number): one more line
for many languages, ``KEY.yaml`` holding ``code: text`` pairs, added to ``lines`` as KEY (e.g. no_answer_intro.yaml).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.corpus.translations import TRANSLATIONS, english_digest  # noqa: E402


def _block(text: str, indent: str) -> str:
    """``text`` as a folded YAML block under ``indent``, lines of at most about 110 characters."""
    words, lines, line = " ".join(text.split()).split(" "), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > 110:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(indent + part for part in lines)


def main() -> None:
    source, code, name, who = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for extra in map(Path, sys.argv[5:]):
        data["lines"][extra.stem] = yaml.safe_load(extra.read_text(encoding="utf-8"))[code]
    english = {a["id"]: a["answer"]["en"] for a in yaml.safe_load((ROOT / "corpus/answers.yaml").read_text())}
    out = [
        f"# Curated answers in {name} ({code}), translated from their English text in corpus/answers.yaml.",
        f"# {who}. Not yet reviewed by a native speaker (reviewed_by).",
        "# from_en: which English text an answer was translated from (assistant/corpus/translations.py); when the",
        "# English answer is edited, the translation is stale and the English is shown until it is translated again.",
        "# Numbers, phone numbers, e-mails and URLs must be those of the English text (perhekeskus corpus check).",
        f"language: {code}",
        "reviewed_by: null",
        "lines:",
    ]
    for key, value in data["lines"].items():
        out.append(f"  {key}: {yaml.safe_dump(value, allow_unicode=True, width=10_000).strip()}")
        if out[-1].endswith("\n..."):
            out[-1] = out[-1][: -len("\n...")]
    out.append("answers:")
    for item in data["answers"]:
        out += [
            f"- id: {item['id']}",
            f"  from_en: {english_digest(english[item['id']])}",
            "  text: >-",
            _block(item["text"], "    "),
        ]
    target = ROOT / "corpus" / TRANSLATIONS / f"{code}.yaml"
    target.parent.mkdir(exist_ok=True)
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}: {len(data['answers'])} answers")


if __name__ == "__main__":
    main()
