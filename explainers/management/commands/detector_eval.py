"""``manage.py detector_eval FILE.jsonl``: score the statistic detector.

Scores what the gate finds in each item read as plain text. Prints precision,
recall, F1 and TP/FP/FN, false alarms by non-statistic kind, then every miss
and false alarm with its context. The logic lives in
``explainers.detector_scoring`` so that it is testable without Django.
"""

from django.core.management.base import BaseCommand, CommandError

from explainers.detector_scoring import format_report, load_corpus, score
from explainers.findings import detect_in_plain_text


class Command(BaseCommand):
    help = "Score the statistic detector against an annotated JSONL corpus."

    def add_arguments(self, parser):
        parser.add_argument("corpus", help="path to a statistics JSONL file")

    def handle(self, *args, **options):
        path = options["corpus"]
        try:
            items = load_corpus(path)
        except FileNotFoundError as exc:
            raise CommandError(f"corpus file not found: {path}") from exc
        except OSError as exc:
            raise CommandError(f"cannot read corpus file {path}: {exc}") from exc
        except ValueError as exc:
            raise CommandError(f"malformed corpus {path}: {exc}") from exc
        if not items:
            raise CommandError(f"corpus file {path} contains no items")
        self.stdout.write(f"{len(items)} items in {path}")
        # The gate's path: the text normalised as readers read it (any digit
        # script, NFKC, no format characters), spans in the item's offsets.
        self.stdout.write(format_report(score(items, detect_in_plain_text)))
