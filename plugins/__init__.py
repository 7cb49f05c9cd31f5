"""MkDocs glue for Playbook: the `playbook` plugin hands the engine's pages to MkDocs."""
