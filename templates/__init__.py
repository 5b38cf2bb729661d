"""s2s's rule library: closure-style derivative rules, one module per family.

Installed as ``s2s.templates``. Each module registers rules with ``@rrule`` / ``@frule`` /
``nondifferentiable``; ``helpers.py`` holds the plain functions rules call, which s2s copies into
every emitted module that uses them.
"""
