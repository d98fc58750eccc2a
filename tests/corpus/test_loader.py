"""Corpus loading: the real corpus is valid and complete; broken files fail with file, line, entry, field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from assistant import cli
from assistant.corpus import check_corpus, load_corpus
from assistant.corpus.facts import facts
from assistant.errors import CorpusError
from tests.conftest import CORPUS, ROOT
from tests.utils.corpus_files import copy_corpus, replace_in

pytestmark = pytest.mark.unit

FACTS = ROOT.parent / "shared" / "reference" / "service_facts.yaml"
SERVICE_IDS = ROOT / "tests" / "data" / "service_ids.txt"  # the fixed ids, copied from FACTS


def fixed_service_ids() -> list[str]:
    """The fixed service ids in catalogue order, from the in-repository copy (comment lines skipped)."""
    lines = SERVICE_IDS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_real_corpus_loads_completely() -> None:
    corpus = load_corpus(CORPUS)
    chapters = {s.path[0].split(".")[0] for s in corpus.sections}
    assert {str(n) for n in range(1, 15)} <= chapters
    tasks = {s.path[1][:3] for s in corpus.sections if len(s.path) > 1 and s.path[0].startswith("5.")}
    assert tasks == {f"5.{n}" for n in range(1, 8)}
    assert len(corpus.glossary) >= 40
    assert len(corpus.digest) == 64


def test_catalogue_has_exactly_the_fixed_ids() -> None:
    ids = fixed_service_ids()
    assert len(ids) == 68 and len(set(ids)) == 68
    assert load_corpus(CORPUS).service_ids == ids


@pytest.mark.skipif(not FACTS.exists(), reason="shared/reference is not beside this checkout")
def test_catalogue_carries_the_reference_facts_over() -> None:
    facts = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    assert [f["id"] for f in facts] == fixed_service_ids(), "tests/data/service_ids.txt differs from the reference"
    corpus = load_corpus(CORPUS)
    for fact in facts:
        service = corpus.service(fact["id"])
        assert service is not None
        assert service.verified == fact["verified"], fact["id"]
        assert service.urgent == fact["urgent"], fact["id"]
        assert [(c.type, c.source_value, c.hours) for c in service.channels] == [
            (c["type"], str(c["value"]), c.get("hours")) for c in fact["channels"]
        ], fact["id"]


def test_unverified_values_are_marked_not_facts() -> None:
    corpus = load_corpus(CORPUS)
    neuvola = corpus.service("neuvola")
    assert neuvola is not None
    assert not neuvola.channels[0].hours_verified
    nollalinja = corpus.service("nollalinja")
    assert nollalinja is not None and nollalinja.channels[0].verified and nollalinja.channels[0].hours_verified


def test_services_have_three_languages_and_plain_finnish() -> None:
    for service in load_corpus(CORPUS).services:
        assert service.name.sv and service.name.en and service.summary.sv and service.summary.en
        assert service.summary_plain_fi


def test_handbook_sections_keep_links_as_urls_not_markdown() -> None:
    corpus = load_corpus(CORPUS)
    marak = [s for s in corpus.sections if "5.6" in s.path[-1]][0]
    assert any("marak" in url.lower() for url in marak.urls)
    assert "](" not in marak.text


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return copy_corpus(tmp_path / "corpus")


def test_missing_field_names_file_line_entry_and_field(broken: Path) -> None:
    path = broken / "services.yaml"
    replace_in(path, "  level: varhainen-tuki\n", "")
    with pytest.raises(CorpusError) as info:
        load_corpus(broken)
    err = info.value
    assert err.path.endswith("services.yaml") and err.entry == "pyyda-apua" and err.field == "level"
    assert err.line is not None and 1 <= err.line < 40
    assert "services.yaml:" in str(err) and "'level'" in str(err)


def test_wrong_value_names_the_line_of_that_field(broken: Path) -> None:
    path = broken / "services.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("  urgent: false") + 1
    replace_in(path, "  urgent: false\n", "  urgent: maybe\n")
    with pytest.raises(CorpusError) as info:
        load_corpus(broken)
    assert info.value.field == "urgent" and info.value.line == line


def test_unknown_theme_is_rejected(broken: Path) -> None:
    replace_in(broken / "services.yaml", "themes: [verkkopalvelut,", "themes: [tahtienvalssi,")
    with pytest.raises(CorpusError, match="themes"):
        load_corpus(broken)


def test_duplicate_service_id_is_rejected(broken: Path) -> None:
    replace_in(broken / "services.yaml", "- id: apua-huoliin-chat", "- id: pyyda-apua")
    with pytest.raises(CorpusError, match="duplicate id") as info:
        load_corpus(broken)
    assert info.value.entry == "pyyda-apua"


def test_invalid_yaml_reports_the_line(broken: Path) -> None:
    path = broken / "glossary.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "- term: [unclosed\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="invalid YAML") as info:
        load_corpus(broken)
    assert info.value.line is not None and info.value.line > 1


def test_glossary_must_refer_to_known_services(broken: Path) -> None:
    replace_in(broken / "glossary.yaml", "services: [apua-huoliin-chat]", "services: [no-such-service]")
    with pytest.raises(CorpusError, match="unknown service id") as info:
        load_corpus(broken)
    assert info.value.field == "services"


def test_glossary_url_must_be_a_url(broken: Path) -> None:
    replace_in(broken / "glossary.yaml", 'url: "https://lapha.fi/apua-huoliin"', "url: lapha apua huoliin")
    with pytest.raises(CorpusError) as info:
        load_corpus(broken)
    assert info.value.field == "url" and info.value.entry == "Apua huoliin -chat"


def test_handbook_text_before_first_heading_is_rejected(broken: Path) -> None:
    path = broken / "handbook.md"
    path.write_text("Irrallinen rivi\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CorpusError, match="before the first heading"):
        load_corpus(broken)


def test_missing_file_is_named(broken: Path) -> None:
    (broken / "services.yaml").unlink()
    with pytest.raises(CorpusError, match="services.yaml: file is missing"):
        load_corpus(broken)


def test_non_utf8_file_is_rejected(broken: Path) -> None:
    (broken / "handbook.md").write_bytes("# Otsikko\n\nPäivä".encode("latin-1"))
    with pytest.raises(CorpusError, match="not UTF-8"):
        load_corpus(broken)


def test_real_needs_and_curated_answers_load_and_check_clean() -> None:
    corpus = load_corpus(CORPUS)
    assert len(corpus.needs) >= 60 and len(corpus.answers) >= 150
    assert {n.urgency for n in corpus.needs} == {"everyday", "support", "urgent"}
    assert check_corpus(CORPUS) == []


def test_curated_answer_citing_a_missing_section_names_entry_and_field(broken: Path) -> None:
    replace_in(
        broken / "answers.yaml",
        "    - 3. Rovaniemen perhekeskus - mikä se on?\n",
        "    - 99. Ei tällaista lukua\n",
        count=1,
    )
    with pytest.raises(CorpusError, match="no handbook section titled '99. Ei tällaista lukua'") as info:
        load_corpus(broken)
    assert info.value.entry == "perhekeskus-mika-on" and info.value.field == "cites.handbook"
    assert info.value.path.endswith("answers.yaml") and info.value.line is not None


def test_curated_answer_with_an_invented_phone_number_is_rejected(broken: Path) -> None:
    replace_in(
        broken / "answers.yaml",
        "finns samlade i det elektroniska familjecentret på rovaniemi.fi/lapsiperheet.",
        "finns samlade i det elektroniska familjecentret på rovaniemi.fi/lapsiperheet. Ring 040 123 4567.",
    )
    with pytest.raises(CorpusError, match="0401234567") as info:
        load_corpus(broken)
    assert info.value.entry == "perhekeskus-mika-on" and info.value.field == "answer.sv"


def test_curated_answer_speaking_to_an_unknown_writer_names_entry_and_field(broken: Path) -> None:
    """`speaks_to` is parent, young or (left out) anyone."""
    replace_in(broken / "answers.yaml", "  speaks_to: parent", "  speaks_to: teacher", count=1)
    with pytest.raises(CorpusError) as info:
        load_corpus(broken)
    assert info.value.field is not None and "speaks_to" in info.value.field
    assert info.value.path.endswith("answers.yaml") and info.value.line is not None and info.value.entry


def test_need_with_an_unknown_service_is_rejected(broken: Path) -> None:
    replace_in(
        broken / "needs.yaml",
        "services: [neuvola, kasvatus-ja-perheneuvonta, apua-huoliin-chat, mll-vanhempainpuhelin]",
        "services: [neuvola, ei-ole-olemassa]",
    )
    with pytest.raises(CorpusError, match="unknown service id 'ei-ole-olemassa'") as info:
        load_corpus(broken)
    assert info.value.entry == "sleep" and info.value.field == "services"


def test_a_card_rule_naming_an_unknown_need_is_rejected_with_its_line(broken: Path) -> None:
    replace_in(broken / "services.yaml", "only_with: [poisoning]", "only_with: [poisoning, ei-tarvetta]")
    with pytest.raises(CorpusError, match="unknown need id 'ei-tarvetta'") as info:
        load_corpus(broken)
    assert info.value.entry == "myrkytystietokeskus" and info.value.field == "fits.only_with"
    assert info.value.path.endswith("services.yaml") and info.value.line is not None


def test_a_need_suggesting_a_service_kept_for_other_needs_is_rejected(broken: Path) -> None:
    """A shelter kept for violence needs cannot be a sleep need's service: the two files would disagree."""
    replace_in(
        broken / "needs.yaml",
        "services: [neuvola, kasvatus-ja-perheneuvonta, apua-huoliin-chat, mll-vanhempainpuhelin]",
        "services: [neuvola, rovaniemen-turvakoti]",
    )
    with pytest.raises(CorpusError, match="'rovaniemen-turvakoti' is suggested only for") as info:
        load_corpus(broken)
    assert info.value.entry == "sleep" and info.value.field == "services"


def test_card_ages_must_be_youngest_first(broken: Path) -> None:
    replace_in(broken / "services.yaml", "ages: [3, 6]", "ages: [6, 3]")
    with pytest.raises(CorpusError, match="ages") as info:
        load_corpus(broken)
    assert info.value.entry == "varhaiskasvatuskerhot"


def test_a_channel_note_without_a_translation_is_named(broken: Path) -> None:
    replace_in(broken / "services.yaml", 'hours: "aina"', 'hours: "aina paitsi jouluna"')
    problems = check_corpus(broken)
    assert any(
        p.field is not None and p.field.endswith(".hours") and "aina paitsi jouluna" in str(p) for p in problems
    ), problems


def test_a_translated_note_must_keep_its_numbers(broken: Path) -> None:
    replace_in(
        broken / "catalogue_notes.yaml", 'en: "reply within 1–2 working days', 'en: "reply within 2–3 working days'
    )
    problems = check_corpus(broken)
    assert [(p.field, p.line is not None) for p in problems] == [("en", True)], problems


def test_catalogue_summary_with_a_number_no_source_states_is_rejected(broken: Path) -> None:
    replace_in(
        broken / "services.yaml",
        "Neuvokas perhe on tapa puhua perheen kanssa elintavoista.",
        "Neuvokas perhe on tapa puhua perheen kanssa elintavoista 45 minuuttia.",
    )
    with pytest.raises(CorpusError, match="states 45") as info:
        load_corpus(broken)
    assert info.value.entry == "neuvokas-perhe" and info.value.field == "summary_plain_fi"


def test_corpus_check_lists_every_problem_and_exits_1(broken: Path) -> None:
    replace_in(broken / "needs.yaml", "services: [neuvola, motti, kasvatus-ja-perheneuvonta]", "services: [nope]")
    replace_in(
        broken / "answers.yaml", "    - 3. Rovaniemen perhekeskus - mikä se on?\n", "    - 99. Ei ole\n", count=1
    )
    result = CliRunner().invoke(cli.app, ["corpus", "check", "--corpus", str(broken)])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 2
    assert "needs.yaml:" in lines[0] and "entry 'speech-language'" in lines[0] and "field 'services'" in lines[0]
    assert "answers.yaml:" in lines[1] and "field 'cites.handbook'" in lines[1]


def test_corpus_check_names_a_renamed_answer_that_conditions_yaml_still_lists(broken: Path) -> None:
    replace_in(broken / "answers.yaml", "- id: eron-ensiapu\n", "- id: eron-ensiapu-uusi\n")
    result = CliRunner().invoke(cli.app, ["corpus", "check", "--corpus", str(broken)])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    # Its translations are left behind too (corpus/translations/: listed, never fatal); conditions.yaml is the problem.
    problems = [line for line in lines if "/translations/" not in line]
    assert len(problems) == 1 and "conditions.yaml:" in problems[0] and "'eron-ensiapu'" in problems[0], lines
    assert all("no curated answer 'eron-ensiapu'" in line for line in lines if "/translations/" in line)


def test_corpus_check_says_ok_on_the_real_corpus() -> None:
    result = CliRunner().invoke(cli.app, ["corpus", "check", "--corpus", str(CORPUS)])
    assert result.exit_code == 0, result.stdout
    assert "curated answers" in result.stdout


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Soita 0800 02400 tai +358 40 123 4567.", "phone", "080002400"),
        ("Katso https://www.rovaniemi.fi/lapsiperheet.", "url", "rovaniemi.fi/lapsiperheet"),
        ("Kirjoita osoitteeseen perhe@rovaniemi.fi.", "email", "perhe@rovaniemi.fi"),
        ("Vastaus tulee 1–2 arkipäivässä, klo 9.30.", "number", "9.30"),
    ],
)
def test_facts_are_found_and_normalised(text: str, kind: str, value: str) -> None:
    assert value in facts(text)[kind]


def test_a_web_address_with_a_note_inside_is_rejected(broken: Path) -> None:
    replace_in(
        broken / "services.yaml",
        "value: https://www.rovaniemi.fi/Kohderyhmat/Lapsiperheet---Rovaniemen-perhekeskus\n      label: vertaisryhmät",
        "value: https://www.rovaniemi.fi/Kohderyhmat/Lapsiperheet---Rovaniemen-perhekeskus (vertaisryhmät)",
    )
    with pytest.raises(CorpusError, match="one URL without spaces") as info:
        load_corpus(broken)
    assert info.value.field is not None and info.value.field.startswith("channels")


def test_every_catalogue_address_is_one_url() -> None:
    corpus = load_corpus(CORPUS)
    for service in corpus.services:
        for channel in service.channels:
            if channel.value.startswith("http"):
                assert re.fullmatch(r"https?://[^\s()]+", channel.value), (service.id, channel.value)
