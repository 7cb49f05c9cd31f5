"""The outputs other than the site, and safe publishing.

The briefing book (`briefing_book`, HTML or PDF printed by a sandboxed headless
Chromium), StratML, the JSON and CSV exports (`data_export`), the due list as text,
JSON, Markdown and iCalendar (`due_list`), the site source for other builders
(`site_source`, `zensical_build`), and `publish`, which builds into a temporary folder
and swaps the site in whole. `output_guard` and `docs_folder` refuse any output that
would land on the project's sources. Every output is made from one edition's copy.
"""
