"""The validate stage: schemas, field checkers, cross-file checks; `load_catalog` is its entry."""
