"""One verb a module, as `handbook VERB` runs it; build.py orchestrates the stages, context.py holds
what a build works with, workers.py runs its tasks on several cores."""
