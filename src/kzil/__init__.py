"""kzil: Kazakhstan–Israel relations from the source, as a verifiable fact base.

The library API (`load`, `select`, `Filters`, `FactBase`, `Fact`) lives in `kzil.api` and is
imported on first use (module `__getattr__`): `import kzil` and `kzil --version` load nothing more.
"""

__version__ = "0.1.0"
__all__ = ["Fact", "FactBase", "Filters", "__version__", "load", "select"]

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs 7-10 ms (measured)
if TYPE_CHECKING:
    from kzil.api import Fact, FactBase, Filters, load, select


def __getattr__(name: str) -> object:
    if name not in __all__:
        raise AttributeError(f"module 'kzil' has no attribute {name!r}")
    from kzil import api

    value = getattr(api, name)
    globals()[name] = value  # later uses are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
