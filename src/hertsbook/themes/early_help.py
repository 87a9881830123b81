"""The early_help chapter: data shaping lives here as the chapter grows."""
