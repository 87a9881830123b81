"""What the chapters say: data access, the themes' and the audit's computations, charts and words for readers."""
