"""Texts of the vote page: facilitator, participant (phone) and shared screen."""

TEXTS: dict[str, tuple[str, str]] = {
    # start
    "vote.join_header": ("Delta i en omröstning", "Join a vote"),
    "vote.join_code": ("Kod", "Code"),
    "vote.join_help": (
        "Koden står på den gemensamma skärmen, t.ex. K7QX2M. En hel processledarlänk går också att klistra in här.",
        "The code is on the shared screen, e.g. K7QX2M. A whole facilitator link can be pasted here too.",
    ),
    "vote.join_button": ("Gå med", "Join"),
    "vote.join_open": ("Öppna röstsidan: {title}", "Open the voting page: {title}"),
    "vote.join_open_plain": ("Öppna röstsidan", "Open the voting page"),
    "vote.create_header": ("Starta en omröstning (processledare)", "Start a vote (facilitator)"),
    "vote.title_label": ("Rubrik", "Title"),
    "vote.title_default": ("Vilka drivkrafter påverkar oss mest?", "Which drivers of change affect us most?"),
    "vote.drivers_label": ("Drivkrafter från arbetsytan", "Drivers from the workspace"),
    "vote.typed_label": ("Egna drivkrafter, en per rad", "Your own drivers, one per line"),
    "vote.dots_label": ("Prickar per deltagare", "Dots per participant"),
    "vote.cap_label": ("Högst prickar på en drivkraft", "Most dots on one driver"),
    "vote.create_button": ("Skapa omröstning", "Create vote"),
    "vote.created": (
        "Omröstningen är skapad. Du styr den härifrån eller från listan över omröstningar, utan nyckel.",
        "The vote is created. You run it from here or from the list of votes, with no key.",
    ),
    "vote.past_header": ("Alla omröstningar", "All votes"),
    "vote.past_empty": ("Inga omröstningar ännu.", "No votes yet."),
    "vote.col_code": ("Kod", "Code"),
    "vote.col_title": ("Rubrik", "Title"),
    "vote.col_status": ("Status", "Status"),
    "vote.col_created": ("Skapad", "Created"),
    "vote.col_participants": ("Deltagare", "Participants"),
    "vote.col_rank": ("Plats", "Rank"),
    "vote.col_driver": ("Drivkraft", "Driver"),
    "vote.col_driver_id": ("Drivkraftens id", "Driver id"),
    "vote.col_dots": ("Prickar", "Dots"),
    "vote.status.draft": ("inte öppnad", "not opened"),
    "vote.status.open": ("öppen", "open"),
    "vote.status.closed": ("stängd", "closed"),
    # facilitator
    "vote.manage_header": ("Styr omröstningen", "Run the vote"),
    "vote.manage_status": ("Kod {code} · {status} · omgång {round}", "Code {code} · {status} · round {round}"),
    "vote.open_button": ("Öppna", "Open"),
    "vote.reopen_button": ("Öppna igen", "Reopen"),
    "vote.close_button": ("Stäng", "Close"),
    "vote.show_results": ("Visa resultatet på skärmen", "Show the result on the screen"),
    "vote.reset_confirm": ("Ja, börja om med en tom omgång", "Yes, start again with an empty round"),
    "vote.reset_button": ("Börja om", "Start again"),
    "vote.refresh_button": ("Uppdatera", "Refresh"),
    "vote.links_header": ("Länkar", "Links"),
    "vote.link_join": ("Deltagarnas länk", "Participants' link"),
    "vote.link_screen": ("Gemensam skärm", "Shared screen"),
    "vote.open_screen": ("Visa på storskärmen", "Show on the projector"),
    "vote.link_manage": (
        "Processledarlänk: öppnar styrningen av just den här omröstningen på en annan enhet (en medprocessledare)."
        " Hemlig: dela den bara med den personen.",
        "Facilitator link: opens the controls of this one vote on another device (a co-facilitator)."
        " Secret: share it only with that person.",
    ),
    "vote.link_manage_list": ("Styr", "Run"),
    "vote.for_workshop": ("För workshoppen {title}", "For the workshop {title}"),
    "vote.manage_open": ("Styr omröstningen", "Run the vote"),
    "vote.localhost_warning": (
        "Länkarna pekar på den här datorn (localhost) och fungerar inte i telefonerna. Öppna appen via datorns"
        " nätverksadress, eller sätt {env} till den adress telefonerna når.",
        "The links point at this computer (localhost) and will not work on the phones. Open the app through the"
        " computer's network address, or set {env} to the address the phones can reach.",
    ),
    "vote.export_csv": ("Ladda ner resultat (CSV)", "Download result (CSV)"),
    "vote.export_xlsx": ("Ladda ner resultat (.xlsx)", "Download result (.xlsx)"),
    "vote.done_open": ("Omröstningen är öppen.", "The vote is open."),
    "vote.done_closed": ("Omröstningen är stängd.", "The vote is closed."),
    "vote.done_reset": ("En ny, tom omgång har börjat.", "A new, empty round has begun."),
    # participant
    "vote.budget": (
        "Du har {budget} {budget|prick|prickar}. Högst {cap} på en drivkraft.",
        "You have {budget} {budget|dot|dots}. At most {cap} on one driver.",
    ),
    "vote.dots_left": (
        "Sparat: {spent} {spent|prick|prickar} använda, {left} kvar.",
        "Stored: {spent} {spent|dot|dots} used, {left} left.",
    ),
    "vote.no_ballot_yet": ("Du har inte röstat än.", "You have not voted yet."),
    "vote.submit_button": ("Skicka mina prickar", "Send my dots"),
    "vote.received": (
        "Mottaget: {dots} {dots|prick|prickar} sparade.",
        "Received: {dots} {dots|dot|dots} stored.",
    ),
    "vote.change_hint": (
        "Du kan ändra din röst så länge omröstningen är öppen.",
        "You can change your vote while the vote is open.",
    ),
    "vote.enter_other_code": ("Skriv in koden igen", "Type the code again"),
    "vote.not_open": ("Omröstningen är inte öppen just nu.", "The vote is not open right now."),
    "vote.anonymous": ("Anonymt: inga namn sparas.", "Anonymous: no names are stored."),
    # screen
    "vote.screen_join": ("Gå med: {url}", "Join: {url}"),
    "vote.screen_code": ("Kod", "Code"),
    "vote.screen_voted": ("Har röstat", "Have voted"),
    "vote.screen_hidden": (
        "Resultatet visas när processledaren väljer det.",
        "The result is shown when the facilitator chooses.",
    ),
    "vote.qr_alt": ("QR-kod till deltagarnas länk", "QR code for the participants' link"),
    "vote.chart_summary": ("Flest prickar: {top}.", "Most dots: {top}."),
    "vote.chart_empty": ("Inga röster än.", "No votes yet."),
    # errors
    "vote.error_dots_range": (
        "Prickar per deltagare: mellan 1 och {max}.",
        "Dots per participant: between 1 and {max}.",
    ),
    "vote.error_expected_range": (
        "Väntat antal deltagare: ett heltal mellan 1 och {max}.",
        "Expected participants: a whole number between 1 and {max}.",
    ),
    "vote.expected_label": ("Väntat antal deltagare", "Expected participants"),
    "vote.expected_help": (
        "Fler än så släpps in bara långsamt (några i minuten), så att ingen kan rösta många gånger"
        " genom att öppna länken på nytt. Höj talet om fler kommer.",
        "More than this are let in only slowly (a few a minute), so nobody can vote many times by"
        " opening the link again. Raise it if more people come.",
    ),
    "vote.expected_button": ("Spara antal", "Save number"),
    "vote.done_expected": ("Väntat antal deltagare sparat.", "Expected participants saved."),
    "vote.screen_joined": ("Har gått med", "Have joined"),
    "vote.joined_of": ("{joined} av {expected}", "{joined} of {expected}"),
    "vote.joins_over": (
        "Fler har gått med ({joined}) än väntat ({expected}); {refused} försök avvisades. Stämmer"
        " antalet i rummet? Höj väntat antal om fler kom, annars kan någon försöka rösta flera gånger.",
        "More have joined ({joined}) than expected ({expected}); {refused} attempts were turned away."
        " Does that match the room? Raise the expected number if more came; otherwise someone may be"
        " trying to vote several times.",
    ),
    "vote.joins_over_screen": (
        "Fler har gått med än väntat. Processledaren ser över det.",
        "More have joined than expected. The facilitator is looking into it.",
    ),
    "vote.error_cap_range": ("Högst per drivkraft: mellan 1 och {max}.", "Most per driver: between 1 and {max}."),
    "vote.error_no_options": ("Välj eller skriv minst en drivkraft.", "Pick or type at least one driver."),
    "vote.error_too_many_options": ("Högst {max} drivkrafter i en omröstning.", "At most {max} drivers in one vote."),
    "vote.error_unknown_driver": ("Okänd drivkraft: {driver}", "Unknown driver: {driver}"),
    "vote.error_forbidden": (
        "Länken saknar rätt nyckel för processledaren. Inget har ändrats.",
        "The link lacks the right facilitator key. Nothing was changed.",
    ),
    "vote.error_status": ("Okänd status för omröstningen.", "Unknown vote status."),
    "vote.error_unknown_code": (
        "Det finns ingen omröstning med den koden. Kontrollera koden på skärmen.",
        "There is no vote with that code. Check the code on the screen.",
    ),
    "vote.error_closed": (
        "Omröstningen är stängd. Din röst sparades inte.",
        "The vote is closed. Your vote was not stored.",
    ),
    "vote.error_unknown_option": ("Okänt alternativ i rösten.", "Unknown option in the ballot."),
    "vote.error_dots_whole": ("Prickar räknas i hela, positiva tal.", "Dots are whole, positive numbers."),
    "vote.error_cap": ("Högst {max} prickar på en drivkraft.", "At most {max} dots on one driver."),
    "vote.error_budget": (
        "Du har lagt {spent} prickar men har bara {budget}. Inget sparades.",
        "You placed {spent} dots but have only {budget}. Nothing was stored.",
    ),
    "vote.error_no_dots": ("Lägg minst en prick innan du skickar.", "Place at least one dot before sending."),
    "vote.error_token": (
        "Länken är ogiltig. Öppna deltagarlänken igen.",
        "The link is invalid. Open the participants' link again.",
    ),
    # show_vote_error's own field names (until the vote's views use show_error, which reads field.*)
    "vote.field.title": ("Rubrik", "Title"),
    "vote.field.driver": ("Drivkraft", "Driver"),
}
