"""Stage 2, execute: each theme notebook run with checked parameters in a kernel that records what it reads."""
