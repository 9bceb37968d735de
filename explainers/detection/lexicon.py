"""Word lists and compiled patterns used by the statistic detector.

Everything here is data: number words, quantifiers, units and currencies, and
the vocabulary of the exclusion rules (dates, identifiers, ages, durations,
references). Patterns are compiled once at import time; the rules module only
applies them at fixed positions.
"""

import re


def words(text: str) -> list[str]:
    """Whitespace-separated word list (keeps long lexicons readable)."""
    return text.split()


def alternation(items) -> str:
    """Regex alternation of ``items``, longest first so prefixes never win."""
    return "|".join(re.escape(w) for w in sorted(set(items), key=len, reverse=True))


def _trie(phrases) -> str:
    """Regex trie of ``phrases``; a space in a phrase matches any whitespace.

    A trie lets the scan reject a position after one or two character
    comparisons instead of trying every word of the lexicon in turn.
    """
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        alts = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not ends else "(?:" + "|".join(alts) + ")"
        return body + "?" if ends else body

    return emit(root)


_WS = r"[\s\u00a0]"

# ---------------------------------------------------------------------------
# Number lexicon
# ---------------------------------------------------------------------------

UNIT_WORDS = words(
    """
    zero one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen
    """
)
TENS_WORDS = words("twenty thirty forty fifty sixty seventy eighty ninety")
MULTIPLIERS = words("hundred thousand million billion trillion dozen")
# Plural multipliers are vague counts on their own: "thousands fled".
PLURAL_MULTIPLIERS = words("hundreds thousands millions billions trillions dozens")
FRACTION_WORDS = words(
    """
    half halves third thirds quarter quarters fourth fourths fifth fifths
    sixth sixths seventh sevenths eighth eighths ninth ninths tenth tenths
    """
)
WORD_VALUES = {w: i for i, w in enumerate(UNIT_WORDS)}
WORD_VALUES.update({w: 20 + 10 * i for i, w in enumerate(TENS_WORDS)})

_UNITS = alternation(UNIT_WORDS)
_TENS = alternation(TENS_WORDS)
_MULT = alternation(MULTIPLIERS)
_FRACTION = alternation(FRACTION_WORDS)
_SMALL = rf"(?:(?:{_TENS})(?:[-\s](?:{_UNITS}))?|{_UNITS})"
_SEP = r"[\s\u00a0-]+"

# Digits: "1,200", "84 770" (thousands grouped by a space, no-break space or
# thin space), "1200", "25.4".
DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+(?!,\d)|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d+)"
    r"(?:\.\d+)?(?!\d)"
)
_DIGIT_PHRASE = rf"{DIGITS}(?:{_SEP}(?:{_MULT})s?\b)*"

# Number-word phrases, longest alternatives first.
_WORD_PHRASE = (
    r"\b(?:"
    # "tens of thousands", "hundreds of millions", "many thousands"
    r"(?:tens|hundreds|dozens|many|several)\s+(?:of\s+)?(?:thousands|millions|billions)"
    # "two million", "one hundred and fifty thousand", "a dozen", "a few
    # hundred", "two and a half million"
    rf"|(?:{_SMALL}|an?|a\s+few|few|several|many)(?:\s+and\s+a\s+half)?"
    rf"(?:{_SEP}(?:{_MULT}))+(?:(?:\s+and)?{_SEP}{_SMALL}(?:{_SEP}(?:{_MULT}))*)*"
    rf"|(?:{_SMALL}|hundred|thousand)-?fold"  # "fivefold", "three-fold"
    rf"|half\s+an?\s+(?:{_MULT})"  # "half a million"
    rf"|(?:{_SMALL}|an?)[\s-]+(?:{_FRACTION})"  # "two-thirds", "a quarter"
    rf"|{alternation(PLURAL_MULTIPLIERS)}|scores|half"
    rf"|{_SMALL}(?:\s+and\s+a\s+half)?"
    r")\b"
)
WORD_PHRASE = re.compile(_WORD_PHRASE, re.IGNORECASE)

# Words that open a number-word phrase. "a", "several" or "many" open one
# only before a multiplier or fraction, so the scan includes them together
# with that word rather than stopping at every article.
_STARTERS = [
    *UNIT_WORDS,
    *TENS_WORDS,
    *PLURAL_MULTIPLIERS,
    # A bare multiplier is a number too: "a couple of hundred soldiers".
    *MULTIPLIERS,
    "tens of",
    "scores of",
    # Multiplicatives are statistics: "up fivefold", "a tenfold rise".
    *(f"{w}fold" for w in (*UNIT_WORDS, *TENS_WORDS, "hundred", "thousand")),
    "half",
    *(
        f"{lead} {word}"
        for lead in ("a", "an", "a few", "few", "several", "many")
        for word in (*MULTIPLIERS, *PLURAL_MULTIPLIERS, *FRACTION_WORDS)
    ),
]
# One scan over " " + the lower-cased text finds every candidate. The pattern
# starts with a character set (the non-word character before the number),
# which lets the regex engine skip the other characters in C: a leading \b
# or look-behind would disable that skip, and case-insensitive matching would
# disable the trie's fast branch selection. Digits glued to identifiers
# ("COVID-19"), clock times and footnote markers are filtered by the caller.
_DIGIT_TAIL = (
    r"(?:\d{0,2}(?:,\d{3})+(?!,\d)|\d{0,2}(?:[ \u00a0\u2009\u202f]\d{3})+|\d*)"
    rf"(?:\.\d+)?(?!\d)(?:{_SEP}(?:{_MULT})s?\b)*"
)
SCAN = re.compile(
    rf"[^a-z0-9_](?:(?P<num>[0-9]{_DIGIT_TAIL})|(?P<word>{_trie(_STARTERS)})(?![a-z]))"
)
# Fallback for the rare texts whose length changes when lower-cased.
SCAN_ANYCASE = re.compile(SCAN.pattern, re.IGNORECASE)

SMALL_WORD_ONLY = re.compile(rf"(?:{_SMALL})(?:\s+and\s+a\s+half)?\Z", re.IGNORECASE)
FRACTION_CORE = re.compile(rf"(?:{_SMALL}|an?)[\s-]+({_FRACTION})\Z", re.IGNORECASE)

# ---------------------------------------------------------------------------
# Quantifiers (left of the number, matched as lower-case word tuples)
# ---------------------------------------------------------------------------

QUANTIFIERS = [
    tuple(q.split())
    for q in (
        "more than",
        "no more than",
        "not more than",
        "fewer than",
        "no fewer than",
        "less than",
        "no less than",
        "over",
        "under",
        "below",
        "above",
        "nearly",
        "almost",
        "about",
        "around",
        "approximately",
        "approx.",
        "roughly",
        "some",
        "at least",
        "at most",
        "up to",
        "as many as",
        "as much as",
        "as few as",
        "as little as",
        "close to",
        "closer to",
        "an estimated",
        "estimated",
        "upwards of",
        "in excess of",
        "well over",
        "well above",
        "well below",
        "just over",
        "just under",
        "just",
        "only",
        "another",
        "an additional",
        "additional",
        "a further",
        "a total of",
        "a record",
        "a mere",
        "an average of",
        "on average",
        "barely",
        "fully",
        "exactly",
        "precisely",
        "between",
        "all but",
        "c.",
        "circa",
    )
]
QUANTIFIERS_BY_LAST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _q in sorted(QUANTIFIERS, key=len, reverse=True):
    QUANTIFIERS_BY_LAST_WORD.setdefault(_q[-1], []).append(_q)
# Quantifiers that make a bare "one" a count: "at least one", "only one".
ONE_QUANTIFIERS = frozenset(words("least only just than single another over nearly"))

# ---------------------------------------------------------------------------
# Units, currencies and multiplier abbreviations (right of the number)
# ---------------------------------------------------------------------------

CURRENCY_CODES = words(
    """
    USD EUR GBP UAH RUB SDG SSP YER SYP ETB MMK CDF XOF XAF ILS NIS AZN AMD
    CHF CNY JPY INR SAR AED TRY EGP JOD LBP IQD IRR AFN KES NGN ZAR CAD AUD
    """
)
CURRENCY_WORDS = words(
    """
    dollars dollar euros euro pounds pound sterling hryvnias hryvnia hryvnyas
    roubles rubles rouble ruble rials rial riyals riyal lira liras shekels
    shekel birr kyat kyats francs franc yuan yen rupees dirhams dirham manat
    drams dram dinars dinar afghanis
    """
)
# A currency sign or code directly before the number: "$1.2bn", "US$ 2
# million", "UAH 1.69 trillion".
CURRENCY_BEFORE = re.compile(
    rf"(?:(?:US|A|C|NZ|HK|S)?\$|[€£¥₴₽₪]|\b(?:{alternation(CURRENCY_CODES)}|Rs|Dh)\.?)"
    r"\s?\Z"
)
# Letters that may be glued to digits: multiplier abbreviations and units
# ("$1.2bn", "£40m", "50km", "100mm", "45C"). Other glued letters make an
# identifier ("5G") and ordinal suffixes an ordinal ("93rd").
GLUED_SUFFIX = re.compile(
    r"(?:bn|mn|mln|m|k|tn|trn|b|km2|km²|km|mm|cm|kg|t|mt|kt|ha|mw|gw|kw|kwh|mwh|"
    r"gwh|twh|bcm|bpd|mph|kph|kmh|c|f|ft|lb|lbs|l|ml|pc|pp|x)\b",
    re.IGNORECASE,
)
ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
# A decade or a plural glued to the digits: "1990s", "the 90s", "in his 60s".
PLURAL_S_AFTER = re.compile(r"['’]?s\b")

# Underscores stand for spaces inside multi-word units.
_UNIT_WORDS = words(
    """
    per_cent percent pc percentage_points percentage_point points bn mn mln m k
    tn trn sq_km sq._km sq_mi square_kilometres square_kilometers
    square_kilometre square_kilometer square_miles square_metres square_meters
    cubic_metres cubic_meters cubic_kilometres cubic_kilometers km2 km² km
    kilometres kilometers kilometre kilometer miles mile nautical_miles metres
    meters metre meter mm cm millimetres millimeters centimetres centimeters
    feet ft tonnes tonne tons ton metric_tons metric_tonnes t kg kilograms
    kilogrammes kilos grams litres liters gallons barrels bpd MW GW kW kWh MWh
    GWh TWh megawatts gigawatts hectares ha acres calories kcal °C °F degrees
    knots mph km/h kph bcm TEU TEUs
    """
)
# A trie: a plain alternation of ~130 units costs several times more per match.
_UNIT = (
    rf"{_WS}?(?:%|(?i:"
    + _trie({w.replace("_", " ").lower() for w in (*_UNIT_WORDS, *CURRENCY_WORDS)})
    + r")(?![\w/]))"
    r"|-fold\b"  # "a 10-fold rise" is a multiplicative, not a compound name
)
UNIT = re.compile(_UNIT)

# ---------------------------------------------------------------------------
# Dates and times
# ---------------------------------------------------------------------------

MONTHS = words(
    """
    January February March April May June July August September October
    November December
    """
)
MONTH_ABBREVIATIONS = words("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec")
# Month names are matched case-sensitively: "May 5" is a date, "may flee" not.
_MONTH = rf"(?:{alternation(MONTHS)}|(?:{alternation(MONTH_ABBREVIATIONS)})\.?)"
MONTH_BEFORE = re.compile(rf"\b{_MONTH}{_WS}+(?:the\s+)?\Z")
_DAY_SUFFIX = r"(?:st|nd|rd|th)?"
# A day before a month, possibly one of several: "5 October", "26th of
# January", "13-14 April", "3 and 4 March".
MONTH_AFTER = re.compile(
    rf"{_DAY_SUFFIX}(?:\s*(?:,|-|–|and|to|&)\s*\d{{1,2}}{_DAY_SUFFIX})*"
    rf"(?:\s+of)?{_WS}+{_MONTH}(?![a-z])"
)
_CLOCK_AFTER = (
    r"\s?(?i:[ap]\.m\.|[ap]m\b|gmt\b|utc\b|hrs\b|hours\s+(?:gmt|utc|local)|"
    r"o['’]clock\b|local\s+time\b)"
)
# "by 10.30 on Tuesday", "at 9.45 that morning": a dotted clock time is read
# from a time preposition before it and a time phrase after it.
CLOCK_DOTTED = re.compile(r"(?:[01]?\d|2[0-4])\.[0-5]\d\Z")
CLOCK_LEAD_WORDS = frozenset(
    words("at by until till before after from since around about between")
)
CLOCK_CONTEXT_AFTER = re.compile(
    r"\s+(?:on\s+(?:[A-Z][a-z]+day\b|the\b|\d)|(?:this|that|last|each|every)\s+"
    r"(?:morning|afternoon|evening|night|day)\b|tonight\b|tomorrow\b|yesterday\b|"
    r"in\s+the\s+(?:morning|afternoon|evening)\b|at\s+night\b|(?i:local|gmt|utc)\b)"
)
# Four-digit numbers in this range are years unless the context says they
# count something.
YEAR_MIN, YEAR_MAX = 1800, 2100
# Words after which a four-digit number is a year even when a plural noun
# follows: "in 2014 protests erupted", "the 2015 elections".
YEAR_LEAD_WORDS = frozenset(
    words(
        """
        in since by from until till to of the during for before after between
        and early late mid spring summer autumn fall winter fiscal its their
        this that through throughout year
        """
    )
)
# After a determiner a year-shaped number still counts when a noun for people
# or countable things follows: "of the 2000 people who fled" (but "the 2015
# elections", "the 2022 invasion").
YEAR_COUNT_DETERMINERS = frozenset(words("the its their these those"))
YEAR_COUNTED_NOUNS = frozenset(
    words(
        """
        people persons civilians children adults men women refugees migrants
        troops soldiers fighters militants families households residents
        villagers workers staff prisoners detainees hostages patients
        students homes houses buildings shelters tents vehicles trucks tanks
        drones missiles rockets shells tonnes tons hectares
        """
    )
)

# ---------------------------------------------------------------------------
# Identifiers
# ---------------------------------------------------------------------------

# Lower-case words that introduce an identifier or a rank when directly
# followed by a number: "page 5", "phase 3", "top 10", "No. 1".
IDENTIFIER_HEADS = frozenset(
    words(
        """
        page pages p. pp. section sections paragraph paragraphs para chapter
        article articles clause annex resolution resolutions point item phase
        level category grade route highway road line flight channel platform
        gate room unit block building number no. no # top rank ranked tier
        stage step version volume vol. issue episode season round protocol code
        zone district sector camp ward squad battalion brigade division
        regiment corps brigades battalions divisions regiments routes highways
        flights phases stages clauses annexes gates blocks sectors zones
        boeing airbus antonov ilyushin tupolev sukhoi
        """
    )
)
# After a plural head the identifiers may be listed: "Resolutions 822, 853
# and 874", "Brigades 47 and 93". Read from the end of the first number.
IDENTIFIER_LIST_HEADS = frozenset(
    w for w in IDENTIFIER_HEADS if w.endswith("s") and w not in ("pp.", "corps")
)
IDENTIFIER_LIST = re.compile(
    r"(?:\s*,\s*\d+(?![\d,.]\d))*(?:,?\s+(?:and|or|&)\s+\d+(?![\d,.]\d))?\b"
)
# Capitalised words that may precede a number without making it a name.
NON_IDENTIFIER_CAPITALS = frozenset(
    words(
        """
        in on at by for from to of with since over about around nearly almost
        some more fewer less than and but or nor so yet the a an another only
        just all approximately roughly estimated least up as between after
        before during until while when where whereas although though because
        if then there these those this that its their his her our your my we
        they it he she you i including include includes among amid against
        across under below above within without per each every both either
        neither no not also still even already barely fully exactly precisely
        upwards well close closer total record mere further additional average
        overall altogether
        """
    )
)
# Particles of phrasal verbs in headlines: "Hands Back 4 Villages".
HEADLINE_PARTICLES = frozenset(words("back out off down up away"))
# A headline number followed by a comma, a preposition or a casualty word is
# a count: "Floods Kill 60 In Nigeria", "Outbreak Kills 15, Ministry Says",
# "Storms Leave 8 Dead". A name with a number goes on with a noun or a verb
# ("Tanker Volgoneft 212 Ran Aground").
HEADLINE_COUNT_AFTER = re.compile(
    r",|\s+(?:In|On|At|Near|As|After|Amid|Across|Since|Outside|Inside|Dead|Killed|"
    r"Wounded|Injured|Hurt|Missing)\b"
)
# Short words left out when judging whether a line is in title case.
TITLE_CASE_MINOR = frozenset(
    words("a an the and or but nor of in on at to for from by with as vs via")
)
# "a 12-point plan", "the two-state solution": compound modifiers naming a
# kind of thing rather than counting anything.
_COMPOUND_IDENTIFIER = (
    r"-(?i:point|state|way|sided|pronged|tier|track|stage|phase|party|nation|"
    r"times?|digit|lane|storey|story|star|seat|door|wheel|speed|"
    r"for-one|to-one|on-one|minded|shot)\b"
)

# ---------------------------------------------------------------------------
# Ages
# ---------------------------------------------------------------------------

_AGE_AFTER = (
    r"(?i:(?:-|\s)(?:years?|months?|weeks?|days?)[-\s]old\b"
    r"|\s+(?:and|or)\s+(?:over|older|above|under|younger|below)\b|-plus\b)|\+"
)
AGE_LEAD_WORDS = frozenset(words("aged age ages ageing"))
# Groups of people whose age bracket follows: "people over 65".
AGE_GROUP_NOUNS = frozenset(
    words(
        """
        people persons children men women adults those anyone everyone
        residents individuals girls boys males females citizens pensioners
        civilians patients workers youths youngsters refugees voters conscripts
        recruits soldiers reservists students minors infants babies kids
        population detainees prisoners hostages victims migrants
        """
    )
)
# "The boy, 12, was pulled from the rubble", "Amina, 34, said": an age set
# off by commas after a person or a name.
AGE_APPOSITIVE_BEFORE = re.compile(
    r"(?:\b(?:boy|girl|man|woman|son|daughter|mother|father|wife|husband|"
    r"brother|sister|child|baby|teenager|widow|grandmother|grandfather|"
    r"farmer|teacher|driver|nurse|doctor|student|resident|mother-of-\w+|"
    r"father-of-\w+|president|minister|leader|commander|general|chief|"
    r"envoy|spokesman|spokeswoman|founder|king|queen|prince|pope)|\b[A-Z][a-z]+),"
    # "Min Aung Hlaing, then 64,", "the president, now 71,"
    r"\s(?:(?:then|now)\s)?\Z"
)
# "one in five was over 60": an age bracket stated of people already named.
# The word before the verb is a person noun, a pronoun or a count of people.
AGE_COPULAS = frozenset(words("was were is are be been being"))
AGE_SUBJECTS = frozenset(
    words(
        """
        who they he she many most some all half third quarter one two three
        four five six seven eight nine ten
        """
    )
)
AGE_BRACKET_WORDS = frozenset(
    words("over under above below between aged older younger than")
)

# ---------------------------------------------------------------------------
# Durations
# ---------------------------------------------------------------------------

_TIME_UNIT = (
    r"(?:seconds?|minutes?|mins?|hours?|hrs?|h|days?|nights?|weeks?|fortnights?|"
    r"months?|years?|yrs?|decades?|centur(?:y|ies)|millenni(?:um|a))"
)
_TIME_AFTER = (
    rf"(?i:(?:\s+and\s+a\s+half)?(?:\s+of)?(?:-|\s+)(?:(?:long|full|straight|"
    rf"consecutive|more|additional|further|extra|whole)\s+)?{_TIME_UNIT}\b)"
)
# A rate: "14 hours a day", "$90 a barrel", "12,000 people per square
# kilometre". A length of time followed by one is a statistic.
RATE_AFTER = re.compile(
    r"\s+(?:a|an|per|each|every)\s+(?:day|night|week|month|year|hour|person|capita|"
    r"head|household|family|child|resident|inhabitant|barrel|tonne|ton|litre|"
    r"liter|gallon|kilo|kilogram|kg|unit|dose|meal|trip|truck)\b"
    r"|\s+per\s+(?:square\s+)?(?:kilomet(?:re|er)|km|mile|met(?:re|er)|hectare|"
    r"tonne|ton|litre|liter|barrel|dollar|day|year|month|week|person|capita)s?\b",
    re.IGNORECASE,
)
# A rate after what the time is spent on: "four hours of electricity a day",
# "six hours of running water per week".
OF_RATE_AFTER = re.compile(
    r"\s+of(?:\s+[\w’'-]+){1,3}?(?:" + RATE_AFTER.pattern + ")"
    # "eight hours of every day": the share of each period
    r"|\s+of\s+(?:every|each)\s+(?:day|night|week|month|year)\b",
    re.IGNORECASE,
)
# Verbs that make a length of time the reported finding: "erased 15 years of
# development", "adds ten days to the voyage".
FINDING_VERBS = frozenset(
    words(
        """
        erased erase erases erasing wiped reversed reverse reverses set lost
        lose loses losing cost costs costing added adds add adding shaved
        gained gains saved saves extends extended lengthened lengthens
        delayed delays
        """
    )
)
# An estimate of the time a task will need is a finding: "clearing it could
# take 14 years", "is expected to take 30 years". A narrated "took three days"
# places events and stays a duration.
# Quantifiers that prolong a period: "for another four months", "by a
# further three months".
EXTENSION_QUANTIFIERS = frozenset(
    tuple(q.split())
    for q in (
        "another",
        "a further",
        "further",
        "an additional",
        "additional",
        "an extra",
    )
)
ESTIMATE_MODALS = frozenset(words("could would will may might can should to"))
ESTIMATE_VERBS = frozenset(words("take require need"))
# After a verb of change "from X to Y" gives two values, not a range: "cut
# vouchers from $12 to $8 per person".
CHANGE_VERBS = frozenset(
    words(
        """
        cut cuts reduced reduces reduce lowered lowers lower slashed slashes
        raised raises raise increased increases increase fell falls fall rose
        rises rise dropped drops drop jumped jumps climbed climbs grew grows
        doubled tripled halved soared surged plunged plummeted declined
        declines shrank shrunk expanded widened narrowed went gone rising
        falling growing fallen risen grown swelled ballooned tumbled sank sunk
        dipped slipped eased trimmed boosted revised slumped spiked rocketed
        collapsed contracted weakened strengthened
        """
    )
)
# Words that make "from X to Y" a range even after such a verb: "rose as
# anywhere from 5 to 7 million people ...".
RANGE_FROM_CUES = frozenset(words("anywhere ranging range ranges ranged vary varies"))
# Values of multipliers, to tell a range (ascending) from a change: "from
# $2bn to $1.2bn" falls, so it gives two values.
MULTIPLIER_VALUES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}
AMOUNT = re.compile(rf"({DIGITS})[\s\u00a0-]*([a-z]*)", re.IGNORECASE)
# "15 years of the country's economic development": years of a measurable gain.
YEARS_OF_FINDING = re.compile(
    r"\s+of\s+(?:(?:the|its|their|a|an|[\w’'-]+['’]s)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:development|progress|growth|gains|income|output|GDP|savings|schooling|"
    r"education|learning|investment|life|wages|earnings|production|exports|"
    r"revenue|supply|supplies|reserves|stocks|consumption|imports)\b",
    re.IGNORECASE,
)
# A length of time placing an event: "ten days later", "two weeks into".
TIME_NARRATIVE_AFTER = re.compile(
    r"\s+(?:later|ago|earlier|afterwards|after|before|since|into|on)\b", re.IGNORECASE
)
# "a year and a half later", "an hour and a half": the half of a time unit.
HALF_DURATION_BEFORE = re.compile(rf"\b{_TIME_UNIT}\s+and\s+\Z", re.IGNORECASE)
HALF_DURATION_AFTER = re.compile(
    r"\s+an?\s+(?:hour|day|week|month|year|decade|century)\b", re.IGNORECASE
)

# ---------------------------------------------------------------------------
# What directly follows a number, in one pass
# ---------------------------------------------------------------------------

# Alternatives are tried in order at the number's end, so the first matching
# reading wins: "-year-old" is an age before it is a time unit.
RIGHT = re.compile(
    r"(?P<slash>/\d)"  # "9/11", "24/7", "07/10/2023"
    rf"|(?P<clock>{_CLOCK_AFTER})"
    r"|(?P<possessive>['’]s\b)"  # "2022's invasion"
    rf"|(?P<age>{_AGE_AFTER})"
    rf"|(?P<compound>{_COMPOUND_IDENTIFIER})"
    rf"|(?P<time>{_TIME_AFTER})"
    rf"|(?P<unit>{_UNIT})"
    r"|(?P<ago>\s+ago\b)"  # "seven days ago" is caught as a time unit first
)

# ---------------------------------------------------------------------------
# Reference uses of number words
# ---------------------------------------------------------------------------

# "the two countries", "these three men", "all four": after a determiner a
# small number word points back at known things rather than counting.
REFERENCE_DETERMINERS = frozenset(
    words(
        """
        the these those both all its their his her our my your whose each
        either neither every
        """
    )
)
# A bare "one" counts only in casualty reports ("one civilian was killed").
ONE_CASUALTY = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:was|were|is|has\s+been|had\s+been|have\s+been)?\s*"
    r"(?:killed|dead|died|wounded|injured|hurt|missing|arrested|detained|"
    r"abducted|kidnapped|executed|shot)\b",
    re.IGNORECASE,
)
# "killing one man", "wounding one soldier": a casualty participle before a
# bare "one" and a person after it.
ONE_CASUALTY_BEFORE = frozenset(
    words(
        """
        killing wounding injuring killed wounded injured kill kills wound
        wounds injure injures leaving abducting kidnapping detaining arresting
        """
    )
)
ONE_PERSON_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:man|woman|child|boy|girl|baby|person|civilian|soldier|"
    r"officer|policeman|policewoman|fighter|militant|worker|journalist|medic|"
    r"nurse|doctor|teacher|student|farmer|driver|resident|pilot|guard|sailor|"
    r"crew\s+member|member|peacekeeper|volunteer|passenger|pedestrian)\b",
    re.IGNORECASE,
)
# "one hospital remains open", "one bakery is still working": a bare "one"
# with a facility or asset noun and a verb of state reports what is left.
ONE_STANDING = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:hospital|clinic|health\s+(?:centre|center)|school|"
    r"bakery|bridge|road|crossing|checkpoint|well|borehole|water\s+station|pump|"
    r"pumping\s+station|power\s+(?:plant|station|line)|generator|substation|"
    r"pipeline|airport|airstrip|runway|port|mill|warehouse|shelter|pharmacy|"
    r"ambulance|laboratory|lab|market|mosque|church|dam|factory|refinery|plant|"
    r"reactor|tower|station|terminal|camp|building)\s+"
    r"(?:remains?\b|remained\b|(?:still\s+)?(?:functions|operates|works)\b|"
    r"(?:(?:is|was|stays?|stayed)\s+)?(?:still\s+)?"
    r"(?:partially\s+|partly\s+|fully\s+)?(?:open|operational|functional|"
    r"functioning|working|running|standing|intact|accessible|in\s+service)\b)",
    re.IGNORECASE,
)
# Pronoun uses of "one": "this one", "no one", "any one of them".
ONE_PRONOUN_BEFORE = frozenset(words("this that which what any no"))
# Conjunctions that coordinate two counts in one clause: "sinking two and
# seizing one", "four tanks and one helicopter".
COORDINATORS = frozenset(words("and or but while plus"))
ONE_REFERENCE_AFTER = re.compile(
    r"\s+(?:of|another|day|time|side|way|thing|point|sticking|reason|question|"
    r"issue|example|area|aspect|key|major|such|more|hand|by|after|last|final)\b",
    re.IGNORECASE,
)
# An enumeration of names right before a number word: "Mali, Burkina Faso
# and Niger – three countries ...". Group 1: the list.
_NAME = r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*"
LIST_BEFORE = re.compile(
    rf"((?:{_NAME}\s*,\s*)+{_NAME}\s*,?\s+(?:and|or)\s+{_NAME})\s*[–—,:(-]?\s*"
    r"(?:the\s+|all\s+|these\s+)?\Z"
)
LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
ZERO_NON_COUNT_AFTER = re.compile(
    r"[-\s](?:sum|tolerance|hour|day|emissions?)\b", re.IGNORECASE
)
# "half of the population", "half the country", "half Sudan's people".
HALF_FOLLOWER = re.compile(
    r"\s+(?i:of|the|a|an|its|their|his|her|our|all|those|these|that|this)\b"
    r"|\s+[A-Z][\w-]*['’]s\b"
)
# Ordinal readings of "a third", "the first half".
ORDINAL_LEAD_WORDS = frozenset(words("first second latter former other"))
OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)

# ---------------------------------------------------------------------------
# Span growth: counted noun, "of" phrases, ranges and proportions
# ---------------------------------------------------------------------------

# Words that end the counted-noun phrase: function words and the verbs and
# adverbs that most often follow a count in reporting.
NOUN_STOP_WORDS = frozenset(
    words(
        """
        a an the and or but nor of in on at to for from by with without into
        onto over under after before since during until till than as per via
        about against among amid across around through throughout toward
        towards within below above beyond behind near along beside off up down
        away apart
        is are was were be been being am has have had having do does did will
        would shall should can could may might must
        who whom whose which that this these those what when where while
        whereas it its they them their he she his her we our you your i me us
        not no also still only just even already yet so too very more most
        less least each every all both either neither some any many much
        several few
        said says say told according reported reports reportedly allegedly
        yesterday today tonight tomorrow overnight now then there here ago
        later earlier last next alone respectively apiece annually daily
        weekly monthly yearly nationwide worldwide abroad inside outside
        flee fled flees die died dies live lived lives remain remained remains
        need needs needed require requires required face faces faced lack
        lacks left leave leaves return returned returns arrived arrive arrives
        including include includes included depend depends rely relies pass
        passes go goes went come comes came suffer suffers suffered receive
        receives received get gets got make makes made take takes took see
        sees saw lie lies stand stands stood work works account accounts
        """
    )
)
# Modifiers that can precede the counted noun: "20 different sectors".
NOUN_PREMODIFIERS = frozenset(
    words(
        """
        such different other more additional new further separate distinct
        estimated registered confirmed reported recorded documented known
        suspected alleged ethnic fellow foreign former
        """
    )
)
# Plurals without a final "s". A plural head noun ends the counted noun.
PLURAL_NOUNS = frozenset(
    words("people children men women staff personnel troops cattle livestock")
)
WORD_TOKEN = re.compile(rf"{_WS}+([A-Za-z][\w’'-]*)")
# "of" plus determiners or possessives: "of the", "of UNRWA's", "of whose".
OF_PHRASE = re.compile(
    rf"{_WS}+of(?:{_WS}+(?:the|a|an|all|its|their|his|her|our|whose|"
    r"this|that|these|those|[\w’'-]+['’]s?"
    # A multi-word name in the possessive: "of Rakhine State's".
    r"|(?-i:[A-Z])[\w’'-]*(?:\s+(?-i:[A-Z])[\w’'-]*){1,3}['’]s?)(?![\w’']))*"
    r"(?![\w’'])",
    re.IGNORECASE,
)
# An adjective between "of the" and the number of an "X of Y" proportion:
# "of the standard 2,100 kcal", "of the planned 1,200 homes". Group 1: the word.
OF_ADJECTIVE = re.compile(
    rf"{_WS}+(?!(?:in|on|at|by|to|for|from|since|during|until|till|and|or|than|as|"
    r"with|of|after|before|over|under|about|around)\b)"
    rf"([a-z][a-z-]*)(?={_WS}+(?:(?:US|A|C)?\$|[€£¥₴₽₪])?\s?\d)"
)
# What joins two numbers into one statistic: a range or disjunction ("200-300",
# "2 to 3", "80,000 or 100,000") or a proportion ("one in five", "3 out of 4").
CONNECTOR = re.compile(
    rf"{_WS}*(?P<dash>[-–—]){_WS}*"
    rf"|{_WS}+(?:(?P<word>to|and|or)|(?P<proportion>in|out\s+of(?:\s+every)?|"
    rf"of\s+every))\b{_WS}+",
    re.IGNORECASE,
)
# The second number of a range or proportion, with its own quantifier or
# currency sign: "between 385,000 and over 600,000", "$1bn to $2bn".
PARTNER = re.compile(
    rf"{_WS}*(?:(?:over|more\s+than|about|around|nearly|almost|some|up\s+to|"
    r"as\s+many\s+as|at\s+least|at\s+most|just\s+over|well\s+over|roughly|"
    r"approximately)\s+)?"
    r"(?:(?:US|A|C)?\$|[€£¥₴₽₪])?\s?"
    rf"(?:(?P<digits>{_DIGIT_PHRASE})|(?P<word>{_WORD_PHRASE}))",
    re.IGNORECASE,
)
YEAR_DIGITS = re.compile(r"\d{4}\Z")
# A compound modifier glued to a number: "the 2,100-calorie minimum".
HYPHEN_MODIFIER = re.compile(r"-[A-Za-z][\w-]*")

# ---------------------------------------------------------------------------
# Telephone numbers
# ---------------------------------------------------------------------------

# Three or more digit groups (the first may be a "(+1)" country code): "+41 22
# 917 1234", "212-555-0100", "022 917 1234". Whether the run is a phone number
# rather than a space-grouped amount ("1 234 567") is decided by the caller.
PHONE = re.compile(
    r"(?:\(\+?\d{1,4}\)|\+?\d{1,5})(?:[ \u00a0.-]\(?\d{1,5}\)?){2,}(?!\d|,\d)"
)
# After "tel.", "phone:" or "fax" two groups are enough: "tel. 917 1234".
PHONE_AFTER_LABEL = re.compile(
    r"(?:\(\+?\d{1,4}\)|\+?\d{1,5})(?:[ \u00a0.-]\(?\d{1,5}\)?)+(?!\d|,\d)"
)
PHONE_LABEL_BEFORE = re.compile(
    r"\b(?i:tel|telephone|phone|fax|mobile|hotline|whatsapp)\b\.?:?\s*\Z"
)
PHONE_GROUP = re.compile(r"\d+")
