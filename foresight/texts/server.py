"""Texts of server mode: votes across app processes, and copying a workspace between a file and a database."""

TEXTS: dict[str, tuple[str, str]] = {
    # A ballot that reached the server just as the facilitator started a new round (maybe on another process).
    "vote.error_new_round": (
        "En ny omgång har just börjat. Din röst sparades inte – lägg den igen.",
        "A new round has just begun. Your vote was not stored: cast it again.",
    ),
    "cli.copied": (
        "Kopierade {rows} rader från {source} till {target}.",
        "Copied {rows} {rows|row|rows} from {source} to {target}.",
    ),
    "copy.error_same": (
        "Källan och målet är samma arbetsyta ({path}).",
        "The source and the target are the same workspace ({path}).",
    ),
    "copy.error_no_source": ("Arbetsytan {path} finns inte.", "The workspace {path} does not exist."),
    "copy.error_empty_source": (
        "Källan {path} innehåller ingen arbetsyta (inga rader alls). Kontrollera databasens namn eller filens sökväg; ingenting kopierades.",
        "The source {path} holds no workspace (no rows at all). Check the database's name or the file's path; nothing was copied.",
    ),
    "copy.error_not_empty": (
        "Målet {path} innehåller redan en arbetsyta (till exempel {tables}). Välj en tom databas eller fil, eller lägg till --replace för att ersätta den.",
        "The target {path} already holds a workspace (for example {tables}). Choose an empty database or file, or add --replace to replace it.",
    ),
    "copy.error_schema": (
        "Källan och målet har inte samma tabeller ({tables}). Uppdatera Framsyn på båda sidor och försök igen.",
        "The source and the target do not have the same tables ({tables}). Update Framsyn on both sides and try again.",
    ),
}
