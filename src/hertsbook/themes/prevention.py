"""The prevention chapter: data shaping lives here as the chapter grows."""
