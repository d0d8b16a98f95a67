"""Texts of the scenarios page and the scenario cross component."""

TEXTS: dict[str, tuple[str, str]] = {
    "scenarios.intro": (
        "Bygg ett scenariekors med gruppen: två kritiska osäkerheter blir axlar, de fyra fälten blir "
        "scenarier, och drivkrafter och trender dras dit gruppen tycker att de hör hemma.",
        "Build a scenario cross with the group: two critical uncertainties become the axes, the four "
        "quadrants become scenarios, and drivers and trends are dragged to where the group thinks they belong.",
    ),
    "scenarios.choose": ("Scenariekors", "Scenario cross"),
    "scenarios.none_yet": (
        "Det finns inget scenariekors ännu. Skapa ett med knappen ”{button}” ovanför.",
        "There is no scenario cross yet. Create one with the “{button}” button above.",
    ),
    "scenarios.new": ("Nytt scenariekors", "New scenario cross"),
    "scenarios.new_name": ("Namn på det nya korset", "Name of the new cross"),
    "scenarios.new_default": ("Scenariekors", "Scenario cross"),
    "scenarios.create": ("Skapa", "Create"),
    "scenarios.created": ("Scenariekorset har skapats.", "The scenario cross was created."),
    "scenarios.rename": ("Byt namn", "Rename"),
    "scenarios.rename_label": ("Nytt namn", "New name"),
    "scenarios.duplicate": ("Duplicera", "Duplicate"),
    "scenarios.duplicate_label": ("Namn på kopian", "Name of the copy"),
    "scenarios.copy_of": ("Kopia av {name}", "Copy of {name}"),
    "scenarios.delete": ("Ta bort", "Delete"),
    "scenarios.delete_confirm": (
        "Ja, ta bort korset med alla placeringar",
        "Yes, delete the cross with all its placements",
    ),
    "scenarios.deleted": ("Scenariekorset har tagits bort.", "The scenario cross was deleted."),
    "scenarios.saved": ("Sparat.", "Saved."),
    "scenarios.present_link": ("Öppna presentationsvyn (projektor)", "Open the presentation view (projector)"),
    "scenarios.present_back": ("Tillbaka till redigering", "Back to editing"),
    "scenarios.present_note": (
        "Presentationsvyn hämtar placeringarna varannan sekund.",
        "The presentation view reloads the placements every two seconds.",
    ),
    "scenarios.axes": ("Axlar", "Axes"),
    "scenarios.axis_x": ("Vågrät axel (x)", "Horizontal axis (x)"),
    "scenarios.axis_y": ("Lodrät axel (y)", "Vertical axis (y)"),
    "scenarios.axis_driver": ("Drivkraft (förslag först)", "Driver (suggestions first)"),
    "scenarios.axis_free": ("Fri text (ingen drivkraft)", "Free text (no driver)"),
    "scenarios.axis_suggested": ("{label} – förslag, poäng {score}", "{label} – suggested, score {score}"),
    "scenarios.axis_voted": ("{label} – omröstning, {score} prickar", "{label} – vote, {score} dots"),
    "scenarios.axis_label": ("Axelns namn", "Axis name"),
    "scenarios.axis_low": ("Låg pol (vänster/nere)", "Low pole (left/bottom)"),
    "scenarios.axis_high": ("Hög pol (höger/uppe)", "High pole (right/top)"),
    "scenarios.axis_help": (
        "Förslagen kommer från drivkrafterna vars trender har högst påverkan × osäkerhet, och från "
        "toppen av den senaste omröstningen.",
        "Suggestions come from the drivers whose trends have the highest impact × uncertainty, and from "
        "the top of the latest vote.",
    ),
    "scenarios.axis_summary": ("{axis}: {label} ({low} → {high})", "{axis}: {label} ({low} → {high})"),
    "scenarios.axis_summary_name": ("{axis}: {label}", "{axis}: {label}"),
    "scenarios.save_axes": ("Spara axlarna", "Save the axes"),
    "scenarios.quadrants": ("Scenarier (de fyra fälten)", "Scenarios (the four quadrants)"),
    "scenarios.quadrant.nw": ("Uppe till vänster", "Top left"),
    "scenarios.quadrant.ne": ("Uppe till höger", "Top right"),
    "scenarios.quadrant.sw": ("Nere till vänster", "Bottom left"),
    "scenarios.quadrant.se": ("Nere till höger", "Bottom right"),
    "scenarios.quadrant_name": ("Namn: {where}", "Name: {where}"),
    "scenarios.quadrant_narrative": ("Berättelse: {where}", "Narrative: {where}"),
    "scenarios.save_quadrants": ("Spara scenarierna", "Save the scenarios"),
    "scenarios.cards": ("Kort", "Cards"),
    "scenarios.cards_choose": ("Drivkrafter och trender på korset", "Drivers and trends on the cross"),
    "scenarios.save_cards": ("Spara korten", "Save the cards"),
    "scenarios.note_add": ("Ny fri anteckning", "New free note"),
    "scenarios.note_add_button": ("Lägg till anteckning", "Add note"),
    "scenarios.note_remove": ("Anteckning att ta bort", "Note to remove"),
    "scenarios.note_remove_button": ("Ta bort anteckningen", "Remove the note"),
    "scenarios.table_title": ("Placeringar", "Placements"),
    "scenarios.table_caption": (
        "Samma placeringar som i korset, som tabell: x går från −1 (vänster) till 1 (höger), y från −1 "
        "(nere) till 1 (uppe).",
        "The same placements as on the cross, as a table: x runs from −1 (left) to 1 (right), y from −1 "
        "(bottom) to 1 (top).",
    ),
    "scenarios.col_card": ("Kort", "Card"),
    "scenarios.col_kind": ("Slag", "Kind"),
    "scenarios.col_x": ("x", "x"),
    "scenarios.col_y": ("y", "y"),
    "scenarios.col_quadrant": ("Scenario", "Scenario"),
    "scenarios.in_tray": ("inte placerat", "not placed"),
    "scenarios.kind.driver": ("Drivkraft", "Driver"),
    "scenarios.kind.trend": ("Trend", "Trend"),
    "scenarios.kind.note": ("Anteckning", "Note"),
    "scenarios.export": ("Exportera placeringarna", "Export the placements"),
    "scenarios.cross_board": (
        "Scenariekors. Dra korten hit, eller markera ett kort och flytta det med piltangenterna.",
        "Scenario cross. Drag cards here, or focus a card and move it with the arrow keys.",
    ),
    "scenarios.cross_tray": ("Kort som inte är placerade än", "Cards not yet placed"),
    "scenarios.cross_help": (
        "Dra ett kort med musen eller fingret. Med tangentbordet: gå till kortet med Tabb-tangenten och flytta "
        "det med piltangenterna, 2 % per tryck (10 % med Skift); Esc eller Delete lägger tillbaka det bland "
        "korten som inte är placerade.",
        "Drag a card with the mouse or a finger. With the keyboard: Tab to the card, the arrow keys move "
        "it 2 % (with Shift 10 %), Esc or Delete puts it back in the tray.",
    ),
    "scenarios.cross_card_at": ("{label}: x {x}, y {y}, {quadrant}", "{label}: x {x}, y {y}, {quadrant}"),
    "scenarios.cross_card_in_tray": ("{label}: inte placerat", "{label}: not placed"),
    "scenarios.cross_card_role": ("flyttbart kort", "movable card"),
    "scenarios.cross_export_svg": ("Ladda ner bild (SVG)", "Download image (SVG)"),
    "scenarios.cross_export_png": ("Ladda ner bild (PNG)", "Download image (PNG)"),
    "scenarios.error_text": ("Ett värde var inte text och sparades inte.", "A value was not text and was not saved."),
    "scenarios.error_no_cross": ("Scenariekors {id} finns inte.", "Scenario cross {id} does not exist."),
    "scenarios.error_unknown_card": (
        "Kortet {id} hör inte till det här korset; inget sparades.",
        "The card {id} does not belong to this cross; nothing was saved.",
    ),
    "scenarios.error_unknown_driver": ("Drivkraften {id} finns inte.", "The driver {id} does not exist."),
    "scenarios.error_bad_drop": (
        "Placeringen kunde inte läsas och sparades inte.",
        "The placement could not be read and was not saved.",
    ),
    "scenarios.error_too_many_cards": (
        "Ett kors kan ha högst {limit} kort.",
        "A cross can hold at most {limit} cards.",
    ),
}
