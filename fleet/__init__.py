"""A fleet on one machine: nginx, two app servers, a job worker (see run.py)."""
