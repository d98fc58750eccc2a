"""Who a question is about: the ages of the children it mentions, and whether a parent or a young person writes.

Used to keep service cards for other groups away from an answer (raters found a baby group under a question about
a three-year-old, and children's chats under a parent's question misleading). Patterns are matched on folded
text (lower case, ä/ö/å as a/o/a), so 'kolmevuotias', 'kolmevuotias' without dots and '3v' read the same."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

Span = tuple[float, float]  # youngest and oldest age in years, inclusive; a baby is (0, 1)

# fmt: off
_NUMBER_WORDS = {
    # Finnish
    "yksi": 1, "kaksi": 2, "kolme": 3, "nelja": 4, "viisi": 5, "kuusi": 6, "seitseman": 7, "kahdeksan": 8,
    "yhdeksan": 9, "kymmenen": 10, "yksitoista": 11, "kaksitoista": 12, "kolmetoista": 13, "neljatoista": 14,
    "viisitoista": 15, "kuusitoista": 16, "seitsemantoista": 17, "kahdeksantoista": 18,
    # spoken Finnish ('kaksvuotias', 'viis vee', 'kaheksanvuotias')
    "yks": 1, "kaks": 2, "viis": 5, "kuus": 6, "seitteman": 7, "kaheksan": 8, "yheksan": 9,
    "ykstoista": 11, "kakstoista": 12, "viistoista": 15, "kuustoista": 16, "seittemantoista": 17,
    "kaheksantoista": 18,
    # Swedish ('ett' and 'en' are left out: 'en år' is not how an age is written)
    "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "atta": 8, "nio": 9, "tio": 10, "elva": 11,
    "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16, "sjutton": 17,
    # English
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17,
}
# fmt: on
_NUM = r"(\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"

# An age in years: '3-vuotias', '3v', '3 vee', 'kolmevuotiaalle', '3-åring', 'treåringen', '3 år gammal',
# '3-year-old', '3 yo', 'three years old'. A bare 'vuotta' or 'år' is not an age ('10 vuotta naimisissa').
_YEARS = re.compile(
    _NUM + r"\s*-?\s*(?:vuotia\w*|vuotis\w*|v\b|vee\b|ve\b|v\.|"
    r"aring\w*|arig\w*|ar\s+gammal|"
    r"years?[\s-]*olds?\b|yrs?[\s-]*olds?\b|yo\b|y/o\b)"
)
# The first of two ages sharing one age word: '2- ja 5-vuotiaat', 'kaks- ja viisvuotiaat', '3- och 6-åringar'.
_SHARED_AGE = re.compile(_NUM + r"\s*-\s*(?:ja|tai|och|eller|and|or)\s+(?=" + _YEARS.pattern + ")")
# Ages after a preposition, one or several: 'två barn på 3 och 6 år', 'en son på fem år', 'kids aged 4 and 7',
# 'ages 3, 5 and 8'. Not a bare 'år' or 'years' ('gifta i 10 år').
_NUMS = r"((?:" + _NUM[1:-1] + r")(?:\s*(?:,|och|and|&)\s*(?:" + _NUM[1:-1] + r"))*)"
_AGES_AFTER = re.compile(r"\bpa\s+" + _NUMS + r"\s+ar\b|\bage[ds]?\s+" + _NUMS)
# 'vuoden vanha', 'kahden vuoden ikäinen', '3 vuoden ikäinen', 'puolen vuoden ikäinen' (an age in the genitive).
_GENITIVE_YEARS = {
    "puolen": 0.5,
    "vuoden": 1,
    "kahden": 2,
    "kahen": 2,
    "kolmen": 3,
    "neljan": 4,
    "viiden": 5,
    "kuuden": 6,
    "seitseman": 7,
    "kahdeksan": 8,
    "yhdeksan": 9,
    "kymmenen": 10,
    "yhdentoista": 11,
    "kahdentoista": 12,
}
_YEARS_OF_AGE = re.compile(r"\b(?:(\d{1,2}|[a-z]+)\s+)?vuoden\s+(?:vanha\w*|ikai\w*)")
_MONTHS = re.compile(r"(\d{1,2})\s*-?\s*(?:kk\b|kuukau\w*|kuukaus\w*|manader\b|manad\w*|months?\b|mo\b)")
# Ages in the other languages families write in (the answers are translated into 14 of them): a number, then the
# language's word for years or months of age. Cards for another age (a baby café under a two-year-old written of in
# Ukrainian, a youth service for 15-29-year-olds under a fourth-grader written of in Arabic) were marked harmful by
# raters of the tune roles (2026-11-30, ninth session): the ages were read only in Finnish, Swedish and English.
# Digits in Arabic and Persian script are read as 0-9 first (_DIGITS).
_WORLD_YEARS = re.compile(
    r"(\d{1,2})\s*-?\s*(?:"
    r"год\w*|лет\b|летн\w*|рок\w*|рік\w*|річн\w*|"  # Russian, Ukrainian
    r"سنة|سنوات|سنين|عام|أعوام|ساله\w*|سالش\w*|سالم\w*|سالگی\w*|"  # Arabic, Persian (bare "سال" is as often a duration)
    r"yas\w*|yaş\w*|jir\b|sano\s+jir\b|aasta\w*|anos?\b|años?\b|ans?\b|jahre?\w*|jährig\w*|jahrig\w*|"
    r"tuổi|tuoi\b|岁|歳|vjeç\w*|vjec\w*|ขวบ|ปี|salî\b|sali\b|jahká\w*|jahka\w*)"
)
_WORLD_MONTHS = re.compile(
    r"(\d{1,2})\s*-?\s*(?:мес\w*|місяц\w*|міс\b|شهر|شهور|أشهر|اشهر|ماهه\w*|ماهش\w*|ay\b|aylık\w*|aylik\w*|bilood\w*|"
    r"kuu\w*|meses\b|mes\b|mois\b|monate?\w*|monat\w*|tháng|个月|ヶ月|muaj\w*|เดือน|meh\b|mehî\b|mánu\w*|manu\b)"
)
# A school class in those languages ('в 4 классе', '4-й клас', 'الصف 4'): the age is the class plus six, as in
# Finland, where school starts in the year a child turns seven.
_WORLD_GRADE = re.compile(
    r"(\d{1,2})\s*-?\s*(?:й\s+|м\s+|th\s+|st\s+|nd\s+|rd\s+)?(?:класс\w*|клас\w*|grade\b|sınıf\w*)|"
    r"(?:класс\w*|клас\w*|الصف|grade|sınıf\w*)\s+(\d{1,2})\b"
)
# A school class written as an ordinal word ('الصف الرابع', 'у четвертому класі', 'dördüncü sınıf', 'کلاس چهارم',
# '四年级'): the stem of each ordinal, by class; raters of the other-language tune set (2026-12-01) saw a bullied Arabic
# fourth-grader given a card for 15–29-year-olds. The text is folded (ä, ö, å without dots).
_ORDINAL_STEMS: tuple[tuple[int, str], ...] = (
    (1, "الأول|первы|первом|перш|birinci|primer|اول"),
    (2, "الثاني|втор|друг|ikinci|segund|دوم"),
    (3, "الثالث|трет|üçüncü|ucuncu|tercer|سوم"),
    (4, "الرابع|четв[её]рт|четверт|dordüncü|dorduncu|cuart|چهارم"),
    (5, "الخامس|пят|п'ят|пʼят|beşinci|besinci|quint|پنجم"),
    (6, "السادس|шест|шост|altıncı|altinci|sext|ششم"),
    (7, "السابع|седьм|сьом|yedinci|séptim|septim|هفتم"),
    (8, "الثامن|восьм|sekizinci|octav|هشتم"),
    (9, "التاسع|девят|дев'ят|девʼят|dokuzuncu|noven|نهم"),
)
_ORDINALS = tuple((grade, re.compile(rf"(?:{stems})")) for grade, stems in _ORDINAL_STEMS)
_GRADE_WORD = re.compile(
    r"(?:الصف|كلاس|کلاس)\s+(?P<after>\S+)|"
    r"(?P<before>\S+)\s+(?:(?P<between>\S+)\s+)?(?:класс\w*|клас\w*|sınıf\w*|sinif\w*|grado)"
)
_CHINESE_GRADE = re.compile(r"([一二三四五六七八九])年级")
_CHINESE_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
# Chinese school stages: primary 7–12, junior middle 13–15, senior middle 16–18.
_CHINESE_STAGES = (("小学", (7.0, 12.0)), ("初中", (13.0, 15.0)), ("高中", (16.0, 18.0)))


def _grade_in_words(world: str) -> list[tuple[float, float]]:
    """The ages (class + 6) of school classes written as words, and of the Chinese school stages."""
    spans: list[tuple[float, float]] = []
    for match in _GRADE_WORD.finditer(world):
        said = [w for w in (match.group("after"), match.group("between"), match.group("before")) if w]
        grade = next((n for w in said for n, ordinal in _ORDINALS if ordinal.match(w)), None)
        if grade is not None:
            spans.append((float(grade + 6), float(grade + 6)))
    for match in _CHINESE_GRADE.finditer(world):
        grade = _CHINESE_DIGITS[match.group(1)]
        spans.append((float(grade + 6), float(grade + 6)))
    spans += [span for stage, span in _CHINESE_STAGES if stage in world]
    return spans


# A time ago or a duration, not an age: 'vor 2 Jahren', 'hace 2 años', 'depuis 3 ans', '10 лет назад', 'уже 2 года',
# 'منذ سنتين' (the word before the number or after the age word).
_NOT_AGE_BEFORE = re.compile(
    r"(?:vor|seit|hace|desde|depuis|il\s+y\s+a|pendant|durante|уже|вже|за|через|после|після|منذ|قبل|خلال|since|for|ago)\s*$"
)
_NOT_AGE_AFTER = re.compile(r"\s*(?:назад|тому|ago|önce|once|پیش|sitten|sedan|kestänyt)\b")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_HALF = re.compile(r"puolitoista\s*-?\s*vuotia\w*|1,5\s*-?\s*(?:v\b|vuotia\w*)|one and a half|ett och ett halvt")

_DAY_CARE_WORDS = re.compile(
    r"\b(?:paivakod|paivakoti|tarha|dagis|daghem|forskola|daycare|day care|day-care|kindergarten|nursery)"
)
_DAY_CARE: Span = (0, 6)

# Life stages named without a number. Matched at a word start; compounds ('vauvaperhe') count.
_STAGES: list[tuple[re.Pattern[str], Span]] = [
    (re.compile(r"\b(?:vauva|vauvo|vastasyntyn|imevaisi|bebis|spadbarn|nyfodd|baby|babies|newborn|infant)"), (0, 1)),
    (re.compile(r"\b(?:taapero|smabarn|toddler)"), (1, 3)),
    (re.compile(r"\b(?:leikki-?ikai|dagisbarn|preschooler|forskolebarn)"), (3, 6)),
    (re.compile(r"\b(?:eskari|esikoulu|esikoululai|forskoleklass)"), (5, 6)),
    # A child in day care is under school age (a user trial, 2026-12-02: a three-year-old crying at the day-care door
    # every morning got the school-absence answer); not when the message speaks of school too (_SCHOOL_WORD).
    (_DAY_CARE_WORDS, _DAY_CARE),
    (re.compile(r"\b(?:alakoulu|alaluok|lagstadi|primary school|elementary school)"), (7, 12)),
    (re.compile(r"\b(?:ylakoulu|yla-?aste|hogstadi|middle school|secondary school)"), (12, 16)),
    (re.compile(r"\b(?:teini|murrosikai|tonaring|tonar|teen)"), (12, 18)),
    (re.compile(r"\b(?:lukiolai|lukiossa|lukioon|ammattikoulu|gymnasi|high school)"), (15, 19)),
]

# School named beside day care ('toinen koulussa, toinen päiväkodissa'): the day-care stage alone would keep school
# services away from the older child.
_SCHOOL_WORD = re.compile(r"\b(?:koulu|skola|skolan|school|luokka|luokalla|klass)")

# The writer speaks of their own child (a parent or carer), or of themself as a young person.
_PARENT = re.compile(
    r"\b(?:lapse(?:ni|mme|llani|llemme|ani|amme|stani|stamme)|lapsi(?:ni|mme)|lasten(?:i|me)\b|"
    r"poika(?:ni|mme)|poja(?:llani|lleni|ni|stani|ltani|llemme|mme)|tytt(?:o|ari)(?:ni|mme)|"
    r"tyttare(?:llani|lleni|ni|stani|mme)|vauva(?:ni|mme)|vauva(?:llani|llemme)|"
    r"(?:meidan|meijan|mun|mein|miun)\s+(?:lapsi|lapse\w*|poika|poja\w*|tytto|tyto\w*|tyttare\w*|vauva\w*|"
    r"taapero\w*|teini\w*|kuopus\w*|esikoi\w*|nuori\w*|nuore\w*|lapset|lapsia)|"
    r"(?:olen|oon)\s+(?:aiti|isa|vanhempi|yksinhuoltaja|yh-?(?:aiti|isa|vanhempi)|yksinhuoltaja(?:aiti|isa))|"
    r"\b(?:yh-?(?:aiti|isa)|yksinhuoltaja(?:aiti|isa)|ensamstaende\s+(?:mamma|pappa|foralder)|"
    r"single\s+(?:mum|mom|mother|dad|father|parent))\b|"
    r"(?:\d+|kahden|kahen|kolmen|neljan|viiden)\s+lapsen\s+(?:aiti|isa|vanhempi|yh)|"
    r"aitina|isana|vanhempana|"
    r"min\s+(?:son|dotter|bebis|tonaring)|mitt\s+barn|vart\s+barn|vara\s+barn|mina\s+barn|som\s+foralder|"
    r"jag\s+ar\s+(?:mamma|pappa|foralder)|"
    r"my\s+(?:son|daughter|child|kid|kids|children|baby|toddler|teen\w*)|our\s+(?:son|daughter|child|kid|kids|"
    r"children|baby|toddler|teen\w*)|as\s+a\s+(?:parent|mother|father|mum|mom|dad)|i\s*'?\s*a?m\s+a\s+(?:mother|"
    r"father|mum|mom|dad|parent|single parent))"
)
# Other adults close to the children: a spouse or partner named as one's own ('mieheni juo', 'min sambo', 'my
# husband') or by a word only adults use of their own ('vaimo juo', 'puoliso', 'husband'), a grandparent, aunt or
# uncle saying so ('olen isoäiti', "I'm an aunt", 'lapsenlapset'; _RELATIVE below). Their questions are an adult's:
# a young people's chat does not fit (raters marked the children's and young people's chats under "My husband
# drinks…"). An adult's own age ('olen 68-vuotias') counts the same.
_ADULT = re.compile(
    r"\b(?:(?:miehe|avomiehe|ex-miehe|vaimo|avovaimo|ex-vaimo|puoliso|ex-puoliso|kumppani|exa)(?:lla|lta|lle|n|sta)?ni\b|"
    r"(?:mun|meidan|miun)\s+(?:mies|miehen\w*|vaimo\w*|puoliso\w*|avomie\w*|avovaimo\w*|exa\w*)|"
    r"(?:min|mitt)\s+(?:man|fru|sambo|partner|make|exman|exfru)\b|my\s+(?:husband|wife|partner|spouse|ex)\b|"
    r"\b(?:vaimo\w*|puoliso\w*|avomie\w*|avovaimo\w*|aviomie\w*|husband\w*|wife|spouse)\b)"
)
# A grandparent, aunt, uncle or older sibling writing about the family: not the children's parent, so an answer that
# speaks to the parent ('kerro väsymyksestäsi neuvolassa') does not speak to them (raters of the situational tune
# set, 2026-11-29, fifth session: a grandmother was told about "your tiredness").
_RELATIVE = re.compile(
    r"(?:olen|oon|jag\s+ar|i\s*'?\s*a?m)\s+(?:an?\s+|the\s+)?(?:\d+\s*-?\s*(?:vuotias|arig|year-old)\s+)?"
    r"(?:isoaiti|isoisa|isovanhempi|mummo|mummi|vaari|ukki|tati|eno|seta|isosisko|isoveli|mormor|farmor|morfar|"
    r"farfar|faster|moster|morbror|farbror|storasyster|storebror|grand(?:mother|father|ma|pa|parent)|aunt|uncle|"
    r"big\s+(?:sister|brother))|\b(?:mummo|mummi|isoaiti|vaari|ukki)\s+(?:tassa|taalla)\b|lapsenla(?:p|ps)\w*|"
    r"barnbarn\w*|grand(?:child|kid|son|daughter)\w*"
)
# Someone who works with children and families writes in that role: 'olen neuvolan terveydenhoitaja', 'työskentelen
# päiväkodissa', 'I work as a kindergarten teacher', 'jag jobbar som kurator', 'oppilaani'. The material is
# also theirs (consultation, tools, the network's meetings), and an answer written to a parent about their own child
# does not speak to them (a tune-role rating, 2026-12-03: a child-health nurse and a day-care teacher were answered
# as families). Folded text (ä -> a); a writer who also speaks of their own child is a parent (Audience.professional).
_ROLES_FI = (
    r"(?:\w+\s+){0,2}?(?:\w*(?:hoitaja|opettaja|ohjaaja|terapeutti|psykologi)|(?:sosiaali|perhe|nuoriso|diakonia|lastensuojelu)tyontekija|terkka|katilo|laakari|ope|"
    r"kasvattaja|rehtori|kuraattori|diakoni|perheneuvoja|opo|ammattilainen)(?:na)?\b"
)
_ROLES_SV = (
    r"(?:\w+\s+){0,2}?(?:larare|halsovardare|barnmorska|lakare|kurator|skolkurator|psykolog|socialarbetare|"
    r"socialhandledare|familjearbetare|barnskotare|forskollarare|pedagog|ungdomsarbetare|fritidsledare|diakon|"
    r"speciallarare|talterapeut|rektor|studiehandledare|yrkesperson)\b"
)
_ROLES_EN = (
    r"(?:\w+\s+){0,3}?(?:nurse|midwife|doctor|teacher|educator|social\s+worker|counsell?or|psychologist|"
    r"youth\s+worker|family\s+worker|case\s+worker|caseworker|speech\s+therapist|therapist|principal|headteacher|"
    r"deacon|professional|practitioner)\b"
)
_PROFESSIONAL = re.compile(
    r"\b(?:olen|oon|toimin|tyoskentelen|teen\s+toita)\s+" + _ROLES_FI + r"|"
    r"\b(?:tyoskentelen|olen\s+toissa|oon\s+toissa)\s+(?:\w+\s+)?(?:paivakodissa|neuvolassa|koulussa|varhaiskasvatuksessa|lastensuojelussa|"
    r"perhekeskuksessa|nuorisotyossa|nuorisotalolla|jarjestossa|seurakunnassa|perhetyossa)\b|"
    r"\b(?:oppilaa(?:ni|llani|lleni|stani|seni)|oppilaiden(?:i)?\s+(?:kanssa|vanhemm\w*)|asiakasperhee\w*|"
    r"asiakkaa(?:ni|llani|stani))\b|"
    r"\b(?:jag\s+ar|jag\s+jobbar\s+som|jag\s+arbetar\s+som)\s+" + _ROLES_SV + r"|"
    r"\b(?:jag\s+(?:jobbar|arbetar)\s+(?:pa|i)\s+(?:en\s+|ett\s+)?(?:daghem\w*|forskola\w*|skola\w*|radgivning\w*|"
    r"barnskydd\w*))\b|\b(?:min\s+elev|mina\s+elever|min\s+klient|mina\s+klienter)\b|"
    r"\b(?:i\s*'?\s*m|i\s+am|i\s+work\s+as)\s+(?:an?\s+)?" + _ROLES_EN + r"|"
    r"\bi\s+work\s+(?:at|in)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:daycare|day\s+care|kindergarten|school|clinic|"
    r"child\s+protection|youth\s+cent(?:re|er))\b|"
    r"\b(?:my\s+pupils?|my\s+students?|my\s+clients?|client\s+famil(?:y|ies))\b"
)
_YOUTH_SELF = re.compile(r"\b(?:olen|oon|jag\s+ar|i\s*'?\s*m|i\s+am)\s+" + _NUM + r"(?![\d,.]\d)(?=v\b|\b)")
# After 'olen 15': the writer's own age ('olen 15', 'olen 15-vuotias', 'I'm 15 and'), not 'olen 2-vuotiaan äiti'.
_OWN_AGE_END = re.compile(
    r"\s*(?:-?\s*(?:v|vee|vuotias|ar|years?\s*old|yo)\b|$|[,.!?]|\s+(?:ja|mutta|enka|och|men|and|but)\b)"
)
_YOUTH_WORDS = re.compile(
    r"\b(?:mun|minun|miun)\s+(?:aiti|isa|vanhemmat|vanhemmi\w*|isapuoli|aitipuoli|faija|mutsi|iska)|"
    r"\b(?:aitini|isani|vanhempani|vanhempieni)\b|\bmin\s+(?:mamma|pappa|foraldrar|styvpappa|styvmamma)\b|"
    r"\bmina\s+foraldrar\b|\bmy\s+(?:mom|mum|mother|dad|father|parents|stepdad|stepmom)\b|"
    r"\b(?:koulussa\s+mua|mua\s+kiusataan|minua\s+kiusataan|i\s+get\s+bullied|jag\s+blir\s+mobbad)|"
    # Speaking of their parents as others: 'en voi puhua vanhemmille', 'ilman et vanhemmat tietää' (a user trial,
    # 2026-11-30: a young person's follow-up got the parents' helpline).
    r"\b(?:puhua|puhuu|kertoa|kertoo|sanoa)\s+(?:\w+\s+)?vanhemmille\b|"
    r"\bvanhemmat\s+(?:ei\s+|eivat\s+)?(?:tieda|tietaa|tietavat|saa\s+tietaa|saisi\s+tietaa)\b|"
    r"\bwithout\s+(?:my\s+)?parents\s+knowing|\butan\s+att\s+(?:mina\s+)?foraldrar\w*\s+(?:vet|far\s+veta)"
)

# A young person who has left school or has no study place ('pääsin peruskoulusta mut en päässy mihinkään', 'lopetin
# lukion kesken', 'finished vocational school', 'gick ut nian'): services reached only through one's own school do
# not fit (raters of the situational tune set, 2026-11-29: the school welfare card for four school leavers).
_LEFT_SCHOOL = re.compile(
    r"\b(?:paasin|paasi|valmistuin|valmistui|lopetin|lopetti|jatin|jatti|keskeytin|keskeytti|tipuin|putosin)\b"
    r"\s+(?:\w+\s+)?(?:peruskoulu\w*|koulu\w*|lukio\w*|amis\w*|amik\w*|ammattikoulu\w*|ammattiopisto\w*|opinno\w*|"
    r"opiskelu\w*|ysilu\w*)|\ben\s+(?:paassy|paassyt|paasyt|paassut)\s+(?:mihinkaan\s+)?(?:opiskele|kouluun|jatko)|"
    r"\bei\s+(?:ole\s+|oo\s+)?opiskelupaikka|\b(?:gick\s+ut|slutade|hoppade\s+av)\b\s+(?:\w+\s+)?(?:skola\w*|"
    r"gymnasi\w*|nian|yrkes\w*|studier\w*)|\b(?:finished|left|dropped\s+out\s+of|quit|graduated\s+from)\b"
    r"\s+(?:\w+\s+)?(?:school|college|upper\s+secondary|vocational|my\s+studies)|\bno\s+(?:study|school)\s+place"
)


def fold(text: str) -> str:
    return text.lower().replace("ä", "a").replace("ö", "o").replace("å", "a")


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return _NUMBER_WORDS.get(token)


@dataclass(frozen=True)
class Audience:
    """``ages``: spans of the children's ages the question mentions (empty: none); ``parent``: the writer speaks
    of their own child; ``youth``: the writer is a child or young person speaking of themself."""

    ages: tuple[Span, ...] = ()
    parent: bool = False
    youth: bool = False
    relative: bool = False  # a grandparent, aunt, uncle or older sibling writes (an adult, not the parent)
    left_school: bool = False  # the young person the question is about has left school or has no study place
    professional: bool = False  # someone working with children and families writes in that role (not of their own)

    def fits_ages(self, span: Span | None) -> bool:
        """Whether a service for children of ``span`` fits the children the question is about."""
        if span is None or not self.ages:
            return True
        low, high = span
        return any(a_low <= high and low <= a_high for a_low, a_high in self.ages)

    def fits_school(self, school_only: bool) -> bool:
        """Whether a service reached only through one's own school (``school_only``) fits: not after leaving school."""
        return not (school_only and self.left_school)


# A child named and then a bare number: 'lapsi on 5 ja tosi levoton', 'my son is 8', 'min dotter är 6' (a school
# card beside a five-year-old's restlessness: raters of the tune roles, 2026-11-30).
_CHILD_IS = re.compile(
    r"\b(?:lapsi|lapseni|lapsemme|poika|poikani|poikamme|tytto|tyttoni|tyttomme|tytar|tyttareni|kuopus|esikoinen|"
    r"son|daughter|child|kid|boy|girl|barn|barnet|sonen|dottern|dotter|pojken|flickan)\s+(?:on|is|ar|turned|fyller)\s+"
    r"(?:nyt\s+|jo\s+|vasta\s+|now\s+|only\s+|just\s+|already\s+|redan\s+|bara\s+)?(\d{1,2})\b"
    r"(?!\s*(?:kk|kuukau\w*|manad\w*|months?|veck\w*|viik\w*|weeks?|%|e\b|eur\w*|€|kg|cm|min\w*|h\b))"
)


def _an_age(text: str, match: re.Match[str]) -> bool:
    """Whether a number with a word for years or months (_WORLD_YEARS, _WORLD_MONTHS) is an age, not a time ago or a
    duration."""
    return not (_NOT_AGE_BEFORE.search(text, 0, match.start()) or _NOT_AGE_AFTER.match(text, match.end()))


# The router, the answer pick, the cards and another language's English answer all read the same message: read once.
@lru_cache(maxsize=1024)
def read_audience(text: str) -> Audience:
    """The ages and writer a question shows. Numbers are ages only with an age word ('3-vuotias', '3 yo')."""
    folded = fold(text)
    spans: list[Span] = []
    own_ages: list[int] = []
    for match in _YOUTH_SELF.finditer(folded):
        value = _number(match.group(1))
        if value is not None and _OWN_AGE_END.match(folded, match.end()):
            own_ages.append(value)
    for pattern in (_AGES_AFTER, _SHARED_AGE, _YEARS):
        for match in pattern.finditer(folded):
            numbers = next(group for group in match.groups() if group is not None)
            for value in (_number(token) for token in re.findall(_NUM, numbers)):
                if value is not None and value <= 25:
                    spans.append((float(value), float(value)))
    for match in _YEARS_OF_AGE.finditer(folded):
        word = match.group(1)
        years = float(word) if word and word.isdigit() else float(_GENITIVE_YEARS.get(word or "", 1))
        if years <= 25:
            spans.append((years, years))
    for match in _MONTHS.finditer(folded):
        months = int(match.group(1))
        if months <= 36:
            age = months / 12
            spans.append((age, age))
    if _HALF.search(folded):
        spans.append((1.5, 1.5))
    world = folded.translate(_DIGITS)
    for match in _WORLD_YEARS.finditer(world):
        if int(match.group(1)) <= 25 and _an_age(world, match):
            spans.append((float(match.group(1)), float(match.group(1))))
    for match in _WORLD_MONTHS.finditer(world):
        if int(match.group(1)) <= 36 and _an_age(world, match):
            spans.append((int(match.group(1)) / 12, int(match.group(1)) / 12))
    for match in _WORLD_GRADE.finditer(world):
        grade = int(match.group(1) or match.group(2))
        if 1 <= grade <= 12:
            spans.append((float(grade + 6), float(grade + 6)))
    spans += _grade_in_words(world)
    for match in _CHILD_IS.finditer(folded):
        if int(match.group(1)) <= 18:
            spans.append((float(match.group(1)), float(match.group(1))))
    youth = any(age <= 20 for age in own_ages) or bool(_YOUTH_WORDS.search(folded))
    # An adult writer's own age is not a child's age; a young writer's own age is the age that matters.
    adult = {float(a) for a in own_ages if a > 20}
    spans = [s for s in spans if s[0] not in adult]
    spans.extend((float(a), float(a)) for a in own_ages if a <= 20)
    # A child's age given as a number ('mun 3v', 'olen 2-vuotiaan äiti') is written by a parent or carer.
    relative = bool(_RELATIVE.search(folded))
    youth = youth and not relative  # 'olen 19-vuotias isosisko' speaks of a sibling, not of themself
    own = bool(_PARENT.search(folded) or _ADULT.search(folded))
    parent = own or bool(adult or relative) or (bool(spans) and not youth)
    professional = bool(_PROFESSIONAL.search(folded)) and not (own or relative or youth)
    if not spans:
        spans = [span for pattern, span in _STAGES if pattern.search(folded)]
        if _SCHOOL_WORD.search(folded):
            spans = [span for span in spans if span != _DAY_CARE]
    return Audience(
        tuple(dict.fromkeys(spans)),
        parent=parent and not youth,
        youth=youth,
        relative=relative,
        left_school=bool(_LEFT_SCHOOL.search(folded)),
        professional=professional,
    )


# A follow-up that moves the question to another age: 'entä jos hän on jo 8?', 'what if she is 12?', 'och om hon är
# 10?' (a bare number after 'on/is/är', which in a first message is as likely a count), or to school age ('entä jos
# lapsi on jo koulussa?').
_FOLLOW_UP_AGE = re.compile(
    r"\b(?:on|ois|olis|olisi|is|was|ar|blir|turns)\s+(?:jo\s+|already\s+|redan\s+|nyt\s+)?(\d{1,2})\b(?!\s*(?:kk|e|eur|euroa|%|€))"
)
# A follow-up about the age the child turns: 'entä kun hän täyttää vuoden?', 'när hon fyller ett?', 'once he turns 2?'
# (a tune-role rating of 2026-11-30, eighth session: groups for babies were repeated for a child turning one).
_TURNS = re.compile(
    r"\b(?:tayttaa|tayttaessa|tayttanyt|taytettyaan|fyller|fyllt|turns?|turned)\s+(?:jo\s+|redan\s+|already\s+)?"
    r"(?:(vuoden|yhden|ett|one)\b|" + _NUM + r"\b)"
)
TURNED = 0.05  # a child turning N is read as N + TURNED … N + 1 - TURNED: past the spans that end at N
_SCHOOL_AGE = re.compile(
    r"\b(?:koulussa|kouluun|koululai\w*|kouluikai\w*|i\s+skolan|skolbarn\w*|in\s+school|at\s+school|school-?age\w*)\b"
)


def follow_up_ages(text: str) -> tuple[Span, ...]:
    """The children's ages a follow-up moves its question to: those ``read_audience`` reads, else a bare number after
    'on'/'is'/'är', else school age for a child said to be at school; empty when it names none."""
    ages = read_audience(text).ages
    if ages:
        return ages
    folded = fold(text)
    turns = _TURNS.search(folded)
    if turns:
        age = 1.0 if turns.group(1) else float(_number(turns.group(2)) or 0)
        if 0 < age <= 25:
            return ((age + TURNED, age + 1 - TURNED),)  # from the birthday on: past 'alle 1-vuotiaille' (0, 1)
    number = _FOLLOW_UP_AGE.search(folded)
    if number and 0 < int(number.group(1)) <= 25:
        age = float(number.group(1))
        return ((age, age),)
    if _SCHOOL_AGE.search(folded):
        return ((7.0, 15.0),)
    return ()
