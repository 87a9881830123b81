"""Stage 1, the gate: every data file, the book's configuration and the sources checked before anything runs."""
