"""The command line: `playbook` and its commands, on top of everything else.

`commands` parses the arguments and runs each command, turning every usage problem into
one line and exit code 2, content problems into exit code 1, never a traceback;
`reference` writes the user guide's reference pages from the parser, the schemas, the
rule table and the configuration's defaults.
"""
