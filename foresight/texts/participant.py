"""Texts of the phones' own page (/join): the ballot, its notices and its errors."""

TEXTS: dict[str, tuple[str, str]] = {
    "join.page_title": ("Framsyn – omröstning", "Framsyn – vote"),
    "join.skip": ("Till innehållet", "Skip to content"),
    "join.other_language": ("In English", "På svenska"),
    "join.code_header": ("Delta i en omröstning", "Join a vote"),
    "join.code_label": ("Koden på den gemensamma skärmen", "The code on the shared screen"),
    "join.code_button": ("Gå med", "Join"),
    "join.dots_legend": (
        "Lägg dina prickar: du har {budget}, högst {cap} på en drivkraft.",
        "Place your dots: you have {budget}, at most {cap} on one driver.",
    ),
    "join.choice_legend": ("Välj en drivkraft.", "Choose one driver."),
    "join.dots_on": ("{label}: {dots}", "{label}: {dots}"),
    "join.left": ("{left} av {budget} prickar kvar", "{left} of {budget} dots left"),
    "join.over": ("{over} för många – ta bort någon", "{over} too many – remove some"),
    "join.sending": ("Skickar …", "Sending …"),
    "join.offline": (
        "Rösten kom inte fram. Kontrollera nätet och skicka igen.",
        "Your vote did not arrive. Check the network and send again.",
    ),
    "join.now_open": ("Omröstningen är öppen. Lägg dina prickar.", "The vote is open. Place your dots."),
    "join.closed": (
        "Omröstningen är stängd. Tack för din röst!",
        "The vote is closed. Thank you for voting!",
    ),
    "join.no_code": (
        "Det finns ingen omröstning med den koden. Kontrollera koden på skärmen.",
        "There is no vote with that code. Check the code on the screen.",
    ),
    "join.too_many_joins": (
        "Många går med just nu. Vänta en halv minut och försök igen.",
        "Many people are joining right now. Wait half a minute and try again.",
    ),
    "join.full": (
        "Omröstningen har redan så många deltagare som processledaren väntade sig. Försök igen om en minut,"
        " eller be processledaren om hjälp.",
        "This vote already has as many participants as the facilitator expected. Try again in a minute,"
        " or ask the facilitator for help.",
    ),
    "join.too_large": ("Rösten var för stor för att läsas.", "The ballot was too large to read."),
    "join.broken": (
        "Något gick fel hos oss. Ladda om sidan; din sparade röst finns kvar.",
        "Something went wrong on our side. Reload the page; your stored vote is kept.",
    ),
    "join.not_found": ("Sidan finns inte.", "There is no such page."),
    "join.back": ("Till kodrutan", "Back to the code box"),
    # The workshop's room (/room/CODE): one code for the whole day, the phone follows what is live.
    "join.room_title": ("Framsyn – workshop", "Framsyn – workshop"),
    "join.room_wait": (
        "Välkommen! Inget steg har startat än. Låt sidan vara öppen: den går vidare av sig själv.",
        "Welcome! No step has started yet. Keep this page open: it moves on by itself.",
    ),
    "join.room_thanks": (
        "Tack! Omröstningen är stängd. Vänta på nästa steg: sidan går vidare av sig själv.",
        "Thank you! The vote is closed. Wait for the next step: this page moves on by itself.",
    ),
    "join.room_no_code": (
        "Det finns ingen workshop med den koden. Kontrollera koden på skärmen.",
        "There is no workshop with that code. Check the code on the screen.",
    ),
    "join.stored_bar": ("Sparat: {dots} {dots|prick|prickar}", "Stored: {dots} {dots|dot|dots}"),
    "join.sent_button": ("Skickat", "Sent"),
    "join.collect_now": (
        "Nu samlar vi drivkrafter: skicka dina egna",
        "We are collecting drivers now: send your own",
    ),
}
