"""The workspace's tables as files: their definitions (`tables`), reading and validating a file in a
guarded child process (`table_files`, `validation`, `xlsx_guard`, `isolated`), loading and
exporting (`loading`, `export`, `formula`), and labelled synthetic rows for scale tests."""
