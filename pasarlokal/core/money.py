"""Rupiah: whole numbers, shown as Rp150.000 (dot for thousands, no decimals)."""


def format_rupiah(amount):
    if amount is None or amount == "":
        return ""
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")
