"""s2s's version, in a module of its own: the cache key and the generated files' headers need it,
and importing it from the package would tie every module below the API to the API."""

__version__ = "0.1.0"
