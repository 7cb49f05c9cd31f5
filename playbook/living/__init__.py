"""The writers and the history: what keeps a playbook alive after it is written.

`measure` and `analytics_import` are the only code that changes content, through
`series_file` and `transaction` (a lock, every file of a change or none, each judged by
the checker's own reader); `analytics_files` and `spreadsheet_bounds` read exports within
bounds. `git_revisions`, `file_history` and `strategy_diff` read the content's history;
`deadlines` works out what falls due, for whom. Imports `check` and below.
"""
