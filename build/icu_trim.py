"""Linux bundle: shrink ICU's data library (libicudata, 32 MB) to what an English-only app uses.

Qt Core in the PyPI wheels links ICU, so the library must stay, but most of its data serves
other languages. ICU keeps all of it in one "common data" package (a .dat image) exported as
one symbol, ``icudt<NN>_dat``, from ``libicudata.so.<NN>``. After PyInstaller has made the
folder, ``trim_bundle`` takes that image out of the bundled library, removes the items
``RULES`` drops (``icupkg -r``), rebuilds a drop-in library with the same SONAME exporting the
same symbol (an assembler ``.incbin``, ``gcc -shared -nostdlib``), and opens the result once
through the bundle's own ICU (collation, locale data, a time-zone name) before keeping it.

Without objdump, icupkg (Debian: icu-devtools) or gcc the bundle keeps the full library and
the build says so in one line: the app works either way, it is only larger.
"""

from __future__ import annotations

import ctypes
import functools
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA_LIBRARY = re.compile(r"^libicudata\.so\.(\d+)$")
DATA_SYMBOL = re.compile(r"^icudt(\d+)_dat$")

# A locale's data file: "en.res", "en_GB.res", "sr_Latn_BA.res", "de__PHONEBOOK.res", "root.res"
# (in the top level or a tree such as curr/ or coll/). Data files are named otherwise
# (supplementalData.res, zoneinfo64.res, ucadata.icu, line.brk…); pool.res and res_index.res
# are checked before this pattern is.
LOCALE_FILE = re.compile(r"^(root|[a-z]{2,3})(_[A-Za-z0-9]*)*\.res$")
TREE_INDEX = ("pool.res", "res_index.res")
KEPT_LANGUAGES = ("root", "en")


def _base(item: str) -> str:
    return item.rpartition("/")[2]


def _locale_language(item: str) -> str | None:
    match = LOCALE_FILE.match(_base(item))
    return match.group(1) if match else None


@dataclass(frozen=True)
class Rule:
    """One group of ICU data items: whether the bundle keeps it and why."""

    keep: bool
    group: str
    why: str
    matches: Callable[[str], bool]


# First matching rule decides; an item no rule names stays (unknown data is never dropped).
RULES: tuple[Rule, ...] = (
    Rule(False, "translit/", "transliterators (Any-Latin…): Qt never opens one",
         lambda item: item.startswith("translit/")),
    Rule(False, "*.cnv", "legacy code pages (Shift-JIS, EBCDIC, windows-125x…): the app reads "
         "and writes UTF-8 only; Qt's own UTF-8/16/32 and Latin-1 need no ICU converter, and "
         "QStringConverter only asks ICU for other names",
         lambda item: item.endswith(".cnv")),
    Rule(False, "brkitr/*.dict", "word dictionaries for Thai, Lao, Khmer, Burmese, Chinese and "
         "Japanese line breaking; Qt breaks text with its own Unicode tables",
         lambda item: item.startswith("brkitr/") and item.endswith(".dict")),
    Rule(False, "*.spp, *.cfu", "StringPrep profiles (IDNA2003, LDAP, NFS) and the "
         "spoof-checker's confusables: ICU services Qt does not call (QUrl's IDNA is Qt's own)",
         lambda item: item.endswith((".spp", ".cfu"))),
    Rule(True, "pool.res, res_index.res", "each tree's shared key pool and locale index: every "
         "kept .res of the tree needs its pool", lambda item: _base(item) in TREE_INDEX),
    Rule(True, "root and English locales", "root and en, en_* (en_GB, en_US, en_001…) in every "
         "tree: the app is English-only, and root is every locale's last fallback, so an ICU "
         "lookup for any other locale still finds data", lambda item:
         _locale_language(item) in KEPT_LANGUAGES),
    Rule(False, "other locales", "display names, currencies, units, zone names, spell-out "
         "rules, collation tailorings and break exceptions for ~700 other locales: Qt's QLocale "
         "uses its own CLDR tables, and ICU falls back to root for them",
         lambda item: _locale_language(item) is not None),
    Rule(True, "data that is not per-locale", "Unicode properties and names (*.icu), "
         "normalization (*.nrm), break rules (brkitr/*.brk), the collation table "
         "(coll/ucadata.icu), time zones (zoneinfo64, metaZones, windowsZones…), plural, "
         "likely-subtag and supplemental data: shared by every locale, English included",
         lambda item: True),
)


def rule_for(item: str) -> Rule:
    return next(rule for rule in RULES if rule.matches(item))


def dropped(items: list[str]) -> list[str]:
    return [item for item in items if not rule_for(item).keep]


@dataclass(frozen=True)
class Outcome:
    """What trimming did, for build.py's size report."""

    library: Path | None
    before: int
    after: int
    reason: str = ""  # why the data was not trimmed; empty when it was

    @property
    def trimmed(self) -> bool:
        return not self.reason

    def summary(self) -> str:
        if self.trimmed:
            return (f"ICU data trimmed to English: {self.library.name if self.library else ''} "
                    f"{self.before / 1e6:.1f} → {self.after / 1e6:.1f} MB")
        return f"ICU data NOT trimmed ({self.reason}); the bundle carries the full ICU data"

    def short(self) -> str:
        """For the bundle size line."""
        if self.trimmed:
            return f"ICU data trimmed {self.before / 1e6:.1f} → {self.after / 1e6:.1f} MB"
        return f"ICU data NOT trimmed ({self.reason})"


class TrimError(RuntimeError):
    """A step failed; the bundle keeps the untouched library."""


def find_data_library(folder: Path) -> Path | None:
    """The bundle's real libicudata.so.NN file (not a symlink to it)."""
    found = [path for path in folder.rglob("libicudata.so.*")
             if DATA_LIBRARY.match(path.name) and path.is_file() and not path.is_symlink()]
    return found[0] if found else None


def _tool(name: str) -> str | None:
    """A tool on PATH, or icupkg in /usr/sbin (where Debian puts it; not on a user's PATH)."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


def _run(command: list[str]) -> str:
    command = [_tool(command[0]) or command[0], *command[1:]]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()[-300:]
        raise TrimError(f"{Path(command[0]).name} failed: {output}")
    return result.stdout


def data_symbol(library: Path) -> tuple[str, int, int]:
    """(symbol name, file offset, size) of the exported icudtNN_dat data image."""
    symbols = _run(["objdump", "-T", str(library)])
    for line in symbols.splitlines():
        fields = line.split()
        if fields and DATA_SYMBOL.match(fields[-1]) and len(fields) >= 4:
            name, section, address, size = fields[-1], fields[-3], int(fields[0], 16), \
                int(fields[-2], 16)
            break
    else:
        raise TrimError(f"no icudtNN_dat symbol in {library.name}")
    for line in _run(["objdump", "-h", str(library)]).splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[1] == section:
            vma, file_offset = int(fields[3], 16), int(fields[5], 16)
            return name, file_offset + address - vma, size
    raise TrimError(f"no section {section} in {library.name}")


def extract(library: Path) -> tuple[str, bytes]:
    name, offset, size = data_symbol(library)
    with library.open("rb") as handle:
        handle.seek(offset)
        blob = handle.read(size)
    if len(blob) != size or blob[12:16] != b"CmnD":
        raise TrimError(f"{name} in {library.name} is not an ICU common data package")
    return name, blob


def write_package(library: Path, folder: Path) -> tuple[str, Path]:
    """(symbol, folder/icudtNNl.dat): the library's data image as a file icupkg can read
    (icupkg names a package's items after its file name, so the name must stay icudtNNl)."""
    symbol, blob = extract(library)
    version = DATA_SYMBOL.match(symbol).group(1)  # type: ignore[union-attr]
    dat = folder / f"icudt{version}l.dat"
    folder.mkdir(parents=True, exist_ok=True)
    dat.write_bytes(blob)
    return symbol, dat


def package_items(dat: Path) -> list[str]:
    return _run(["icupkg", "--ignore-deps", "-l", str(dat)]).split()  # see remove_items


MISSING_DEPENDENCY = re.compile(r"depends on missing item (\S+)")
# Dropped items something kept still names: ICU loads a break dictionary only when it meets
# text in that script, and without one it breaks such text at character boundaries.
LAZY_ITEMS = (".dict",)


def remove_items(dat: Path, out: Path, items: list[str]) -> None:
    """icupkg -r; a kept item that needs a dropped one fails the trim, unless ICU loads the
    dropped one lazily (LAZY_ITEMS)."""
    listing = out.with_name("remove.txt")  # icupkg reads a list only from a .txt file
    listing.write_text("\n".join(items) + "\n", encoding="ascii")
    command = ["icupkg", "-r", str(listing), str(dat), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return
    missing = set(MISSING_DEPENDENCY.findall(result.stdout + result.stderr))
    if not missing or any(not item.endswith(LAZY_ITEMS) for item in missing):
        unexpected = sorted(item for item in missing if not item.endswith(LAZY_ITEMS))
        raise TrimError("icupkg -r failed: " + (f"kept items need {', '.join(unexpected[:5])}"
                        if unexpected else (result.stderr or result.stdout)[-300:]))
    _run(["icupkg", "--ignore-deps", "-r", str(listing), str(dat), str(out)])


def build_library(dat: Path, symbol: str, soname: str, out: Path) -> None:
    """A shared library exporting ``symbol`` = the bytes of ``dat``, 16-byte aligned as ICU's."""
    source = out.with_suffix(".S")
    source.write_text(
        "\t.section .rodata\n\t.balign 16\n"
        f"\t.globl {symbol}\n\t.type {symbol}, @object\n{symbol}:\n"
        f'\t.incbin "{dat}"\n\t.size {symbol}, . - {symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n', encoding="ascii")
    _run(["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(out), str(source)])
    if shutil.which("strip"):
        _run(["strip", "--strip-unneeded", str(out)])


def missing_tools() -> list[str]:
    needed = {"objdump": "binutils", "icupkg": "icu-devtools", "gcc": "gcc"}
    return [f"{tool} (Debian package {package})" for tool, package in needed.items()
            if _tool(tool) is None]


def trim_bundle(folder: Path) -> Outcome:
    """Replace the bundle's libicudata with the trimmed one; on any problem keep the original."""
    library = find_data_library(folder)
    if library is None:
        return Outcome(None, 0, 0, "no libicudata.so.NN in the bundle")
    before = library.stat().st_size
    missing = missing_tools()
    if missing:
        return Outcome(library, before, before, "missing " + ", ".join(missing))
    try:
        with tempfile.TemporaryDirectory(prefix="icu-trim-") as work:
            symbol, full = write_package(library, Path(work) / "full")
            version = DATA_SYMBOL.match(symbol).group(1)  # type: ignore[union-attr]
            trimmed = Path(work) / "trimmed" / full.name
            trimmed.parent.mkdir()
            remove_items(full, trimmed, dropped(package_items(full)))
            rebuilt = Path(work) / library.name
            build_library(trimmed, symbol, library.name, rebuilt)
            if data_symbol(rebuilt)[0] != symbol:
                raise TrimError(f"the rebuilt library does not export {symbol}")
            original = Path(work) / "original"
            shutil.copy2(library, original)
            shutil.copyfile(rebuilt, library)
            problem = check_icu(library.parent, version)
            if problem:
                shutil.copyfile(original, library)
                raise TrimError(f"the trimmed data failed a check: {problem}")
    except TrimError as error:
        return Outcome(library, before, library.stat().st_size, str(error))
    return Outcome(library, before, library.stat().st_size)


def check_icu(libdir: Path, version: str) -> str:
    """Open the bundle's ICU in a fresh process: '' when locale data, collation and a time-zone
    name work from the (trimmed) data library, else what failed."""
    result = subprocess.run([sys.executable, __file__, "--check", str(libdir), version],
                            capture_output=True, text=True, check=False, timeout=120)
    return "" if result.returncode == 0 else (result.stdout + result.stderr).strip()[-400:]


def _check_in_this_process(libdir: Path, version: str) -> str:
    """Runs in the child: load the bundle's libicui18n (its RUNPATH finds the bundle's libicuuc
    and libicudata) and ask ICU for what an English Qt app can ask it for."""
    i18n = ctypes.CDLL(str(libdir / f"libicui18n.so.{version}"))
    uc = ctypes.CDLL(str(libdir / f"libicuuc.so.{version}"))
    maps = Path("/proc/self/maps").read_text(encoding="utf-8")
    if str((libdir / f"libicudata.so.{version}").resolve()) not in maps:
        return "the bundle's libicudata was not the one loaded"

    def call(lib: ctypes.CDLL, name: str, *args: object) -> tuple[int, int]:
        """(result: a handle or a length, ICU status: > 0 failed, < 0 a warning)."""
        status = ctypes.c_int(0)
        function = getattr(lib, f"{name}_{version}")  # ICU suffixes its symbols: ucol_open_73
        function.restype = ctypes.c_void_p if name.endswith("open") else ctypes.c_int
        value = function(*args, ctypes.byref(status))
        return int(value or 0), status.value

    problems = []
    bundle, status = call(uc, "ures_open", None, b"en_GB")
    if not bundle or status > 0 or status == -127:  # -127: U_USING_DEFAULT_WARNING (no en)
        problems.append(f"ures_open(en_GB) status {status}")
    collator, status = call(i18n, "ucol_open", b"en_GB")
    if not collator or status > 0:
        problems.append(f"ucol_open(en_GB) status {status}")
    else:
        strcoll = getattr(i18n, f"ucol_strcoll_{version}")
        strcoll.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32,
                            ctypes.c_char_p, ctypes.c_int32]

        def compare(a: str, b: str) -> int:
            ua, ub = a.encode("utf-16-le"), b.encode("utf-16-le")
            return int(strcoll(collator, ua, len(ua) // 2, ub, len(ub) // 2))  # -1, 0, 1

        expected = ["Angstrom", "Ångström", "Mull", "Müller", "Zoe", "Zoë", "Zof"]
        got = sorted(reversed(expected), key=functools.cmp_to_key(compare))
        if got != expected:
            problems.append(f"collation order {got}")
    zone = "Europe/London".encode("utf-16-le")
    calendar, status = call(i18n, "ucal_open", zone, len(zone) // 2, b"en_GB", 0)
    if not calendar or status > 0:
        problems.append(f"ucal_open(Europe/London) status {status}")
    else:
        buffer = ctypes.create_string_buffer(128)
        length, status = call(i18n, "ucal_getTimeZoneDisplayName", ctypes.c_void_p(calendar),
                              0, b"en_GB", buffer, 64)  # 0: UCAL_STANDARD
        text = buffer.raw[: 2 * max(length, 0)].decode("utf-16-le")
        if status > 0 or text != "Greenwich Mean Time":
            problems.append(f"time-zone name {text!r} status {status}")
    return "; ".join(problems)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--check":
        failure = _check_in_this_process(Path(sys.argv[2]), sys.argv[3])
        print(failure or "ICU data check passed")
        sys.exit(1 if failure else 0)
    if len(sys.argv) == 2:
        print(trim_bundle(Path(sys.argv[1])).summary())
        sys.exit(0)
    print("usage: icu_trim.py BUNDLE_FOLDER | --check LIBDIR VERSION", file=sys.stderr)
    sys.exit(2)
