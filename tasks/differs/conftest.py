# programs.py here is DSL program text, read by tasks.programs.parse and never imported:
# keep pytest's --doctest-modules from importing it as a module.
collect_ignore = ["programs.py"]
