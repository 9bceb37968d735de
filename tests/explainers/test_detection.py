"""Behaviour of the statistic detector on sentences written for these tests."""

import itertools

import pytest

from explainers.detection import Detection, detect


def texts(sentence: str) -> list[str]:
    return [d.text for d in detect(sentence)]


# (sentence, expected detections in order). Each expected string must be the
# exact span the detector reports.
POSITIVE_CASES = [
    # digits with separators, decimals and quantifiers
    (
        "Shelling killed at least 11 civilians in Kherson on Tuesday.",
        ["at least 11 civilians"],
    ),
    (
        "Some 4,500 families have fled the fighting around Goma.",
        ["Some 4,500 families"],
    ),
    (
        "Roughly 3,700 missiles have been fired at the country, officials say.",
        ["Roughly 3,700 missiles"],
    ),
    ("Officials counted 1,214 bodies in mass graves.", ["1,214 bodies"]),
    ("Exactly 84 770 people crossed the border.", ["Exactly 84 770 people"]),
    ("The economy contracted by 29.1% last year.", ["29.1%"]),
    (
        "Nearly 7 in 10 households skip meals, a survey found.",
        ["Nearly 7 in 10 households"],
    ),
    (
        "No fewer than 70 migrants drowned when the boat capsized.",
        ["No fewer than 70 migrants"],
    ),
    # number words and compounds
    ("The army said it destroyed twenty-three tanks.", ["twenty-three tanks"]),
    ("A dozen drones were shot down before dawn.", ["A dozen drones"]),
    (
        "Tens of thousands of people marched through the capital.",
        ["Tens of thousands of people"],
    ),
    ("Millions of Syrians still live in tents.", ["Millions of Syrians"]),
    (
        "More than a million refugees crossed into Poland.",
        ["More than a million refugees"],
    ),
    (
        "Around half a million people remain in the city.",
        ["Around half a million people"],
    ),
    ("Two hospitals and a school were hit.", ["Two hospitals"]),
    ("Dozens more were wounded in the blast.", ["Dozens more"]),
    # percentages, fractions and proportions
    ("Prices for bread rose by 35 per cent in March.", ["35 per cent"]),
    (
        "About 80 percent of households need some form of aid.",
        ["About 80 percent of households"],
    ),
    ("One in five schools has been damaged.", ["One in five schools"]),
    (
        "Nearly two-thirds of the territory is held by armed groups.",
        ["Nearly two-thirds of the territory"],
    ),
    ("Half of the population relies on food aid.", ["Half of the population"]),
    ("A third of the wells have run dry.", ["A third of the wells"]),
    ("Wheat prices fell by roughly a quarter.", ["roughly a quarter"]),
    (
        "Only 12 of the 36 hospitals are even partially working.",
        ["Only 12 of the 36 hospitals"],
    ),
    # money in several currencies and notations
    ("The agency needs $1.5bn to feed the region.", ["$1.5bn"]),
    ("The bloc pledged €3 billion in assistance.", ["€3 billion"]),
    ("London will give £40m to the appeal.", ["£40m"]),
    ("The deficit reached 500m hryvnias in May.", ["500m hryvnias"]),
    ("Norway gave US$ 2 million to the fund.", ["US$ 2 million"]),
    (
        "Parliament approved 1.2 trillion hryvnias for defence.",
        ["1.2 trillion hryvnias"],
    ),
    ("Defence spending will be around UAH 1.7 trillion.", ["around UAH 1.7 trillion"]),
    ("A sack of flour costs 90,000 Sudanese pounds.", ["90,000 Sudanese pounds"]),
    # units
    ("The front line runs for roughly 1,000 km.", ["roughly 1,000 km"]),
    ("The lake has shrunk to about 12,000 sq km.", ["about 12,000 sq km"]),
    (
        "The port shipped almost 2 million tonnes of wheat.",
        ["almost 2 million tonnes of wheat"],
    ),
    ("Rainfall was 40mm below the seasonal average.", ["40mm"]),
    ("The buffer zone reaches 50 km (31 miles) inland.", ["50 km", "31 miles"]),
    ("Water supply fell to 5 litres per person.", ["5 litres per person"]),
    # ranges
    (
        "Between 200 and 300 fighters remained in the plant.",
        ["Between 200 and 300 fighters"],
    ),
    ("Officials said 200-300 homes were flooded.", ["200-300 homes"]),
    ("The toll is 30,000 to 40,000 dead.", ["30,000 to 40,000 dead"]),
    ("Families eat one or two meals a day.", ["one or two meals a day"]),
    # rates and findings about lengths of time
    (
        "Power is available for an average of four hours a day.",
        ["an average of four hours a day"],
    ),
    ("The detour adds about ten days to each voyage.", ["about ten days"]),
    ("About 600 trucks a day are needed.", ["About 600 trucks a day"]),
    # a count next to a date, a name or a duration
    (
        "Since 2015, some 377,000 people have died in the war.",
        ["some 377,000 people"],
    ),
    (
        "In the 24 hours to Sunday, 50 people were killed.",
        ["50 people"],
    ),
    ("One civilian was killed when a drone hit a bus.", ["One civilian"]),
    ("At least one child was killed in the strike.", ["At least one child"]),
    ("More than 2000 people fled the town.", ["More than 2000 people"]),
    (
        "The drones have a range of several hundred kilometres.",
        ["several hundred kilometres"],
    ),
    ("The agency has lost 178 staff members since the war began.", ["178 staff"]),
    # title-case headlines: a capitalised word before a percentage, unit or
    # counted plural does not make the number a name
    ("Wheat Exports Slump 18% After Port Strikes", ["18%"]),
    ("Refugee Arrivals Rise 12 Percent In Poland", ["12 Percent"]),
    ("Lending Grows 6.5 Pct As Rates Ease", ["6.5 Pct"]),
    ("Convoy Hauls 450 Tonnes Of Flour To Aleppo", ["450 Tonnes"]),
    ("Rents Climb 25% In Border Towns", ["25%"]),
    # bare fractions after a quantifier or "by"
    (
        "Fish catches dropped by more than half after the spill.",
        ["more than half"],
    ),
    ("Almost half were unaccompanied minors.", ["Almost half"]),
    ("Grain stocks were cut by nearly a third.", ["nearly a third"]),
    ("Tax receipts fell by two-thirds in a year.", ["two-thirds"]),
    ("Well over half had no shelter at all.", ["Well over half"]),
    # lengths of time that are the finding: coordinated objects of a finding
    # verb, and rates (also after "of <what>")
    (
        "The closure adds 900 km and four to six days to each delivery.",
        ["900 km", "four to six days"],
    ),
    (
        "Flooding cost farmers 2,000 hectares and three weeks of planting.",
        ["2,000 hectares", "three weeks of planting"],
    ),
    (
        "Camps get an average of three hours of running water a day.",
        ["an average of three hours of running water a day"],
    ),
    (
        "Clinics have about five hours of grid power per week.",
        ["about five hours of grid power per week"],
    ),
    ("Some districts go 16 hours a day without power.", ["16 hours a day"]),
    ("Generators run for 10 hours per day at most.", ["10 hours per day"]),
    (
        "The convoy lost two trucks and ten days later turned back.",
        ["two trucks"],
    ),
    # a bare number word coordinated with an earlier count is a count
    (
        "Gunboats rammed three ferries, capsizing two and damaging one.",
        ["three ferries", "two", "one"],
    ),
    (
        "Inspectors found 14 rifles and one mortar in the cache.",
        ["14 rifles", "one mortar"],
    ),
    ("Seven boats sailed but this one sank.", ["Seven boats"]),
    ("Eleven bodies were found and no one was charged.", ["Eleven bodies"]),
    ("He briefed 12 envoys and one by one they left.", ["12 envoys"]),
    # "one" with a facility and a verb of state reports what is left
    ("One bakery is still working in the old town.", ["One bakery"]),
    ("One clinic still functions in the whole province.", ["One clinic"]),
    # "X of <Name>'s Y" and "half of the <N>-<unit> <noun>" are one span
    (
        "Rebels hold 9 of North Kivu's 11 territories.",
        ["9 of North Kivu's 11 territories"],
    ),
    (
        "Only four of the district's 30 wells still pump water.",
        ["Only four of the district's 30 wells"],
    ),
    (
        "Rations now cover roughly a third of the 1,800-calorie target.",
        ["roughly a third of the 1,800-calorie target"],
    ),
    (
        "Just half of the 600-bed capacity is in use.",
        ["Just half of the 600-bed capacity"],
    ),
    # four-digit counts that look like years, and spaced thousands
    ("Militia fighters killed 1900 people in the town.", ["1900 people"]),
    ("The census found 2 300 000 residents.", ["2 300 000 residents"]),
    # title-case headlines: a number after a headline verb, or before a
    # clause break or preposition, is a count
    ("Flash Floods Kill 60 In Northern Nigeria", ["60"]),
    ("Landslide Buries 37, Rescue Teams Say", ["37"]),
    ("Navy Rescues 12 Crew Off Sinking Ferry", ["12 Crew"]),
    ("Kenya Sends Back 90 Police Officers From Haiti", ["90 Police Officers"]),
    ("Storms Leave 8 Dead Across Bangladesh", ["8 Dead"]),
    # an estimate of the time a task will need is a finding
    ("Rebuilding the grid could take 12 years, engineers warn.", ["12 years"]),
    ("Draining the mines is expected to take 18 months.", ["18 months"]),
    ("Restocking the herds will need 25 years at this pace.", ["25 years"]),
    # year-shaped counts after a determiner, before people or things
    (
        "Among the 1500 families displaced by the floods, most were farmers.",
        ["1500 families"],
    ),
    ("Of these 1200 troops, a third were conscripts.", ["1200 troops", "a third"]),
    ("Their 1800 tents were all blown down.", ["1800 tents"]),
    # multiplicatives
    ("Food prices have risen sevenfold since the war began.", ["sevenfold"]),
    ("Cholera cases saw a 20-fold rise in a month.", ["20-fold rise"]),
    ("Displacement saw a two-fold increase in the east.", ["two-fold increase"]),
    ("Tenfold growth in arrivals stretched the camps.", ["Tenfold growth"]),
    # a length of time coordinated with a finding verb's object after a
    # bracketed conversion
    (
        "Sailing round Africa adds about 4,000 miles (6,400 km) and two weeks "
        "to the journey.",
        ["about 4,000 miles", "6,400 km", "two weeks"],
    ),
    ("The blockade extended the journey by twelve days.", ["twelve days"]),
    # a bare "one" with a person after a casualty participle
    (
        "Shelling hit a market, killing one woman and injuring two others.",
        ["one woman", "two others"],
    ),
    ("A sniper opened fire, wounding one policeman.", ["one policeman"]),
    ("Gunmen stormed the school, abducting one teacher.", ["one teacher"]),
    # "from X to Y" after a verb of change, or falling, gives two values
    (
        "The ministry raised the wage from 3,000 to 4,500 hryvnias.",
        ["3,000", "4,500 hryvnias"],
    ),
    ("Fares were lowered from 40 to 25 pounds per trip.", ["40", "25 pounds per trip"]),
    ("Exports slumped from $2bn to $1.2bn a month.", ["$2bn", "$1.2bn a month"]),
    ("The camp grew from 5,000 to 20,000 residents.", ["5,000", "20,000 residents"]),
    ("Anywhere from 5 to 7 million people need aid.", ["5 to 7 million people"]),
    # a rate as a share of each period
    ("Households had power for six hours of every day.", ["six hours of every day"]),
    ("Girls spent two hours of each day fetching water.", ["two hours of each day"]),
    # ranges whose first number carries the same multiplier or percent sign
    (
        "Traders moved 1.5m to 2m barrels a day.",
        ["1.5m to 2m barrels a day"],
    ),
    ("Donors pledged $2m to $3m for the clinics.", ["$2m to $3m"]),
    (
        "Officials expect 3bn-4bn cubic metres of gas a year.",
        ["3bn-4bn cubic metres of gas a year"],
    ),
    (
        "Roughly 60% to 70% of the wells are dry.",
        ["Roughly 60% to 70% of the wells"],
    ),
    ("Roughly 60-70% of the wells are dry.", ["Roughly 60-70% of the wells"]),
    # "X of the <adjective> Y" is one proportion
    (
        "Only 40% of the planned 1,200 homes were built.",
        ["Only 40% of the planned 1,200 homes"],
    ),
    (
        "Deliveries reached half of the usual 500 trucks.",
        ["half of the usual 500 trucks"],
    ),
    (
        "About 60 percent of the required 15 litres per person was supplied.",
        ["About 60 percent of the required 15 litres per person"],
    ),
    (
        "Just a third of the original 40,000 residents remain.",
        ["Just a third of the original 40,000 residents"],
    ),
    # a count stated with a copula is not an age bracket
    ("The toll was over 60.", ["over 60"]),
    ("A third of the patients were over 70.", ["A third of the patients"]),
    # thousands grouped by a thin or narrow no-break space
    ("The district shelters some 45\u2009000 people.", ["some 45\u2009000 people"]),
    ("Another 120\u202f000 people fled.", ["Another 120\u202f000 people"]),
    # identifiers listed after a plural head do not hide later counts
    ("Paragraphs 12 and 13 cover 300 families each.", ["300 families"]),
]

NEGATIVE_CASES = [
    # dates, years, decades, centuries, times of day
    "The talks were held in Geneva on 14 March 2023.",
    "Fighting broke out on April 15, 2023, in the capital.",
    "Since 2014, the conflict has reshaped the region.",
    "The 2022 invasion triggered new sanctions.",
    "The fighting escalated in the 1990s.",
    "The movement was founded in the 19th century.",
    "The invasion began at 4 a.m. local time.",
    "The ceasefire took effect at 18:00.",
    "The talks were held on 3 and 4 March.",
    "The night of 13-14 April was the worst yet.",
    "The war lasted from 1975 to 1990.",
    "The attacks of 9/11 changed the region.",
    # identifiers
    "Security Council Resolution 2334 condemned the settlements.",
    "Flight MH17 was shot down over the east.",
    "Leaders met at the G7 summit.",
    "COVID-19 restrictions were lifted in the camps.",
    "NATO's Article 5 has never been invoked over Ukraine.",
    "The 93rd Brigade withdrew from the town.",
    "The Second World War left the city in ruins.",
    "Russia fired Shahed-136 drones overnight.",
    "The Group of Seven condemned the attack.",
    "The two-state solution remains the stated goal.",
    # ages
    "A 14-year-old boy was wounded by shrapnel.",
    "Her father, aged 72, refused to leave.",
    "The scheme pays pensions to people over 65.",
    "Men aged 18 to 60 may not leave the country.",
    "Children under five are most at risk.",
    # narrative durations
    "The siege lasted for weeks.",
    "The three-year war has devastated the economy.",
    "Negotiations have dragged on for more than two decades.",
    "The attack happened seven days ago.",
    "The convoy waited at the crossing for 12 hours.",
    "Fighting resumed after a 72-hour truce.",
    "Half an hour later, the shelling resumed.",
    # reference words and ordinals
    "The two countries signed a security pact.",
    "Both sides accused each other of breaking the truce.",
    "One of the men was later released.",
    "One day, the shelling simply stopped.",
    "It was the first time the city had been hit.",
    "The third attack this month hit the port.",
    "Delegates met for a second round of talks.",
    "Kharkiv is the country's second-largest city.",
    "The summit will be held in the second half of the year.",
    "Khartoum, Omdurman and Bahri – three cities on the Nile – were shelled.",
    "The girl, 9, was found alive under the rubble.",
    "Article 2(4) of the Charter bans the use of force.",
    "The hotline for survivors runs 24/7.",
    # names with a number in a headline
    "Tanker Volgoneft 212 Ran Aground Off Crimea",
    # "half" as part of a word or a kind, not a fraction
    "His half-sister fled to Chad.",
    "She is half Sudanese.",
    # narrative durations coordinated without a finding verb
    "The talks ran for six hours and ended without a deal.",
    "They walked for three days and two nights.",
    # reference uses of "one" next to coordination
    "The two armies met and one side blinked.",
    "Both delegations and one of the mediators left early.",
    "One problem remains unresolved.",
    "One way or another, the siege will end.",
    "It was a one-off grant.",
    # telephone numbers are identifiers
    "For interviews, call +33 1 45 68 10 00 during office hours.",
    "Journalists may phone 020 7946 0123 for comment.",
    "The helpline is (+44) 20-7946-0958.",
    "Tel. 917 4455, fax 917 4456.",
    "Reach the desk on 0161 496 0000 before noon.",
    # clock times written with a dot
    "The curfew begins at 21.30 on Friday.",
    "Troops entered the town at 5.45 that morning.",
    "Ballots must be cast by 19.00 on the day of the vote.",
    "In 1990 women won the vote.",
    # a name or model with a number in a headline
    "Boeing 737 Crashes Near Tehran",
    "UN Passes Resolution 2728 On Gaza Ceasefire",
    "Apollo 11 Anniversary Marked In Houston",
    # a narrated past span, and year-shaped numbers before other nouns
    "The convoy took four days to reach the border.",
    "Their 2014 protests toppled the government.",
    "The 2019 manifesto promised land reform.",
    # a "for" span or a prolonged term is a duration
    "The mission was renewed for a further six weeks.",
    "The mandate was prolonged for an additional two years.",
    "The curfew was extended by another two weeks.",
    # ages: brackets stated of people, and appositions with "then"/"now"
    "Many were older than 80, aid workers said.",
    "Most of the detainees were under 18.",
    "The general, then 59, fled to Moscow.",
    "Mr Haftar, now 81, rarely appears in public.",
    # half of a time unit
    "A month and a half later the dam burst.",
    "The crossing took an hour and a half.",
    # identifiers listed after a plural head
    "Articles 3 and 5 of the accord were never applied.",
    "Brigades 47 and 93 pulled back.",
    "Sections 4, 7 and 9 were amended.",
    "UN Security Council Resolutions 242 and 338 call for withdrawal.",
]


@pytest.mark.parametrize(("sentence", "expected"), POSITIVE_CASES)
def test_statistic_is_detected_with_its_span(sentence, expected):
    assert texts(sentence) == expected


@pytest.mark.parametrize("sentence", NEGATIVE_CASES)
def test_number_that_is_not_a_statistic_is_not_flagged(sentence):
    assert detect(sentence) == []


def test_detections_carry_offsets_into_the_source():
    sentence = "Officials said 200-300 homes and 12 schools were flooded."
    found = detect(sentence)
    assert [sentence[d.start : d.end] for d in found] == [d.text for d in found]
    assert found == [
        Detection(15, 28, "200-300 homes"),
        Detection(33, 43, "12 schools"),
    ]


def test_detections_are_sorted_and_never_overlap():
    sentence = (
        "About 1.3 million refugees returned, another 800,000 remain abroad, "
        "and 40% of them are children, one in three under five."
    )
    found = detect(sentence)
    assert [d.start for d in found] == sorted(d.start for d in found)
    for first, second in itertools.pairwise(found):
        assert first.end <= second.start


def test_two_statistics_joined_by_and_stay_separate():
    assert texts("The plan covers 93 million people and 40 countries.") == [
        "93 million people",
        "40 countries",
    ]


def test_percentage_then_money_with_to_are_two_statistics():
    assert texts("Revenue grew 27.3% to UAH 1.6 trillion.") == [
        "27.3%",
        "UAH 1.6 trillion",
    ]


def test_year_after_since_is_not_flagged():
    assert texts("Over 13,000 people have been killed since 2014.") == [
        "Over 13,000 people"
    ]


def test_day_and_month_around_a_count_are_not_flagged():
    assert texts("On 5 October, soldiers set two villages on fire.") == ["two villages"]


def test_four_digit_count_that_looks_like_a_year_is_flagged():
    assert texts("The militia sent 2000 fighters to the front.") == ["2000 fighters"]


def test_name_followed_by_a_number_is_an_identifier():
    assert texts("Ships including Star Aurora 121 left, bringing the total to 17.") == [
        "17"
    ]


def test_footnote_markers_are_ignored():
    assert texts("The war killed 300 people.[12]") == ["300 people"]


def test_quantity_that_is_the_finding_is_a_statistic():
    assert texts("The war erased 15 years of the country's economic development.") == [
        "15 years of the country's economic development"
    ]


def test_conversion_in_parentheses_is_a_separate_statistic():
    assert texts("The border is 1,200 km (750 miles) long.") == [
        "1,200 km",
        "750 miles",
    ]


def test_empty_text_has_no_detections():
    assert detect("") == []


def test_text_whose_lowercase_form_changes_length_is_handled():
    # "İ" lower-cases to two characters; offsets must still index the source.
    sentence = "İzmir hosts 40,000 refugees."
    assert texts(sentence) == ["40,000 refugees"]
    assert all(sentence[d.start : d.end] == d.text for d in detect(sentence))


def test_count_in_a_title_case_heading_is_not_taken_for_a_name():
    assert texts("Russia Fires 300 Drones at Kyiv Overnight") == ["300 Drones"]
