"""The authenticator step at 80x24: a QR code drawn in block characters that reads back as the
link, and the link whole on one line."""

from __future__ import annotations

import pytest
import zxingcpp
from textual.pilot import Pilot
from textual.widgets import Static

from store.accounts.accounts import IssuedPassword
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in_steps import NeedsTotpEnrolment
from store.accounts.totp import provisioning_uri, secret_from_text
from store.core.access import Role
from store.core.db import Database
from tests.store.accounts_helpers import GOOD_PASSWORD, Clock, add
from tests.tui.accounts.test_sign_in_layout import assert_all_shown, screen_lines
from tests.tui.sign_in_helpers import make_app, settle, sign_in_screen, type_in
from tui.widgets.accounts.qr_code import QrCode, qr_lines, qr_matrix

pytestmark = pytest.mark.usefixtures("quick_hashing")

# Light halves of a character cell: (top, bottom).
HALVES = {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False)}
SCALE = 4  # pixels per module


def decode(lines: list[str]) -> list[str]:
    """Read a code drawn as text, as a camera would: on the terminal's dark background."""
    margin = 4  # dark modules all round: what surrounds the drawing on a screen
    width = max(len(line) for line in lines) + 2 * margin
    rows = [[False] * width for _ in range(margin)]
    for line in lines:
        top, bottom = [False] * margin, [False] * margin
        for char in line.ljust(width - 2 * margin):
            upper, lower = HALVES[char]
            top.append(upper)
            bottom.append(lower)
        rows += [top + [False] * margin, bottom + [False] * margin]
    rows += [[False] * width for _ in range(margin)]
    pixels = bytearray()
    for row in rows:
        line = bytes(255 if light else 0 for light in row for _ in range(SCALE))
        pixels += line * SCALE
    data = bytes(pixels)  # kept alive here: the view does not hold on to it
    image = zxingcpp.ImageView(
        memoryview(data), width * SCALE, len(rows) * SCALE, zxingcpp.ImageFormat.Lum
    )
    # Not inverted: a code drawn with its colours swapped is a failure here.
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False)
    return [barcode.text for barcode in found]


def test_the_drawing_reads_back_as_what_it_encodes() -> None:
    uri = provisioning_uri(bytes(range(20)))
    assert decode(qr_lines(qr_matrix(uri))) == [uri]
    assert decode(qr_lines(qr_matrix("not the link"))) != [uri]  # the reader is no rubber stamp


async def _enrolment(pilot: Pilot[None], issued: IssuedPassword) -> None:
    await type_in(pilot, "helpdesk", issued.temporary_password)
    await type_in(pilot, GOOD_PASSWORD, GOOD_PASSWORD)
    await pilot.press("enter")  # past the security code shown once
    await settle(pilot)
    assert isinstance(sign_in_screen(pilot).step, NeedsTotpEnrolment)


async def test_the_code_on_screen_scans_to_the_one_line_link(
    database: Database, clock: Clock, settings: SecuritySettings
) -> None:
    issued = add(database, "helpdesk", Role.SUPPORT, None, settings=settings)
    async with make_app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await _enrolment(pilot, issued)
        step = sign_in_screen(pilot).step
        assert isinstance(step, NeedsTotpEnrolment)
        lines = screen_lines(pilot)
        link = str(pilot.app.screen.query_one("#totp-uri", Static).render())
        assert link == step.uri and len(link) <= 76
        assert sum(1 for line in lines if step.uri in line) == 1  # whole, on one line
        code = pilot.app.screen.query_one(QrCode).region
        drawn = [line[code.x : code.right] for line in lines[code.y : code.bottom]]
        assert decode(drawn) == [step.uri]
        assert secret_from_text(str(pilot.app.screen.query_one("#totp-secret").render()))
        assert_all_shown(pilot)
        # A refusal's two-line sentence still leaves room for everything.
        await type_in(pilot, "000000")
        assert isinstance(sign_in_screen(pilot).step, NeedsTotpEnrolment)
        assert_all_shown(pilot)
        lines = screen_lines(pilot)
        assert sum(1 for line in lines if step.uri in line) == 1
