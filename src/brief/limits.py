"""Limits shared by the loader and the cache, in a module of their own so that a warm start
(every brief read from the cache) need not import the loader and its YAML parser."""

# A real brief is ~40 KB and 2 MiB holds ~5,000 events. The cap keeps every file, even a hostile
# one on the slow explaining path, within 2 s and 200 MB (issue 6); 16 MiB did not.
MAX_FILE_BYTES = 2 * 1024 * 1024
# A name repeated wherever it is referenced (an actor on each of its events, a section title in
# each timeline row, a search row's actor names) is cut to this many characters there: 15,000
# events naming one 250 KB actor made `brief show` print gigabytes (issue 15). Names are shown
# in full where they are defined.
REFERENCE_LIMIT = 80
