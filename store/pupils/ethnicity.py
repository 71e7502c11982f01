"""DfE ethnicity codes: the main codes, and the extended codes schools use that roll up to them."""

from __future__ import annotations

MAIN_CODES: dict[str, str] = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WIRT": "White Irish Traveller",
    "WROM": "White Gypsy Romany",
    "WOTH": "White Other",
    "MWBC": "Mixed White and Black Caribbean",
    "MWBA": "Mixed White and Black African",
    "MWAS": "Mixed White and Asian",
    "MOTH": "Other Mixed",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Other Asian",
    "BCRB": "Black Caribbean",
    "BAFR": "Black African",
    "BOTH": "Other Black",
    "CHNE": "Chinese",
    "OOTH": "Other",
    "REFU": "Refused",
    "NOBT": "Not Obtained",
}

# Extended codes from the user guide's table (and DfE's list), with the main code reports use.
EXTENDED_CODES: dict[str, tuple[str, str]] = {
    "WENG": ("White English", "WBRI"),
    "WSCO": ("White Scottish", "WBRI"),
    "WWEL": ("White Welsh", "WBRI"),
    "WCOR": ("White Cornish", "WBRI"),
    "WTUR": ("Turkish/Turkish Cypriot", "WOTH"),
    "AOPK": ("Other Pakistani", "APKN"),
    "AKPA": ("Kashmiri Pakistani", "APKN"),
    "AMPK": ("Mirpuri Pakistani", "APKN"),
    "AOTA": ("Other Asian", "AOTH"),
    "BAOF": ("Other Black African", "BAFR"),
    "MWAP": ("Mixed White and Pakistani", "MWAS"),
    "MWAI": ("Mixed White and Indian", "MWAS"),
    # The guide's table lists OOH for "Other": taken as the main code OOTH.
    "OOH": ("Other", "OOTH"),
}

ALL_CODES: dict[str, str] = {
    **MAIN_CODES,
    **{code: name for code, (name, _) in EXTENDED_CODES.items()},
}
"""Every code a pupil may have, with its description, main codes first."""


def main_code(code: str) -> str:
    """The DfE main code that `code` rolls up to (a main code is its own)."""
    code = code.strip().upper()
    if code in EXTENDED_CODES:
        return EXTENDED_CODES[code][1]
    return code


def ethnicity_problem(code: str) -> str | None:
    """None when `code` is a known ethnicity code, else why not."""
    cleaned = code.strip().upper()
    if not cleaned:
        return "Ethnicity is required: choose a code such as WBRI (use REFU if refused)."
    if cleaned not in ALL_CODES:
        return f"{cleaned} is not an ethnicity code; use a DfE code such as WBRI, WOTH or AIND."
    return None
