"""The page, one module per section: layout and callbacks; component ids; per-process caches."""
