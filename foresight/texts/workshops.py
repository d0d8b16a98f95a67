"""Texts of the workshops page, the take-home report, the comparison view and the collection round."""

TEXTS: dict[str, tuple[str, str]] = {
    "nav.workshops": ("Workshoppar", "Workshops"),
    "home.workshops": (
        "Vad varje workshop gav: en rapport att ta med hem, vad som har rört sig sedan sist, och deltagarnas"
        " egna drivkrafter.",
        "What each workshop produced: one report to take home, what moved since last time, and the participants'"
        " own drivers.",
    ),
    # the page
    "workshops.intro": (
        "En workshop samlar omröstningar, scenariekors och trendanteckningar från samma dag.",
        "A workshop groups the votes, scenario crosses and trend notes of one day.",
    ),
    "workshops.none": ("Inga workshoppar ännu.", "No workshops yet."),
    "workshops.pick": ("Workshop", "Workshop"),
    "workshops.tab_label": ("Visa", "Show"),
    "workshops.tab_record": ("Innehåll och rapport", "Contents and report"),
    "workshops.tab_compare": ("Vad har rört sig", "What moved"),
    "workshops.tab_collect": ("Deltagarnas drivkrafter", "Participants' drivers"),
    "workshops.tab_new": ("Ny workshop", "New workshop"),
    "workshops.field_title": ("Namn", "Name"),
    "workshops.field_date": ("Datum", "Date"),
    "workshops.field_place": ("Plats", "Place"),
    "workshops.field_organisation": ("Organisation", "Organisation"),
    "workshops.field_purpose": ("Syfte", "Purpose"),
    "workshops.field_participants": ("Antal deltagare", "Number of participants"),
    "workshops.field_method": ("Metod", "Method"),
    "workshops.create": ("Skapa workshop", "Create workshop"),
    "workshops.created": ("Workshoppen är skapad.", "The workshop is created."),
    "workshops.save": ("Spara", "Save"),
    "workshops.saved": ("Sparat.", "Saved."),
    "workshops.attach_header": ("Vad hör till workshoppen", "What belongs to the workshop"),
    "workshops.attach_votes": ("Omröstningar", "Votes"),
    "workshops.attach_crosses": ("Scenariekors", "Scenario crosses"),
    "workshops.attach_notes": ("Trendanteckningar", "Trend notes"),
    "workshops.counts": (
        "{votes} omröstningar, {crosses} scenariekors, {notes} relevanta trender, {actions} åtgärder",
        "{votes} votes, {crosses} scenario crosses, {notes} relevant trends, {actions} actions",
    ),
    "workshops.download_report": ("Ladda ner rapporten (HTML)", "Download the report (HTML)"),
    "workshops.report_hint": (
        "En fil som öppnas utan nät i alla webbläsare; skriv ut den som PDF på A4.",
        "One file that opens offline in any browser; print it to PDF on A4.",
    ),
    "workshops.error_unknown": ("Det finns ingen workshop {id}.", "There is no workshop {id}."),
    "workshops.error_field": (
        "Fältet {field} är tomt, för långt eller ogiltigt.",
        "The field {field} is empty, too long or invalid.",
    ),  # noqa: E501
    "workshops.error_date": ("Datumet ska skrivas ÅÅÅÅ-MM-DD.", "Write the date as YYYY-MM-DD."),
    "workshops.error_participants": ("Antal deltagare: 0–{max}.", "Number of participants: 0–{max}."),
    "workshops.error_method": ("Okänd metod.", "Unknown method."),
    "workshops.error_kind": ("Okänd sorts innehåll.", "Unknown kind of content."),
    "workshops.filter": ("Visa bara från workshop", "Show only from workshop"),
    "workshops.filter_all": ("Alla", "All"),
    "workshop_method.future_workshop": ("Framtidsverkstad", "Future workshop"),
    "workshop_method.scenario_workshop": ("Scenarioworkshop", "Scenario workshop"),
    "workshop_method.trend_workshop": ("Trendspaning", "Trend scanning workshop"),
    "workshop_method.backcasting": ("Backcasting", "Backcasting"),
    "workshop_method.other": ("Annan", "Other"),
    # the report
    "report.title": ("Workshoprapport: {title}", "Workshop report: {title}"),
    "report.generated": ("Skapad med Framsyn {at}.", "Made with Framsyn on {at}."),
    "report.purpose": ("Syfte", "Purpose"),
    "report.no_purpose": ("Inget syfte angivet.", "No purpose given."),
    "report.votes": ("Omröstningar", "Votes"),
    "report.no_votes": ("Ingen omröstning hörde till workshoppen.", "No vote belonged to the workshop."),
    "report.vote_meta": (
        "Kod {code}, omgång {round}, {participants} deltagare röstade.",
        "Code {code}, round {round}, {participants} participants voted.",
    ),
    "report.vote_figure": ("Prickar per drivkraft: {title}", "Dots per driver: {title}"),
    "report.vote_table": ("Resultat: {title}", "Result: {title}"),
    "report.col_rank": ("Plats", "Rank"),
    "report.col_driver": ("Drivkraft", "Driver"),
    "report.col_dots": ("Prickar", "Dots"),
    "report.crosses": ("Scenariekors", "Scenario crosses"),
    "report.no_crosses": ("Inget scenariekors hörde till workshoppen.", "No scenario cross belonged to the workshop."),
    "report.axes": ("Vågrät axel: {x}. Lodrät axel: {y}.", "Horizontal axis: {x}. Vertical axis: {y}."),
    "report.cross_figure": ("Scenariekorset {name}", "The scenario cross {name}"),
    "report.cross_desc": (
        "Vågrät axel {x}, lodrät axel {y}; {count} kort placerade, numrerade som i tabellen.",
        "Horizontal axis {x}, vertical axis {y}; {count} cards placed, numbered as in the table.",
    ),
    "report.cards_table": ("Korten på {name}", "The cards on {name}"),
    "report.no_cards": ("Inga kort placerades.", "No cards were placed."),
    "report.col_number": ("Nr", "No."),
    "report.col_card": ("Kort", "Card"),
    "report.col_quadrant": ("Ruta", "Quadrant"),
    "report.notes": ("Trender som gruppen markerade som relevanta", "Trends the group marked relevant"),
    "report.no_notes": ("Inga trender markerades.", "No trends were marked."),
    "report.col_trend": ("Trend", "Trend"),
    "report.col_priority": ("Prioritet", "Priority"),
    "report.col_note": ("Anteckning", "Note"),
    "report.priority_1": ("Hög", "High"),
    "report.priority_2": ("Medel", "Medium"),
    "report.priority_3": ("Låg", "Low"),
    "report.actions": ("Överenskomna åtgärder", "Actions agreed"),
    "report.no_actions": ("Inga åtgärder registrerades.", "No actions were recorded."),
    "report.col_action": ("Åtgärd", "Action"),
    "report.col_responsible": ("Ansvarig", "Responsible"),
    "report.col_status": ("Läge", "Status"),
    "report.method": ("Metod", "Method"),
    "report.method_future_workshop": (
        "Framtidsverkstad: deltagarna samlade drivkrafter och svaga signaler, röstade om vilka som påverkar mest,"
        " och byggde scenarier kring de mest osäkra.",
        "Future workshop: the participants collected drivers and weak signals, voted on which matter most, and"
        " built scenarios around the most uncertain ones.",
    ),
    "report.method_scenario_workshop": (
        "Scenarioworkshop: två kritiska osäkerheter blev axlar i ett scenariekors med fyra scenarier.",
        "Scenario workshop: two critical uncertainties became the axes of a scenario cross with four scenarios.",
    ),
    "report.method_trend_workshop": (
        "Trendspaning: gruppen gick igenom megatrender, trender och svaga signaler och noterade vad som är relevant.",
        "Trend scanning: the group went through megatrends, trends and weak signals and noted what is relevant.",
    ),
    "report.method_backcasting": (
        "Backcasting: gruppen utgick från en önskad framtid och arbetade baklänges till dagens åtgärder.",
        "Backcasting: the group started from a desired future and worked back to today's actions.",
    ),
    "report.method_other": ("Workshop med Framsyns verktyg.", "Workshop with Framsyn's tools."),
    "report.method_tools": (
        "Omröstningen gjordes med prickar från deltagarnas telefoner (varje deltagares senaste röst räknas);"
        " korten i scenariekorsen placerades av gruppen tillsammans.",
        "The vote used dots from the participants' phones (each participant's latest ballot counts); the cards on"
        " the scenario crosses were placed by the group together.",
    ),
    # what moved
    "compare.header": ("Vad har rört sig sedan sist", "What moved since last time"),
    "compare.by": ("Jämför", "Compare"),
    "compare.by_workshops": ("Två workshoppar", "Two workshops"),
    "compare.by_dates": ("Två datum", "Two dates"),
    "compare.before": ("Förra gången", "Last time"),
    "compare.after": ("Den här gången", "This time"),
    "compare.need_two": ("Skapa två workshoppar för att jämföra dem.", "Create two workshops to compare them."),
    "compare.present": ("Visa på projektorn", "Show on the projector"),
    "compare.rankings": ("Drivkrafternas placering", "The drivers' ranking"),
    "compare.rankings_figure": ("Placering förra gången och nu", "Ranking last time and now"),
    "compare.no_rankings": ("Inga röster att jämföra.", "No votes to compare."),
    "compare.moves": ("Steg och föll", "Rose and fell"),
    "compare.places_up": (
        "{label}: upp {n} platser ({before} → {after})",
        "{label}: up {n} places ({before} → {after})",
    ),  # noqa: E501
    "compare.places_down": (
        "{label}: ned {n} platser ({before} → {after})",
        "{label}: down {n} places ({before} → {after})",
    ),  # noqa: E501
    "compare.scores": ("Trendernas bedömning ändrades", "Trend scores that changed"),
    "compare.score_line": (
        "{title}: påverkan {ib} → {ia}, osäkerhet {ub} → {ua}",
        "{title}: impact {ib} → {ia}, uncertainty {ub} → {ua}",
    ),
    "compare.notes": ("Anteckningar som ändrades", "Notes that changed"),
    "compare.note_line": ("{title}: {before} → {after}", "{title}: {before} → {after}"),
    "compare.cards": ("Kort som flyttades i korset", "Cards that moved on the cross"),
    "compare.card_line": ("{label} ({cross}): {before} → {after}", "{label} ({cross}): {before} → {after}"),
    "compare.tray": ("utanför korset", "off the cross"),
    "compare.actions": ("Åtgärder som bytte läge", "Actions whose status changed"),
    "compare.action_line": ("{title}: {before} → {after}", "{title}: {before} → {after}"),
    "compare.nothing": ("Inget.", "Nothing."),
    "compare.none_mark": ("ingen anteckning", "no note"),
    # the collection round (facilitator)
    "collect.header": ("Insamling av drivkrafter (vykortsmetoden)", "Collecting drivers (the postcard method)"),
    "collect.intro": (
        "Deltagarna skickar drivkrafter eller svaga signaler med några ord från telefonen. Slå ihop dubbletter,"
        " godta eller avvisa, och gör de godtagna till alternativ i nästa omröstningsomgång.",
        "Participants send drivers or weak signals in a few words from their phones. Merge duplicates, accept or"
        " reject, and turn the accepted ones into options of the next voting round.",
    ),
    "collect.vote": ("Omröstning", "Vote"),
    "collect.secret": ("Processledarens nyckel (från länken)", "Facilitator key (from the link)"),
    "collect.per_phone": ("Högst kort per telefon", "Most cards per phone"),
    "collect.open": ("Öppna insamlingen", "Open the collection"),
    "collect.close": ("Stäng insamlingen", "Close the collection"),
    "collect.state_open": ("Insamlingen är öppen: {count} kort.", "The collection is open: {count} cards."),
    "collect.state_closed": ("Insamlingen är stängd: {count} kort.", "The collection is closed: {count} cards."),
    "collect.state_none": ("Ingen insamling öppnad ännu.", "No collection opened yet."),
    "collect.phone_link": ("Länk för telefonerna", "Link for the phones"),
    "collect.col_text": ("Kort", "Card"),
    "collect.col_kind": ("Sort", "Kind"),
    "collect.col_status": ("Läge", "Status"),
    "collect.col_duplicates": ("Dubbletter", "Duplicates"),
    "collect.kind_driver": ("Drivkraft", "Driver"),
    "collect.kind_signal": ("Svag signal", "Weak signal"),
    "collect.status_new": ("Ny", "New"),
    "collect.status_accepted": ("Godtagen", "Accepted"),
    "collect.status_rejected": ("Avvisad", "Rejected"),
    "collect.status_merged": ("Sammanslagen", "Merged"),
    "collect.pick": ("Kort", "Card"),
    "collect.accept": ("Godta", "Accept"),
    "collect.reject": ("Avvisa", "Reject"),
    "collect.merge_keep": ("Behåll det här kortet", "Keep this card"),
    "collect.merge_others": ("Slå ihop med det", "Merge into it"),
    "collect.merge": ("Slå ihop", "Merge"),
    "collect.to_round": (
        "Gör de godtagna till nästa omgångs alternativ",
        "Make the accepted ones next round's options",
    ),
    "collect.to_round_done": (
        "De godtagna korten är alternativ i omröstningens nästa omgång, som har börjat.",
        "The accepted cards are options of the vote's next round, which has begun.",
    ),
    "collect.no_cards": ("Inga kort ännu.", "No cards yet."),
    # the collection round (phone)
    "collect.phone_title": ("Skicka en drivkraft", "Send a driver of change"),
    "collect.phone_intro": (
        "Vad kommer att förändra vår region? Skriv en drivkraft eller en svag signal med några ord.",
        "What will change our region? Write a driver of change or a weak signal in a few words.",
    ),
    "collect.phone_text": ("Med några ord (högst {max} tecken)", "In a few words (at most {max} characters)"),
    "collect.phone_kind": ("Det är en", "It is a"),
    "collect.phone_send": ("Skicka", "Send"),
    "collect.phone_received": ("Mottaget: ”{text}”.", "Received: “{text}”."),
    "collect.phone_sent": ("Du har skickat {count} av {max}:", "You have sent {count} of {max}:"),
    "collect.phone_closed": ("Insamlingen är inte öppen just nu.", "The collection is not open right now."),
    "collect.phone_language": ("In English", "På svenska"),
    "collect.error_token": (
        "Länken saknar din deltagarkod; öppna den igen från skärmen.",
        "The link lacks your participant code; open it again from the screen.",
    ),  # noqa: E501
    "collect.error_empty": ("Skriv något först.", "Write something first."),
    "collect.error_too_long": (
        "Högst {max} tecken (du skrev {length}).",
        "At most {max} characters (you wrote {length}).",
    ),  # noqa: E501
    "collect.error_markup": (
        "Tecknen < och > och styrtecken går inte att skicka.",
        "The characters < and > and control characters cannot be sent.",
    ),  # noqa: E501
    "collect.error_kind": ("Okänd sort.", "Unknown kind."),
    "collect.error_closed": ("Insamlingen är inte öppen.", "The collection is not open."),
    "collect.error_phone_limit": (
        "Du har skickat så många kort som går ({max}).",
        "You have sent as many cards as allowed ({max}).",
    ),  # noqa: E501
    "collect.error_per_phone": ("Kort per telefon: 1–{max}.", "Cards per phone: 1–{max}."),
    "collect.error_status": ("Okänt läge.", "Unknown status."),
    "collect.error_merge_nothing": (
        "Välj minst ett annat kort att slå ihop.",
        "Choose at least one other card to merge.",
    ),  # noqa: E501
    "collect.error_none_accepted": ("Godta minst ett kort först.", "Accept at least one card first."),
    "collect.error_too_many_options": (
        "En omröstning har högst {max} alternativ.",
        "A vote has at most {max} options.",
    ),  # noqa: E501
    "collect.error_unknown_card": ("Kortet finns inte.", "The card does not exist."),
}
