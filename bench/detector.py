"""Benchmark of the statistic detector.

Run from the repository root with ``python bench/detector.py``. It needs only
the standard library: the detector is imported straight from ``explainers``
without Django.

Three texts are timed: a long synthetic explainer (several thousand words of
conflict reporting, figure-heavy paragraphs alternating with background and
analysis full of names, dates and identifiers), a worst case made of the
figure-heavy paragraphs only (about one number every nine words), and the
seed report in ``/work/shared/seed`` when it exists. Each time is the best of
several repeats, reported as ms per call and ms per 1,000 words.
"""

import importlib
import sys
import timeit
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

# Imported after the path change (and without an import statement, which
# would have to sit at the top of the module).
detect = importlib.import_module("explainers.detection").detect

SEED_REPORT = Path("/work/shared/seed/ukraine-minerals-report.txt")

# Paragraphs written for this benchmark in the register of wire copy and UN
# situation reports. Each "{n}" is replaced per section so the long text does
# not repeat itself verbatim.
PARAGRAPHS = [
    (
        "Since the full-scale invasion began on 24 February 2022, more than {n},000 "
        "civilians have been killed in Ukraine, according to the UN human rights "
        "monitoring mission, which says the true figure is likely considerably "
        "higher. About 3.7 million people remain internally displaced, and some "
        "6.5 million Ukrainians are registered as refugees in Europe. In the first "
        "half of 2024 alone, Russia launched roughly 4,000 guided aerial bombs at "
        "front-line towns, the Ukrainian air force said on Monday."
    ),
    (
        "The World Bank's latest Rapid Damage and Needs Assessment, published in "
        "February, put the cost of reconstruction at $486 billion over the next "
        "decade, or about 2.8 times the country's 2023 GDP. Housing accounts for "
        "13% of the damage, energy for {n}%, and transport for a further 15 per "
        "cent. The government has asked donors for €50bn under the Ukraine "
        "Facility, of which €4.5bn was disbursed in the first quarter."
    ),
    (
        "In Gaza, the health ministry says at least 3{n},000 people have been "
        "killed since 7 October 2023, more than half of them women and children. "
        "The UN estimates that nine in 10 of the strip's 2.2 million residents have "
        "been displaced at least once, many of them several times. Only 17 of the "
        "36 hospitals were even partially functioning in late May, and the World "
        "Food Programme said that fewer than 100 trucks a day were entering "
        "through the southern crossings, against a pre-war average of about 500."
    ),
    (
        "Sudan's war, which erupted on 15 April 2023 between the army and the "
        "Rapid Support Forces, has displaced over {n} million people, making it the "
        "world's largest displacement crisis. Tens of thousands have been killed. "
        "In El Fasher, a city of some 1.8 million before the siege, aid agencies "
        "say that one in three children under five is acutely malnourished. The "
        "2024 humanitarian appeal of $2.7 billion was only 41% funded by October."
    ),
    (
        "Houthi attacks on shipping in the Red Sea have forced container lines to "
        "reroute around the Cape of Good Hope, adding about ten days and some "
        "3,500 nautical miles to a typical voyage between Asia and Europe. Traffic "
        "through the Suez Canal fell by {n} per cent in the first two months of "
        "the year, and Egypt's canal revenues dropped from $10.3bn in 2023 to an "
        "estimated $4bn. Insurers raised war-risk premiums to as much as 1% of a "
        "ship's value per transit."
    ),
    (
        "In Syria, more than 13 years after the uprising began, 16.7 million people "
        "need humanitarian assistance, the highest figure since the conflict "
        "started. The Syrian pound has lost over 99% of its pre-war value, and a "
        "public-sector salary of 300,000 Syrian pounds now buys a family food for "
        "barely a week. UN Security Council Resolution 2672 extended cross-border "
        "aid through Bab al-Hawa for six months in January 2023."
    ),
    (
        "The Tigray war, which ended with the Pretoria agreement of 2 November "
        "2022, may have killed as many as 600,000 people, according to the "
        "African Union mediator. Researchers at Ghent University put the toll at "
        "between 3{n}0,000 and 600,000. A 45-year-old teacher in Mekelle said her "
        "school had reopened with two-thirds of its pupils missing."
    ),
    (
        "In Myanmar, the military has carried out more than {n}00 airstrikes since "
        "the February 2021 coup, and monitoring groups say at least 5,000 "
        "civilians have been killed. Some 2.6 million people are internally "
        "displaced. Operation 1027, launched by an alliance of three armed groups "
        "in October 2023, seized dozens of military outposts in northern Shan "
        "State within weeks."
    ),
    (
        "In eastern Democratic Republic of the Congo, the M23 rebellion has "
        "driven about {n}00,000 people into camps around Goma, where cholera "
        "cases rose by 40% in a single month. The country hosts nearly 7 million "
        "internally displaced people, and the 2024 appeal sought $2.6 billion to "
        "reach 8.7 million of them. MONUSCO, whose mandate dates back to 1999, "
        "began a phased withdrawal of its roughly 13,500 peacekeepers."
    ),
    (
        "Across the central Sahel, violence by armed groups has closed more than "
        "{n},000 schools in Burkina Faso, Mali and Niger, leaving about a million "
        "children out of class. Burkina Faso alone counts over 2 million displaced "
        "people, and the blockade of Djibo has left its 300,000 residents "
        "dependent on air drops. The three juntas announced their withdrawal from "
        "ECOWAS on 28 January 2024."
    ),
    (
        "After Azerbaijan's one-day offensive in September 2023, almost the "
        "entire Armenian population of Nagorno-Karabakh, some 100,{n}00 people, "
        "fled to Armenia within a week. An explosion at a fuel depot near "
        "Stepanakert killed at least 218 people. Armenia, a country of 2.8 "
        "million, has since spent about $100 million on housing for the "
        "refugees, the government said at 10:30 on Thursday."
    ),
    (
        "Ukraine's grain corridor shipped 33 million tonnes of agricultural "
        "products before Russia quit the Black Sea Grain Initiative in July 2023. "
        "Exports through the new Ukrainian corridor have since exceeded {n}0 "
        "million tonnes, and wheat prices fell by roughly a quarter from their "
        "2022 peak. The 2024 state budget set defence spending at UAH 1.69 "
        "trillion, around 22% of GDP, financed in part by 1.2 trillion hryvnias "
        "of foreign budget support."
    ),
]

# Background and analysis paragraphs: the narrative between the figures of a
# real explainer, with names, dates, identifiers and only a few numbers.
NARRATIVE = [
    (
        "The roots of the conflict go back to the collapse of the Soviet Union in "
        "1991, when Ukraine inherited part of the Black Sea Fleet and a nuclear "
        "arsenal it later gave up under the Budapest Memorandum. Relations with "
        "Moscow soured after the Orange Revolution of 2004 and again after the "
        "Maidan protests, which ended with the flight of President Viktor "
        "Yanukovych in February 2014. Within weeks, Russia annexed Crimea."
    ),
    (
        "Diplomacy has repeatedly stalled. The Minsk II agreement, signed in "
        "February 2015 by the leaders of France, Germany, Russia and Ukraine, was "
        "never fully implemented, and both sides accused each other of violating "
        "the ceasefire almost daily. Talks in Istanbul in March 2022 produced a "
        "draft communique that was abandoned weeks later, after the discovery of "
        "mass graves in Bucha."
    ),
    (
        "Western governments have responded with successive rounds of sanctions, "
        "the fourteenth of which was adopted by the European Union in June 2024. "
        "The G7 agreed to use the proceeds of frozen Russian central bank assets "
        "to back a loan, and NATO members pledged at their Vilnius summit to keep "
        "supplying air defence. Critics in Kyiv say deliveries have been slow and "
        "that restrictions on the use of long-range weapons such as ATACMS and "
        "Storm Shadow have cost lives."
    ),
    (
        "For ordinary people, the war is measured in daily routines: air-raid "
        "alerts that sound at 3 a.m., schools that teach in basements, and "
        "queues for water after each strike on a pumping station. A 67-year-old "
        "pensioner in Kharkiv said she had stopped counting the nights spent in "
        "the corridor of her apartment block. Her grandson, aged 14, studies "
        "online when the power allows."
    ),
    (
        "The humanitarian system itself is under strain. Agencies that once "
        "relied on a handful of large donors now compete for shrinking budgets, "
        "and the UN's Office for the Coordination of Humanitarian Affairs has "
        "asked country teams to prioritise the most severe needs. Resolution "
        "2417, adopted by the Security Council in 2018, condemns the use of "
        "starvation as a method of warfare, but it has rarely been invoked."
    ),
    (
        "What happens next depends on the battlefield and on politics far from "
        "it. Elections in Washington, the cohesion of the European Union and "
        "the state of Russia's war economy will all shape the outcome. Officials "
        "in Kyiv insist there can be no settlement that rewards aggression, "
        "while Moscow continues to demand recognition of the territories it "
        "claims to have annexed in September 2022."
    ),
]


def build_text(paragraphs: list[str], target_words: int) -> str:
    """Cycle through ``paragraphs``, varying their figures, to ``target_words``."""
    parts: list[str] = []
    words = 0
    section = 0
    while words < target_words:
        section += 1
        for paragraph in paragraphs:
            text = paragraph.format(n=section % 9 + 1)
            parts.append(text)
            words += len(text.split())
    return "\n\n".join(parts)


def build_explainer(target_words: int = 5000) -> str:
    """An explainer: figure-heavy sections alternating with narrative ones."""
    mixed = [p for pair in zip(PARAGRAPHS, NARRATIVE * 2, strict=False) for p in pair]
    return build_text(mixed, target_words)


def measure(label: str, text: str, number: int, repeat: int = 7) -> None:
    words = len(text.split())
    detect(text)  # warm-up
    best = min(timeit.repeat(lambda: detect(text), number=number, repeat=repeat))
    per_call = best / number * 1000
    print(
        f"{label}: {words} words, {len(detect(text))} detections, "
        f"{per_call:.3f} ms per call, {per_call / words * 1000:.3f} ms per 1,000 words"
    )


def main() -> None:
    measure("explainer (figures + narrative)", build_explainer(), number=20)
    measure("figures only (worst case)", build_text(PARAGRAPHS, 5000), number=20)
    if SEED_REPORT.exists():
        measure("seed report (warm)", SEED_REPORT.read_text(encoding="utf-8"), 200)
    else:
        print(f"seed report not found at {SEED_REPORT}; skipped")


if __name__ == "__main__":
    main()
