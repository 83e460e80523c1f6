"""msgspec, imported without typing_extensions: every module of brief imports msgspec from here.

msgspec imports typing_extensions when it is installed (Textual needs it), and typing_extensions
imports inspect: 13-18 ms of a `brief timeline` of about 100 ms (110 -> 96 ms, best of 20). msgspec
wants it only for typing_extensions' own forms of hints (its get_type_hints, Required,
NotRequired), which no Struct of brief uses; without it, msgspec takes typing's, which Python 3.11
has. A process that has imported typing_extensions already (the TUI, through Textual) keeps it,
and so does one that imports it later: only msgspec's own import goes without.
"""

import sys

if "msgspec" in sys.modules or "typing_extensions" in sys.modules:
    import msgspec
else:
    sys.modules["typing_extensions"] = None  # type: ignore[assignment]  # "import" raises
    try:
        import msgspec
    finally:
        del sys.modules["typing_extensions"]

__all__ = ["msgspec"]
