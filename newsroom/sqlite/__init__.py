"""SQLite that never creates an empty database at run time (see ``base``)."""
