"""The explainers' JSON API: public reads of live revisions, newsroom writes."""
