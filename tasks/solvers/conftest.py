# The <task_id>.py files here are DSL program text, read by tasks.programs.parse and never
# imported: keep pytest's --doctest-modules from importing them as modules.
collect_ignore_glob = ["[0-9a-f]" * 8 + ".py"]
