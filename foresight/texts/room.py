"""Texts of the room's screens (the projector views): what the audience reads from the back row."""

TEXTS: dict[str, tuple[str, str]] = {
    "room.loopback_warning": (
        "Telefonerna kan inte nå den här adressen (den här datorn). Öppna skärmen via datorns nätverksadress,"
        " eller starta appen med {env} satt till en adress som telefonerna når.",
        "Phones cannot reach this address (this computer). Open the screen through the computer's network"
        " address, or start the app with {env} set to an address the phones can reach.",
    ),
    "room.qr_alt": (
        "QR-kod till omröstningen. Skanna med mobilkameran, eller gå till {url} och skriv koden {code}.",
        "QR code for the vote. Scan it with a phone camera, or go to {url} and enter the code {code}.",
    ),
    "room.join_at": ("Eller gå till {url}", "Or go to {url}"),
    "room.status.draft": ("Omröstningen har inte öppnat än", "The vote has not opened yet"),
    "room.status.open": ("Omröstningen är öppen", "The vote is open"),
    "room.status.closed": ("Omröstningen är stängd", "The vote is closed"),
    "room.qr_alt_room": (
        "QR-kod till workshoppen. Skanna med mobilkameran, eller gå till {url} (koden {code}).",
        "QR code for the workshop. Scan it with a phone camera, or go to {url} (the code {code}).",
    ),
    "room.screen_collect": ("Skicka era drivkrafter med mobilen", "Send your drivers from your phone"),
    "room.cards_received": ("Kort inkomna", "Cards received"),
    "room.screen_wait": (
        "Skanna koden: mobilen följer med genom hela dagen",
        "Scan the code: your phone follows the whole day",
    ),
    "room.panel_header": ("Rummets kod för mobilerna", "The room's code for the phones"),
    "room.panel_code": ("{code}", "{code}"),
    "room.panel_help": (
        "En kod för hela dagen: mobilerna som skannar den följer med till insamlingen, omröstningen och"
        " nästa steg av sig själva.",
        "One code for the whole day: the phones that scan it follow on to the postcards, the vote and the"
        " next step by themselves.",
    ),
    "room.panel_screen": ("Visa rummets skärm", "Show the room's screen"),
}
