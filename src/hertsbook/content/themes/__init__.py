"""The theme chapters: each module holds the pure functions its notebook calls.

Which data files a chapter's notebook reads is not declared here: its kernel records every file it opens
and every folder it lists while it runs (hertsbook.execute.reads), and the manifest and the build cache use that.
"""
