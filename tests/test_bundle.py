"""The built bundle (dist/infusion-planner, made by ``python build/build.py``) carries nothing for
networking an offline app never does: no TLS, no Kerberos, no Qt network, no CUPS copy; on
Linux its ICU data is cut down to English (build/icu_trim.py) and Qt's ICU services still work.

Bundle tests are skipped when no bundle has been built; .ci/run builds it before the tests.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "infusion-planner"

needs_bundle = pytest.mark.skipif(
    not (BUNDLE / "_internal").is_dir(), reason="no bundle built (python build/build.py)"
)
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux bundle")


def load_icu_trim() -> ModuleType:
    """build/icu_trim.py (build/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("icu_trim", ROOT / "build" / "icu_trim.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


icu_trim = load_icu_trim()

FORBIDDEN = {
    "OpenSSL (libssl/libcrypto)": r"(^|/)lib(ssl|crypto)([.-]|$)",
    "GnuTLS": r"(^|/)libgnutls",
    "Kerberos": r"(^|/)lib(krb5|gssapi|k5crypto)",
    "Python's ssl module": r"(^|/)_ssl[.]",
    "Python's OpenSSL hashes": r"(^|/)_hashlib[.]",
    "Qt network": r"Qt6?Network",
    "Qt TLS backends": r"plugins/tls/",
    "a CUPS copy (the laptop's own is used)": r"(^|/)libcups[.]so",
}


def bundle_files() -> list[str]:
    return sorted(path.relative_to(BUNDLE).as_posix() for path in BUNDLE.rglob("*"))


@needs_bundle
def test_bundle_has_no_network_libraries() -> None:
    files = bundle_files()
    assert any("QtWidgets" in name for name in files)  # it really is the bundle
    found = {
        what: [name for name in files if re.search(pattern, name)]
        for what, pattern in FORBIDDEN.items()
    }
    assert {what: names for what, names in found.items() if names} == {}


def test_forbidden_patterns_catch_real_library_names() -> None:
    """The patterns above would see the libraries if they came back (not just any name)."""
    examples = {
        "OpenSSL (libssl/libcrypto)": ["_internal/libssl.so.3", "_internal/libcrypto-3-x64.dll"],
        "GnuTLS": ["_internal/libgnutls.so.30"],
        "Kerberos": ["_internal/libgssapi_krb5.so.2", "_internal/libkrb5.so.3"],
        "Python's ssl module": ["_internal/python3.11/lib-dynload/_ssl.cpython-311.so",
                                "_internal/_ssl.pyd"],
        "Python's OpenSSL hashes": ["_internal/_hashlib.pyd"],
        "Qt network": ["_internal/PySide6/Qt/lib/libQt6Network.so.6"],
        "Qt TLS backends": ["_internal/PySide6/Qt/plugins/tls/libqopensslbackend.so"],
        "a CUPS copy (the laptop's own is used)": ["_internal/libcups.so.2"],
    }
    for what, names in examples.items():
        assert all(re.search(FORBIDDEN[what], name) for name in names), what
    harmless = ["_internal/libQt6Core.so.6", "_internal/python3.11/lib-dynload/_sha256.so",
                "_internal/libcrypt.so.1", "_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
                "_internal/PySide6/Qt/plugins/printsupport/libcupsprintersupport.so"]
    assert not [n for n in harmless if any(re.search(p, n) for p in FORBIDDEN.values())]


@needs_bundle
@linux_only
def test_linux_bundle_has_desktop_entry_and_icon() -> None:
    entry = (BUNDLE / "infusion-planner.desktop").read_text(encoding="utf-8")
    assert "Exec=infusion-planner" in entry and "Icon=infusion-planner" in entry
    assert (BUNDLE / "infusion-planner.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (BUNDLE / "install-desktop-entry.sh").stat().st_mode & 0o111


@needs_bundle
def test_bundle_keeps_what_printing_and_pdf_export_need() -> None:
    files = bundle_files()
    assert any(re.search(r"Qt6?PrintSupport", name) for name in files)
    assert any(re.search(r"(^|/)PIL/", name) for name in files)  # reportlab imports PIL.Image
    assert any(name.endswith("resources/fonts/DejaVuSans.ttf") for name in files)
    assert any(re.search(r"pdfium\.(so|dll|dylib)$", name) for name in files)  # print
    if sys.platform.startswith("linux"):
        assert any(name.endswith("plugins/printsupport/libcupsprintersupport.so") for name in files)


# What the Linux bundle takes from the laptop: glibc, the OpenGL driver, libxcb (PyInstaller
# never bundles it), and what build/infusion-planner.spec leaves to the system (SYSTEM_LIBS).
FROM_SYSTEM = {
    "glibc": {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
              "libutil.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"},
    "OpenGL and X": {"libGL.so.1", "libEGL.so.1", "libGLX.so.0", "libOpenGL.so.0",
                     "libxcb.so.1"},
    "left to the system by the spec": {"libcups.so.2", "libdbus-1.so.3", "libstdc++.so.6",
                                       "libgcc_s.so.1", "libglib-2.0.so.0",
                                       "libgthread-2.0.so.0"},
}


def needed_names(path: Path) -> list[str]:
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True,
                         check=False).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


@needs_bundle
@linux_only
def test_every_bundled_binary_finds_its_libraries_in_the_bundle_or_the_expected_system() -> None:
    """A library the spec drops by mistake (or leaves to the system without saying so) would
    surface only on a laptop that lacks it; here every DT_NEEDED entry of every bundled binary
    is either in the bundle or on the short list of what the laptop provides."""
    present = {path.name for path in BUNDLE.rglob("*")}
    binaries = [path for path in BUNDLE.rglob("*") if path.is_file() and not path.is_symlink()
                and (".so" in path.name or path.name == "infusion-planner")]
    assert len(binaries) > 50
    allowed = set().union(*FROM_SYSTEM.values())
    outside = {name: path.relative_to(BUNDLE).as_posix() for path in binaries
               for name in needed_names(path) if name not in present}
    assert {name: user for name, user in outside.items() if name not in allowed} == {}


# ICU data (Linux): what build/icu_trim.py keeps, then the bundle it made.

def test_icu_rules_keep_english_and_shared_data_and_drop_the_rest() -> None:
    kept = ["root.res", "en.res", "en_GB.res", "en_US_POSIX.res", "en_001.res", "pool.res",
            "res_index.res", "curr/en_AU.res", "curr/pool.res", "zone/en.res", "lang/root.res",
            "coll/root.res", "coll/ucadata.icu", "brkitr/en.res", "brkitr/word.brk",
            "brkitr/line_cj.brk", "supplementalData.res", "zoneinfo64.res", "metaZones.res",
            "likelySubtags.res", "unames.icu", "uts46.nrm", "cnvalias.icu", "some_new.icu"]
    dropped = ["de.res", "sr_Latn_BA.res", "ars.res", "coll/de__PHONEBOOK.res", "zone/fr.res",
               "unit/zh_Hant_HK.res", "translit/en.res", "translit/root.res",
               "brkitr/thaidict.dict", "brkitr/ja.res", "ibm-5348_P100-1997.cnv",
               "rfc3491.spp", "confusables.cfu", "rbnf/es_419.res"]
    assert [item for item in kept if not icu_trim.rule_for(item).keep] == []
    assert icu_trim.dropped(dropped) == dropped


def bundled_icu_data() -> Path:
    library = icu_trim.find_data_library(BUNDLE)
    assert library is not None, "no libicudata.so.NN in the bundle"
    return Path(library)


def wheel_icu_data(name: str) -> Path | None:
    """The untrimmed library the bundle was made from: PySide6's own (same file name)."""
    import PySide6

    path = Path(PySide6.__file__).parent / "Qt" / "lib" / name
    return path if path.is_file() else None


FIX = "build with icu-devtools, gcc and binutils installed (see build/icu_trim.py)"


@needs_bundle
@linux_only
def test_bundled_icu_data_is_trimmed() -> None:
    library = bundled_icu_data()
    full = wheel_icu_data(library.name)
    bound = full.stat().st_size // 4 if full else 8_000_000  # the full one is 32 MB
    assert library.stat().st_size < bound, f"{library.name} is full size: {FIX}"


@needs_bundle
@linux_only
@pytest.mark.skipif(not (icu_trim._tool("icupkg") and icu_trim._tool("objdump")),
                    reason="icupkg (icu-devtools) or objdump (binutils) missing")
def test_bundled_icu_data_holds_exactly_what_the_rules_keep(tmp_path: Path) -> None:
    def items(library: Path) -> set[str]:
        _, dat = icu_trim.write_package(library, tmp_path / str(len(list(tmp_path.iterdir()))))
        return set(icu_trim.package_items(dat))

    library = bundled_icu_data()
    bundled = items(library)
    assert {"root.res", "en.res", "en_GB.res", "coll/ucadata.icu", "zone/en.res",
            "zoneinfo64.res"} <= bundled
    unwanted = sorted(item for item in bundled if item.startswith("translit/")
                      or item.endswith((".cnv", ".dict")) or item in ("de.res", "fr.res"))
    assert unwanted == [], FIX
    full = wheel_icu_data(library.name)
    if full is not None:
        everything = items(full)
        assert bundled == {item for item in everything if icu_trim.rule_for(item).keep}


QT_ICU_CHECK = textwrap.dedent("""
    from pathlib import Path
    from PySide6.QtCore import QCollator, QLocale, QTimeZone
    mapped = {line.split()[-1] for line in Path("/proc/self/maps").read_text().splitlines()
              if "libicudata" in line}
    names = ["Zoë Ångström-Núñez", "Zoe Angstrom", "Łukasz Żółć", "Lukasz Zolc", "Müller",
             "Mull", "zoe", "Öberg", "Oberg"]
    en = QLocale("en_GB")
    london = QTimeZone(b"Europe/London")
    print(sorted(mapped))
    print(sorted(names, key=QCollator(en).sortKey))
    print([en.toUpper(name) for name in names + ["straße"]])
    print(london.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, en))
    print(london.displayName(QTimeZone.TimeType.DaylightTime, QTimeZone.NameType.LongName, en))
""")


@needs_bundle
@linux_only
def test_qt_icu_services_work_on_the_bundled_icu_data() -> None:
    """Qt's ICU-backed services (collation, locale case mapping, time-zone names) give the
    same English answers on the bundle's ICU data as on the full data. The installed PySide6
    is made to load the bundle's libicudata (same SONAME, preloaded), in a child process."""
    library = bundled_icu_data()
    full = wheel_icu_data(library.name)
    if full is None:
        pytest.skip(f"the installed PySide6 has no {library.name}")

    def run(preload: Path | None) -> list[str]:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        if preload is not None:
            env["LD_PRELOAD"] = str(preload)
        result = subprocess.run([sys.executable, "-c", QT_ICU_CHECK], env=env, check=True,
                                capture_output=True, text=True, timeout=120)
        return result.stdout.splitlines()

    trimmed, untrimmed = run(library), run(None)
    assert trimmed[0] == str([str(library.resolve())])  # really the bundle's data
    assert trimmed[1:] == untrimmed[1:]
    assert trimmed[1] == str(["Lukasz Zolc", "Łukasz Żółć", "Mull", "Müller", "Oberg",
                              "Öberg", "zoe", "Zoe Angstrom", "Zoë Ångström-Núñez"])
    assert "'ZOË ÅNGSTRÖM-NÚÑEZ'" in trimmed[2] and "'ŁUKASZ ŻÓŁĆ'" in trimmed[2]
    assert trimmed[2].endswith("'STRASSE']")
    assert trimmed[3:] == ["Greenwich Mean Time", "British Summer Time"]


def test_icu_trim_without_its_tools_keeps_the_library_and_says_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = tmp_path / "_internal" / "libicudata.so.99"
    library.parent.mkdir()
    library.write_bytes(b"full ICU data" * 100)
    monkeypatch.setattr(icu_trim, "_tool", lambda name: None if name == "icupkg" else name)
    outcome = icu_trim.trim_bundle(tmp_path)
    assert not outcome.trimmed and outcome.after == outcome.before == 1300
    assert library.read_bytes() == b"full ICU data" * 100
    assert "NOT trimmed" in outcome.summary() and "icu-devtools" in outcome.summary()


@needs_bundle
def test_bundle_start_runs_only_the_start_up_hooks_it_needs() -> None:
    """PyInstaller runs a start-up hook for each of some modules it bundles, on every start,
    used or not; multiprocessing's (with pkgutil's) cost ~10 ms and the app starts no
    process. Read from the executable's own table of contents."""
    readers = pytest.importorskip("PyInstaller.archive.readers", reason="PyInstaller: dev extra")
    name = "infusion-planner.exe" if sys.platform == "win32" else "infusion-planner"
    toc = list(readers.CArchiveReader(str(BUNDLE / name)).toc)
    hooks = {entry for entry in toc if entry.startswith("pyi_rth_")}
    assert "pyi_rth_pyside6" in hooks  # it really is the table of contents
    assert not hooks & {"pyi_rth_multiprocessing", "pyi_rth_pkgutil"}, sorted(hooks)
