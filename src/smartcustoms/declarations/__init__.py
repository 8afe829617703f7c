"""The canonical declaration: schema, validation with field pointers, readers, writers, adapters."""
