"""Reading whom a question is about: children's ages, a parent or a young person writing."""

from __future__ import annotations

import pytest

from assistant.text.audience import Audience, follow_up_ages, read_audience


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Mun 3v ei nuku öisin, mitä teen?", 3),
        ("kolmevuotias tyttäreni puhuu vähän", 3),
        ("meidan 4-vuotiaalle ei kelpaa ruoka", 4),
        ("Min treåring får raseriutbrott", 3),
        ("Vår 5-åring vill inte gå till dagis", 5),
        ("My 2-year-old bites other kids", 2),
        ("our son is seven years old and gets bullied", 7),
        # an age in the genitive: 'vuoden vanha' is one year old
        ("vuoden vanha tyttömme on kotihoidossa", 1),
        ("meidän kahden vuoden ikäinen poika kiukuttelee", 2),
    ],
)
def test_a_child_age_with_an_age_word_is_read_in_fi_sv_en(text: str, age: int) -> None:
    audience = read_audience(text)
    assert (float(age), float(age)) in audience.ages
    assert audience.parent and not audience.youth


def test_spoken_number_words_and_two_ages_sharing_one_age_word_are_read() -> None:
    # 'kaksvuotias' is spoken Finnish; a card for children over three was shown to a parent of one (tune rating).
    assert read_audience("mä en saa kantaa meiän kaksvuotiasta viikkoon").ages == ((2.0, 2.0),)
    assert read_audience("kaheksanvuotias poika").ages == ((8.0, 8.0),)
    assert set(read_audience("lapset on 3- ja 6-vuotiaat").ages) == {(3.0, 3.0), (6.0, 6.0)}
    assert set(read_audience("meil on kaks- ja viisvuotiaat").ages) == {(2.0, 2.0), (5.0, 5.0)}
    assert set(read_audience("our 4- and 9-year-olds fight").ages) == {(4.0, 4.0), (9.0, 9.0)}
    assert read_audience("käyn siellä 2- ja 3 kertaa viikossa").ages == ()
    # Swedish 'på N år' and English 'aged N': a baby group was shown to a father of a 3- and a 6-year-old (user trial).
    assert set(read_audience("vi har två barn på 3 och 6 år").ages) == {(3.0, 3.0), (6.0, 6.0)}
    assert set(read_audience("my kids, ages 2, 5 and 9").ages) == {(2.0, 2.0), (5.0, 5.0), (9.0, 9.0)}
    assert read_audience("vi har varit gifta i 12 år och bor på 3 våningen").ages == ()
    assert read_audience("viisas lapsi").ages == ()  # not "viis" (five)


def test_months_and_life_stages_give_spans() -> None:
    assert read_audience("18 kk ikäinen heräilee")
    assert read_audience("My 18 month old bites").ages == ((1.5, 1.5),)
    assert read_audience("taapero kiukuttelee").ages == ((1, 3),)
    assert read_audience("teini ei puhu mulle").ages == ((12, 18),)


@pytest.mark.parametrize(
    "text",
    [
        "poika ei haluais jäädä päiväkotiin aamuisin",
        "tarhaan lähtö on joka aamu yhtä taistelua",
        "hon vill inte stanna på dagis",
        "she hates being left at daycare",
        "our son started kindergarten and cries",
    ],
)
def test_a_child_in_day_care_is_under_school_age(text: str) -> None:
    assert read_audience(text).ages == ((0, 6),)


def test_day_care_beside_school_or_a_given_age_says_nothing_more() -> None:
    # Two children, one at school: the day-care stage alone would keep the older child's services away.
    assert read_audience("toinen lapsi on koulussa ja toinen päiväkodissa").ages == ()
    assert read_audience("eskarilainen ja isosisko koulussa, päiväkoti loppuu keväällä").ages == ((5, 6),)
    assert read_audience("meidän 4-vuotias päiväkodissa").ages == ((4.0, 4.0),)


def test_a_number_without_an_age_word_is_not_an_age() -> None:
    assert read_audience("olemme olleet naimisissa 10 vuotta ja riitelemme").ages == ()
    assert read_audience("Vauvoja syntyi 558 vuonna 2024").ages == ((0, 1),)  # the stage word only


def test_a_young_writer_is_told_from_a_parent() -> None:
    young = read_audience("oon 15 ja mun äiti juo liikaa")
    assert young.youth and not young.parent and young.ages == ((15.0, 15.0),)
    assert read_audience("Jag är 16 och mina föräldrar bråkar hela tiden").youth
    # A young person speaking of their parents as others, with no age given.
    assert read_audience("pääsenkö sinne ilman et vanhemmat tietää").youth
    assert read_audience("en uskalla puhua näistä vanhemmille").youth
    assert read_audience("is there a chat I can use without my parents knowing?").youth
    assert not read_audience("Mitä vanhemmille tarkoitettuja ryhmiä on?").youth
    parent = read_audience("olen 2-vuotiaan äiti ja ihan väsynyt")
    assert parent.parent and not parent.youth and parent.ages == ((2.0, 2.0),)
    adult = read_audience("I'm 34 and my toddler won't eat")
    assert adult.parent and adult.ages == ((1, 3),)


def test_ages_fit_overlapping_spans_only() -> None:
    three = Audience(ages=((3.0, 3.0),))
    assert three.fits_ages((0, 6)) and three.fits_ages(None)
    assert not three.fits_ages((0, 0.99))
    assert Audience().fits_ages((0, 0.99))  # no age in the question: every service fits


@pytest.mark.parametrize(
    "text",
    [
        "My husband drinks a lot at weekends",
        "Mieheni juo yhä useammin iltaisin",
        "mun vaimo on ihan loppu",
        "Min sambo dricker varje kväll",
        "Olen 68-vuotias isoäiti",
        "Jag är mormor och orolig för min dotter",
        "I'm an aunt living in Germany",
        "lapsenlapset tulevat meille kesäksi",
        # A single parent or a parent of so many children: 'yh-äiti' got the answer to young people who cannot talk
        # to their parents (raters of the tune roles, 2026-11-30).
        "mä oon yh-äiti ja ei oo ketään kenen kaa jutella",
        "olen kolmen lapsen isä",
        "jag är ensamstående mamma",
        "single dad here, who watches the kids when I'm ill",
    ],
)
def test_a_spouse_grandparent_single_parent_or_other_adult_writes_as_an_adult(text: str) -> None:
    audience = read_audience(text)
    assert audience.parent and not audience.youth


def test_a_young_person_naming_a_relative_is_still_young() -> None:
    assert read_audience("oon 15 ja mun äiti juo joka viikonloppu").youth
    assert not read_audience("mun mummo on sairas").parent
    assert read_audience("mun äiti on yh-äiti ja aina väsynyt").youth


def test_a_young_writers_own_age_with_a_v_is_their_own() -> None:
    assert read_audience("oon 13v tyttö ja ahdistaa koulussa").youth
    assert not read_audience("olen 2-vuotiaan äiti").youth


def test_a_wife_or_spouse_named_without_a_possessive_is_still_an_adults_word() -> None:
    assert read_audience("vaimo juo joka ilta ja lapset pelkää").parent
    assert read_audience("husband drinks every night").parent


@pytest.mark.parametrize(
    "text",
    [
        "Olen 68-vuotias isoäiti ja olen huolissani tyttäreni jaksamisesta",
        "mummo tässä, lapsenlapseni ei nuku öisin",
        "Jag är farmor, min sons familj har det tungt",
        "I'm an aunt living abroad, my sister's kids worry me",
        "olen 19-vuotias isosisko ja pikkuveli voi huonosti",
    ],
)
def test_a_relative_writing_is_an_adult_but_not_the_parent_nor_a_young_writer(text: str) -> None:
    audience = read_audience(text)
    assert audience.relative and not audience.youth


@pytest.mark.parametrize(
    "text", ["mun mummo kuoli, oon 12 ja surettaa", "my grandma died and my son is sad", "oon 15 ja mun äiti juo"]
)
def test_naming_a_relative_is_not_writing_as_one(text: str) -> None:
    assert not read_audience(text).relative


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("pääsin keväällä peruskoulusta enkä päässyt mihinkään jatkoon", True),
        ("oon 18 ja keskeytin amiksen syksyllä", True),
        ("We moved here after I graduated from upper secondary", True),
        ("jag hoppade av gymnasiet i höstas", True),
        ("meidän 16v käy lukiota ja stressaa kokeista", False),
        ("lopetin salibandyn koska koulu vie kaiken ajan", False),
    ],
)
def test_a_young_person_who_has_left_school_is_read(text: str, left: bool) -> None:
    assert read_audience(text).left_school is left


@pytest.mark.parametrize(
    ("text", "age"),
    [("mun lapsi on 5 ja tosi levoton", 5), ("my son is 8 and very anxious", 8), ("min dotter är 6 och gråter", 6)],
)
def test_a_child_named_before_a_bare_number_gives_the_age(text: str, age: int) -> None:
    assert read_audience(text).ages == ((float(age), float(age)),)


def test_a_bare_number_of_children_or_of_months_is_no_age_in_years() -> None:
    assert read_audience("meillä on 3 lasta").ages == ()
    assert read_audience("lapsi on 5 kk").ages[0][0] < 1


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Entä kun hän täyttää vuoden?", 1),
        ("entä kun se täyttää kolme", 3),
        ("och när hon fyller två?", 2),
        ("and once he turns 4?", 4),
    ],
)
def test_a_follow_up_about_the_age_a_child_turns_moves_past_that_birthday(text: str, age: int) -> None:
    (low, high), *_ = follow_up_ages(text)
    # From the birthday on: a child turning one is no longer one of the 'alle 1-vuotiaat' (0, 1).
    assert age < low < high < age + 1
    assert not Audience(ages=follow_up_ages(text)).fits_ages((0.0, float(age)))


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Моєму синові 3 роки, він не говорить", 3.0),
        ("дочке 5 лет, она боится детского сада", 5.0),
        ("ابنتي عمرها 4 سنوات", 4.0),
        ("دخترم ۲ ساله است", 2.0),  # Persian digits
        ("oğlum 6 yaşında", 6.0),
        ("Gabadhaydu waa 8 jir", 8.0),
        ("minu tütar on 7-aastane", 7.0),
        ("mi hijo tiene 10 años", 10.0),
        ("ma fille a 4 ans", 4.0),
        ("Con gái tôi 3 tuổi", 3.0),
        ("我女儿5岁", 5.0),
        ("vajza ime është 9 vjeç", 9.0),
        ("ลูกสาว 4 ขวบ", 4.0),
        ("мій син у 3 класі", 9.0),  # a school class: the class plus six
        ("Mu mánná lea 6 jahkásaš", 6.0),  # Northern Sami
        # A school class as an ordinal word, and the Chinese school stages.
        ("بنتي في الصف الثالث", 9.0),
        ("дочь ходит в шестой класс", 12.0),
        ("син навчається у п'ятому класі", 11.0),
        ("kızım ikinci sınıfta", 8.0),
        ("دخترم کلاس دوم است", 8.0),
        ("mi hija va a segundo grado", 8.0),
        ("儿子二年级", 8.0),
        ("女儿上高中", 16.0),
    ],
)
def test_a_child_age_is_read_in_the_languages_we_translate_into(text: str, age: float) -> None:
    assert age in [low for low, _ in read_audience(text).ages]


def test_months_of_age_in_other_languages_and_a_time_ago_is_no_age() -> None:
    assert read_audience("моєму малюку 8 місяців").ages == ((8 / 12, 8 / 12),)
    assert read_audience("bebeğim 10 aylık").ages == ((10 / 12, 10 / 12),)
    # A time ago or a duration: 'two years ago', 'we have lived here for three years', 'since four years'.
    assert read_audience("Мы переехали 2 года назад").ages == ()
    assert read_audience("мы здесь уже 3 года").ages == ()
    assert read_audience("vivimos aquí desde hace 2 años").ages == ()
    assert read_audience("nous sommes ici depuis 4 ans").ages == ()
    assert read_audience("۲ سال است اینجا هستیم").ages == ()


@pytest.mark.parametrize(
    "text",
    [
        "olen varhaiskasvatuksen opettaja ja ryhmässäni on 4-vuotias, joka ei puhu",
        "työskentelen neuvolassa, miten saan konsultoida perheneuvolaa?",
        "oon koulukuraattori ja yks oppilaani on ollut poissa kolme viikkoa",
        "Jag jobbar som hälsovårdare och undrar över nätverkets möten",
        "I'm a school nurse. Where can I find the tool for raising concerns?",
        "I work at a daycare and one of the families worries me",
    ],
)
def test_a_worker_writing_in_their_role_is_a_professional_not_a_family(text: str) -> None:
    audience = read_audience(text)
    assert audience.professional and not audience.youth and not audience.relative


@pytest.mark.parametrize(
    "text",
    [
        "olen opettaja ja oma poikani ei suostu menemään kouluun",  # a teacher writing of their own child
        "I'm a nurse and my daughter is 3, can she go to the open daycare?",
        "olen vuorotyöntekijä ja lapsi ei nuku öisin",  # a shift worker, not a worker with families
        "mun työssä on kiire ja lapsi valvoo",
        "oon 15 ja opettaja ei usko mua",  # a young person writing of their teacher
        "Olen 70-vuotias isoäiti ja entinen opettaja",
    ],
)
def test_a_parent_young_person_or_relative_who_names_a_job_is_not_writing_as_a_professional(text: str) -> None:
    assert not read_audience(text).professional
