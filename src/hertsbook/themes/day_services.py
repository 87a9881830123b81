"""The day_services chapter: data shaping lives here as the chapter grows."""
