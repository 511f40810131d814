"""The built bundle (dist/infusion-planner, made by ``python build/build.py``) carries nothing for
networking an offline app never does: no TLS, no Kerberos, no Qt network, no CUPS copy.

Skipped when no bundle has been built; .ci/run builds it before the tests, so it runs there.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "infusion-planner"

pytestmark = pytest.mark.skipif(
    not (BUNDLE / "_internal").is_dir(), reason="no bundle built (python build/build.py)"
)

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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux desktop entry")
def test_linux_bundle_has_desktop_entry_and_icon() -> None:
    entry = (BUNDLE / "infusion-planner.desktop").read_text(encoding="utf-8")
    assert "Exec=infusion-planner" in entry and "Icon=infusion-planner" in entry
    assert (BUNDLE / "infusion-planner.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (BUNDLE / "install-desktop-entry.sh").stat().st_mode & 0o111


def test_bundle_keeps_what_printing_and_pdf_export_need() -> None:
    files = bundle_files()
    assert any(re.search(r"Qt6?PrintSupport", name) for name in files)
    assert any(re.search(r"(^|/)PIL/", name) for name in files)  # reportlab imports PIL.Image
    assert any(name.endswith("resources/fonts/DejaVuSans.ttf") for name in files)
    assert any(re.search(r"pdfium\.(so|dll|dylib)$", name) for name in files)  # print
    if sys.platform.startswith("linux"):
        assert any(name.endswith("plugins/printsupport/libcupsprintersupport.so") for name in files)
