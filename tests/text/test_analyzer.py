"""Finnish analysis: lemmas, compound parts, both Voikko backends, the Snowball fallback."""

from __future__ import annotations

import pytest

from assistant.text import SnowballAnalyzer, VoikkoAnalyzer, build_analyzer
from assistant.text.voikko import NativeVoikko, PythonVoikko, _compound_parts, available_backend, load_voikko

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module", params=["native", "python"])
def voikko(request: pytest.FixtureRequest) -> VoikkoAnalyzer:
    backend = load_voikko(request.param)
    if backend is None or backend.name != request.param:
        pytest.fail(f"Voikko backend {request.param} is not installed (see .ci/run)")
    return VoikkoAnalyzer(backend)


def test_inflected_compound_gives_lemma_parts_and_head(voikko: VoikkoAnalyzer) -> None:
    terms = voikko.terms("lähisuhdeväkivaltaan")
    assert terms[0] == "lähisuhdeväkivalta"
    assert {"väkivalta", "lähisuhde", "suhde"} <= set(terms)


def test_genitive_compound(voikko: VoikkoAnalyzer) -> None:
    assert {"perheneuvola", "perhe", "neuvola"} <= set(voikko.terms("perheneuvolan"))


def test_question_and_document_meet_on_lemmas(voikko: VoikkoAnalyzer) -> None:
    question = set(voikko.terms("Mistä löytyy apua väkivaltaan?"))
    document = set(voikko.terms("Lähisuhdeväkivallan ehkäisy kuuluu perhekeskuksen tehtäviin."))
    assert "väkivalta" in question & document


def test_derived_compound_parts_are_whole_words() -> None:
    # libvoikko marks derivation inside WORDBASES; parts must still be real words.
    parts = _compound_parts("kasvatusneuvonta", "+kasvat(kasvattaa)+us(+us)+neuvo(neuvoa)+n+ta(+ta)")
    assert parts == ("kasvatus", "neuvonta")
    assert _compound_parts("puoliso", "+puoliso(puoliso)") == ()


def test_native_and_python_backends_agree_on_common_words() -> None:
    native, python = NativeVoikko(), PythonVoikko()
    for word in ["perheneuvolan", "lähisuhdeväkivaltaan", "neuvolaan", "vanhemmuutta", "Rovaniemellä"]:
        assert {a.lemma for a in native.analyze(word)} == {a.lemma for a in python.analyze(word)}, word


def test_stopwords_and_unknown_words(voikko: VoikkoAnalyzer) -> None:
    terms = voikko.terms("Mikä on Vakkanen ja MARAK?")
    assert "olla" not in terms and "ja" not in terms
    assert "vakkan" in terms  # unknown to Voikko: Snowball stem, same for 'Vakkasen'
    assert "vakkan" in voikko.terms("Vakkasen")


def test_snowball_fallback_stems() -> None:
    snowball = SnowballAnalyzer()
    assert snowball.terms("perheneuvolan") == snowball.terms("perheneuvola")
    assert snowball.id != VoikkoAnalyzer.id


def test_build_analyzer_falls_back_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("assistant.text.analyzer.load_voikko", lambda preference: None)
    analyzer = build_analyzer("voikko")
    assert isinstance(analyzer, SnowballAnalyzer)
    assert "falling back to the Snowball stemmer" in caplog.text


def test_question_terms_weigh_the_whole_lemma_twice(voikko: VoikkoAnalyzer) -> None:
    terms = voikko.query_terms("uimapukusäännöstä")
    assert terms.count("uimapukusääntö") == 2
    assert terms.count("sääntö") == 1  # a part: once
    assert set(terms) == set(voikko.terms("uimapukusäännöstä"))


def test_missing_diacritics_are_restored_before_stemming(voikko: VoikkoAnalyzer) -> None:
    assert voikko.terms("paivakodissa") == voikko.terms("päiväkodissa")
    assert "tyttö" in voikko.terms("tyttojen")


def test_spoken_forms_map_to_standard_words(voikko: VoikkoAnalyzer) -> None:
    assert voikko.terms("mä oon ihan loppu") == voikko.terms("minä olen ihan loppu")
    assert voikko.terms("meiän lapsel") == voikko.terms("meidän lapsella")


def test_native_backend_corrects_one_letter_typos() -> None:
    native = VoikkoAnalyzer(NativeVoikko())
    assert native.terms("lastensuojeluilmotus") == native.terms("lastensuojeluilmoitus")
    assert native.terms("vauvaryhmmä") == native.terms("vauvaryhmä")
    # A name nobody misspelled stays as it is (no suggestion is one edit away from it).
    assert native.terms("Nokko") == native.terms("nokko")


def test_spelled_text_restores_diacritics_and_typos_and_keeps_the_rest() -> None:
    native = VoikkoAnalyzer(NativeVoikko())
    assert native.spelled("onko sahkoinen perhekeskus auki?") == "onko sähköinen perhekeskus auki?"
    assert native.spelled("Paivakoti ja vauvaryhmmä") == "Päiväkoti ja vauvaryhmä"
    # Spoken forms are written out ('ilmanen' read as something else drew a baby's sleep answer to 'onks neuvola
    # ilmanen'); known words and short words are left as written.
    assert native.spelled("mun lapsi ei nuku, oon poikki") == "minun lapsi ei nuku, olen poikki"
    assert native.spelled("Onks neuvola ilmanen?") == "Onko neuvola ilmainen?"
    assert native.spelled("2-vuotias ei nuku") == "2-vuotias ei nuku"


def test_one_edit() -> None:
    from assistant.text.analyzer import _one_edit

    assert _one_edit("ilmotus", "ilmoitus") and _one_edit("ryhmma", "ryhma") and _one_edit("lpasi", "lapsi")
    assert not _one_edit("naukku", "nuku") and not _one_edit("abc", "xyz")


def test_corrections_per_text_are_bounded_and_depend_on_the_text_alone() -> None:
    from assistant.text.analyzer import MAX_CORRECTIONS

    native = VoikkoAnalyzer(NativeVoikko())
    gibberish = " ".join(f"kalopisu{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(MAX_CORRECTIONS))
    assert "päiväkoti" in native.terms("paivakodissa")
    # After the text's budget is spent, a typo is stemmed, even though its correction is known by now.
    late = native.terms(gibberish + " paivakodissa")
    assert "päiväkoti" not in late and late == VoikkoAnalyzer(NativeVoikko()).terms(gibberish + " paivakodissa")
    assert native._correction.cache_info().currsize == MAX_CORRECTIONS + 1


class CountingBackend:
    """A real Voikko backend (native first) that counts the words it is asked to analyse."""

    def __init__(self) -> None:
        inner = load_voikko("auto")
        if inner is None:
            pytest.fail("no Voikko backend is installed (see .ci/run)")
        self.inner, self.name, self.asked = inner, inner.name, 0

    def analyze(self, word: str) -> list:  # type: ignore[type-arg]
        self.asked += 1
        return self.inner.analyze(word)


def test_a_text_analysed_again_costs_no_voikko_call_and_gives_the_same_terms() -> None:
    backend = CountingBackend()
    analyzer = VoikkoAnalyzer(backend)  # type: ignore[arg-type]
    text = "Mistä löytyy apua lähisuhdeväkivaltaan?"
    first, query = analyzer.terms(text), analyzer.query_terms(text)
    known = analyzer.knows("neuvola")
    asked = backend.asked
    assert analyzer.terms(text) == first and analyzer.query_terms(text) == query
    assert analyzer.knows("neuvola") is known is True
    assert backend.asked == asked


def test_terms_from_the_cache_are_the_callers_own_list() -> None:
    analyzer = build_analyzer("voikko")
    terms = analyzer.terms("perheneuvolan palvelut")
    terms.append("muutettu")
    assert "muutettu" not in analyzer.terms("perheneuvolan palvelut")


def test_the_backend_in_use_is_named_without_loading_it() -> None:
    assert available_backend("native") == "native"
    assert available_backend("auto") == "native"  # native first when installed
    assert available_backend("python") == "python"


def test_spelled_text_leaves_the_part_after_a_hyphen() -> None:
    # 'vuotias' alone is no word: it became 'vuotikas' in '2-vuotias'.
    native = VoikkoAnalyzer(NativeVoikko())
    assert native.spelled("meidän 2-vuotias ja paivakoti") == "meidän 2-vuotias ja päiväkoti"


def test_the_city_of_vasa_is_not_the_vasa_network() -> None:
    from assistant.text.normalize import without_place_collisions

    assert without_place_collisions("Vi flyttade hit från Vasa i våras") == "Vi flyttade hit från Vaasa i våras"
    assert without_place_collisions("we moved from Vasa last year") == "we moved from Vaasa last year"
    # The network by its own name stays.
    for text in ("Vad är Vasa-nätverket?", "Hur jobbar man i VaSa?", "Mikä on VaSa-verkosto?"):
        assert without_place_collisions(text) == text
