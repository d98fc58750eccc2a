"""Evaluation reports: a comparison table, groups, latency, failures, and PNG plots (matplotlib)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from assistant.evaluation.metrics import MAX_RANK, CaseResult, hit_at

TABLE_METRICS = (
    "n",
    "route_accuracy",
    "crisis_recall",
    "crisis_false_positives",
    "evidence_hit@1",
    "evidence_hit@5",
    "evidence_mrr@10",
    "service_hit@3",
    "reply_evidence",
    "reply_fact",
    "citation_precision",
    "language_match",
    "own_language_reply",
    "crisis_to_out_of_scope",
    "out_of_scope_precision",
    "out_of_scope_recall",
    "latency_ms_p50",
    "latency_ms_p95",
)
REPLY_METRICS = (
    "reply_evidence",
    "reply_fact",
    "citation_precision",
    "language_match",
    "out_of_scope_precision",
    "out_of_scope_recall",
)


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1.0 else f"{value:.1f}"
    return str(value)


def comparison_rows(runs: dict[str, dict[str, Any]]) -> list[list[str]]:
    """Rows: metrics; columns: retrievers."""
    return [[metric, *(_cell(m.get(metric)) for m in runs.values())] for metric in TABLE_METRICS]


def comparison_table(runs: dict[str, dict[str, Any]]) -> str:
    """The comparison as a Markdown (and terminal-friendly) table."""
    header = ["metric", *runs]
    rows = comparison_rows(runs)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def _plots(results: dict[str, list[CaseResult]], directory: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ks = list(range(1, MAX_RANK + 1))
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, items in results.items():
        ax.plot(ks, [hit_at(items, k) or 0.0 for k in ks], marker="o", label=name)
    ax.set(xlabel="k", ylabel="evidence hit@k", title="Evidence hit@k per retriever", ylim=(0, 1.02))
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(directory / "hit_at_k.png", dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 4))
    for name, items in results.items():
        ax.hist([r.latency_ms for r in items], bins=30, alpha=0.5, label=name)
    ax.set(xlabel="latency (ms, warm, full chat response)", ylabel="cases", title="Latency per case")
    ax.legend()
    fig.tight_layout()
    fig.savefig(directory / "latency.png", dpi=110)
    plt.close(fig)

    from assistant.evaluation.metrics import core_metrics

    fig, ax = plt.subplots(figsize=(7, 4))
    width = 0.8 / max(1, len(results))
    for offset, (name, items) in enumerate(results.items()):
        values = core_metrics(items)
        xs = [i + offset * width for i in range(len(REPLY_METRICS))]
        ax.bar(xs, [values.get(m) or 0.0 for m in REPLY_METRICS], width=width, label=name)
    ax.set_xticks([i + width * (len(results) - 1) / 2 for i in range(len(REPLY_METRICS))])
    ax.set_xticklabels([m.replace("out_of_scope_", "oos_") for m in REPLY_METRICS], rotation=20)
    ax.set(ylim=(0, 1.05), title="Reply-level metrics per retriever")
    ax.legend()
    fig.tight_layout()
    fig.savefig(directory / "reply_metrics.png", dpi=110)
    plt.close(fig)
    return ["hit_at_k.png", "latency.png", "reply_metrics.png"]


def _group_table(metrics: dict[str, Any], group: str) -> str:
    cols = [
        "n", "route_accuracy", "crisis_recall", "evidence_hit@5", "evidence_mrr@10", "service_hit@3",
        "reply_evidence", "citation_precision", "language_match", "own_language_reply",
    ]  # fmt: skip
    lines = [f"| {group[3:]} | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, values in metrics[group].items():
        lines.append(f"| {name} | " + " | ".join(_cell(values.get(c)) for c in cols) + " |")
    return "\n".join(lines)


def write_report(
    directory: Path,
    runs: dict[str, dict[str, Any]],
    results: dict[str, list[CaseResult]],
    *,
    testset: str,
    primary: str,
    seconds: float,
) -> Path:
    """Write report.md, report.html and the plots into ``directory``; returns the Markdown path."""
    directory.mkdir(parents=True, exist_ok=True)
    images = _plots(results, directory)
    main = runs[primary]
    parts = [
        "# Evaluation report",
        f"Test set `{testset}`, {main['n']} cases; retrievers: {', '.join(runs)}; total {seconds:.1f} s.",
        "## Comparison",
        comparison_table(runs),
        *(f"![{name}]({name})" for name in images),
        f"## `{primary}` by route",
        _group_table(main, "by_route"),
        f"## `{primary}` by language",
        _group_table(main, "by_lang"),
        f"## `{primary}` by category",
        _group_table(main, "by_category"),
        f"## Latency (`{primary}`)",
        f"p50 {_cell(main['latency_ms_p50'])} ms, p95 {_cell(main['latency_ms_p95'])} ms (warm, full chat response).",
        f"## Failures (`{primary}`): {len(main['failures'])}",
    ]
    for failure in main["failures"]:
        expected, got = failure["expected"], failure["got"]
        parts.append(
            f"### {failure['id']}: {', '.join(failure['missed'])}\n"
            f"- question: {failure['question']}\n"
            f"- expected: route `{expected['route']}`, evidence {expected['evidence'] or '–'}, "
            f"services {expected['services'] or '–'}\n"
            f"- got: route `{got['route']}`, evidence rank {got['evidence_rank'] or '–'}, "
            f"services {got['services'] or '–'}\n"
            f"- top sources: {'; '.join(got['sources']) or '–'}"
        )
    markdown = "\n\n".join(parts) + "\n"
    md_path = directory / "report.md"
    md_path.write_text(markdown, encoding="utf-8")
    (directory / "report.html").write_text(_html(markdown), encoding="utf-8")
    return md_path


def _html(markdown: str) -> str:
    """A small, dependency-free rendering of the report's Markdown (headings, tables, lists, images)."""
    out = [
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Evaluation report</title>',
        "<style>body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem}</style><body>",
    ]
    in_table = in_list = False
    for raw in markdown.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            cells = [html.escape(c.strip()) for c in line.strip("|").split("|")]
            if set("".join(cells)) <= set("-"):
                continue
            if not in_table:
                out.append("<table>")
                in_table = True
                out.append("<tr>" + "".join(f"<th>{c}</th>" for c in cells) + "</tr>")
            else:
                out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        if line.startswith("- "):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{html.escape(line[2:])}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append(f"<h{level}>{html.escape(line[level:].strip())}</h{level}>")
        elif line.startswith("!["):
            name = line[line.index("(") + 1 : -1]
            out.append(f'<img src="{html.escape(name)}" alt="{html.escape(name)}">')
        elif line:
            out.append(f"<p>{html.escape(line)}</p>")
    if in_table:
        out.append("</table>")
    if in_list:
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out)
