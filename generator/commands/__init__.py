"""One verb a module, as `handbook VERB` runs it."""
