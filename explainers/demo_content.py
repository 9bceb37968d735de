"""Demo content for ``load_demo``: two explainers written for this project.

Figures come from the public record; the sentences are our own. Citations
name the document and where in it the figure sits; the quoted passage is left
for a researcher to paste from the document itself, as a newsroom would.
"""

import datetime

ACCESSED = datetime.date(2026, 11, 1)

CONFLICT = {
    "name": "Russia–Ukraine war",
    "slug": "russia-ukraine",
    "description": "Russia's war against Ukraine since 2014 and its full-scale "
    "invasion of February 2022.",
}

SOURCES = {
    "ohchr-29": {
        "kind": "international_body",
        "title": "Report on the human rights situation in Ukraine, "
        "16 November 2019 – 15 February 2020",
        "publisher": "Office of the UN High Commissioner for Human Rights (OHCHR)",
        "url": "https://www.ohchr.org/Documents/Countries/UA/29thReportUkraine_EN.pdf",
        "accessed_date": ACCESSED,
        "language": "en",
        "reliability": "generally_reliable",
        "reliability_note": "The UN Human Rights Monitoring Mission in Ukraine "
        "counts conflict-related deaths from verified cases and gives ranges.",
    },
    "unhcr-portal": {
        "kind": "international_body",
        "title": "Ukraine refugee situation (operational data portal)",
        "publisher": "UNHCR, the UN Refugee Agency",
        "url": "https://data.unhcr.org/en/situations/ukraine",
        "accessed_date": ACCESSED,
        "language": "en",
        "reliability": "generally_reliable",
        "reliability_note": "Aggregates national registrations; people who moved "
        "on or returned may be counted more than once.",
    },
    "budapest-memorandum": {
        "kind": "official_statement",
        "title": "Memorandum on security assurances in connection with Ukraine's "
        "accession to the Treaty on the Non-Proliferation of Nuclear Weapons",
        "publisher": "United Nations Treaty Series",
        "url": "https://treaties.un.org/",
        "accessed_date": ACCESSED,
        "published_date": datetime.date(1994, 12, 5),
        "language": "en",
        "reliability": "generally_reliable",
    },
    "hrmmu-kryvyi-rih": {
        "kind": "international_body",
        "title": "Protection of civilians in Ukraine: April 2025 update",
        "publisher": "UN Human Rights Monitoring Mission in Ukraine (HRMMU)",
        "url": "https://ukraine.un.org/",
        "accessed_date": ACCESSED,
        "language": "en",
        "reliability": "generally_reliable",
    },
}

# Drawn for the demo by explainers/demo_map.py; the gate reads these words.
MAP = {
    "alt_text": "Schematic map of Ukraine: Kyiv in the north, Lviv in the west, "
    "Odesa on the Black Sea coast, and Kharkiv, Dnipro, Kryvyi Rih, "
    "Zaporizhzhia, Donetsk and Luhansk in the east and south.",
    "caption": "Ukraine within its internationally recognised borders, with the "
    "cities named in our explainers.",
    "credit": "Newsroom Explainers graphics desk",
    "licence": "own_work",
    "credit_url": "",
}

MINERALS = {
    "slug": "why-the-us-ukraine-minerals-deal-stalled",
    "lead_image": MAP,
    "title": "Why the US–Ukraine minerals deal stalled",
    "standfirst": "Kyiv wants security in return for access to its mineral wealth; "
    "Washington wants repayment for past aid. The gap between the two explains "
    "the delay.",
    "body": """\
Ukraine and the United States have spent weeks trading drafts of an agreement
that would give American companies a share in Ukrainian mineral projects. Kyiv
has sent a large delegation to Washington to restart the talks.

## What each side wants

Washington's draft asks for a strong US business presence in post-war Ukraine
and for rights to part of its mineral resources, in exchange for aid. Kyiv's
main objection is to treating earlier American military aid as a loan to be
repaid: President Zelenskyy has said he will not sign a text that does so.

## Why security matters to Kyiv

The war that began in the east in 2014 had already killed
[[stat:killed-by-2020]] by early 2020, and the full-scale invasion has since
forced [[stat:refugees-abroad]] to seek safety in other countries. A deal
without guarantees, Ukrainian officials argue, would leave investors and
citizens exposed to the next attack.

## What happens next

The delegation includes officials from the economy, foreign affairs, justice
and finance ministries. Their task is to agree on which projects come first,
the legal framework, and how long-term investment would be managed.
""",
    "boxes": [
        {
            "position": 1,
            "kind": "history",
            "title": "Negotiations since 1991",
            "body": """\
Ukraine became independent when the Soviet Union dissolved in 1991. Under the
Budapest Memorandum of December 1994 it gave up the nuclear weapons left on its
soil in exchange for assurances that its borders would be respected.

After President Viktor Yanukovych was removed from office in 2014, Russia
annexed Crimea and backed separatist forces in Donetsk and Luhansk. The Minsk
agreements that followed were meant to bring a ceasefire and return the
border to Kyiv's control; neither happened.
""",
        },
        {
            "position": 2,
            "kind": "key_questions",
            "title": "Questions still open",
            "body": """\
- Would the agreement treat past US aid as a debt?
- Does it include any security guarantee for Ukraine?
- Who decides which mineral projects are developed first?
""",
        },
    ],
    "statistics": [
        {
            "key": "killed-by-2020",
            "claim": "Conflict-related deaths in eastern Ukraine recorded by the "
            "UN from April 2014 to mid-February 2020, civilians and combatants.",
            "display_text": "more than 13,000 people",
            "value": "13000",
            "unit": "people",
            "as_of": "2020-02-15",
            "key_figure": 1,
            # A count for a closed period: it needs no fresh eyes for years.
            "figure_kind": "running_toll",
            "review_interval_days": 3650,
            "citations": [
                {
                    "source": "ohchr-29",
                    "locator": "Summary: casualties, 14 April 2014 – 15 February 2020",
                }
            ],
        },
        {
            "key": "refugees-abroad",
            "claim": "Refugees from Ukraine recorded in other countries since the "
            "full-scale invasion of February 2022.",
            "display_text": "more than six million people",
            "value": "6000000",
            "unit": "people",
            "as_of": "2025-01-01",
            "key_figure": 2,
            "figure_kind": "displacement",
            "citations": [
                {
                    "source": "unhcr-portal",
                    "locator": "Refugees from Ukraine recorded globally",
                }
            ],
        },
    ],
}

AERIAL = {
    "slug": "russias-air-campaign-against-ukrainian-cities",
    "title": "Russia's air campaign against Ukrainian cities",
    "standfirst": "Missiles and drones keep striking cities far from the front, "
    "including the president's home town.",
    "body": """\
Russian missiles and drones continue to hit Ukrainian cities far from the
front line. An April strike on Kryvyi Rih, President Zelenskyy's home town,
killed [[stat:kryvyi-rih-deaths]], and Ukraine says the pace of the strikes is
rising.

Reports speak of [[stat:airstrikes-since-2014]] on Ukrainian positions since
2014, a figure that still needs a named source before it can be published.
""",
    "boxes": [],
    "statistics": [
        {
            "key": "kryvyi-rih-deaths",
            "claim": "People killed by the Russian missile strike on Kryvyi Rih "
            "on 4 April 2025, as first reported.",
            "display_text": "18 people",
            "value": "18",
            "unit": "people",
            "as_of": "2025-04-05",
            "figure_kind": "running_toll",
            "citations": [
                {"source": "hrmmu-kryvyi-rih", "locator": "Kryvyi Rih, 4 April 2025"}
            ],
        },
        {
            "key": "airstrikes-since-2014",
            "claim": "Russian airstrikes on Ukrainian positions since 2014.",
            "display_text": "more than 1,000 airstrikes",
            "value": "1000",
            "unit": "airstrikes",
            "as_of": None,
            # Deliberately uncited: the publication gate refuses this explainer.
            "citations": [],
        },
    ],
}
