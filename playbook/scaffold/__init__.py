"""Scaffolding: what editors and maintainers create from nothing.

`starter` writes a new playbook repository from a template (`playbook init`), a new
entity file with every field explained (`playbook new`) and the JSON Schemas for editors
(`playbook schema`); `skeleton/` and `templates/` hold the files it writes. `catalogue`
keeps the message catalogue up to date with the code and the schemas (`make messages`).
"""
