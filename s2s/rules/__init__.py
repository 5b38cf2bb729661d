"""Rules as data: the registry, their primitivized templates and how they are inlined."""
