"""Texts of the home page."""

TEXTS: dict[str, tuple[str, str]] = {
    "home.intro": (
        "Framsyn samlar regionens omvärldsanalys på ett ställe: trender att diskutera i ledningsgruppen, regionernas framsynsarbete på en karta, omröstningar i workshoppar och scenariekors att bygga tillsammans.",
        "Framsyn brings a region's foresight work together in one place: trends to discuss in the leadership group, the regions' foresight activity on a map, votes in workshops and scenario crosses to build together.",
    ),
    "home.pages": ("Sidorna", "The pages"),
    "home.trends": (
        "Megatrender, trender och svaga signaler i en radar och en matris över påverkan och osäkerhet, med kort och ett presentationsläge för projektorn.",
        "Megatrends, trends and weak signals in a radar and an impact × uncertainty matrix, with cards and a presentation mode for the projector.",
    ),
    "home.map": (
        "Sveriges 21 regioner färgade efter framsynsaktiviteter: filtrera på metod, målgrupp och period, klicka på en region och exportera listan.",
        "Sweden's 21 regions coloured by foresight activity: filter by method, audience and period, click a region and export the list.",
    ),
    "home.vote": (
        "Deltagarna röstar med mobilen på de viktigaste drivkrafterna medan storbildsskärmen visar resultatet växa.",
        "Participants vote on their phones for the drivers of change that matter most while the shared screen shows the tally grow.",
    ),
    "home.scenarios": (
        "Två kritiska osäkerheter blir axlar och fyra scenarier; dra drivkrafter och trender till sin plats.",
        "Two critical uncertainties become axes and four scenarios; drag drivers and trends into place.",
    ),
    "home.data": (
        "Läs in och exportera arbetsytans tabeller som CSV eller Excel.",
        "Import and export the workspace's tables as CSV or Excel.",
    ),
    "home.open": ("Öppna", "Open"),
    "home.workspace": ("I arbetsytan", "In the workspace"),
    "home.count_regions": ("regioner", "regions"),
    "home.count_organisations": ("organisationer", "organisations"),
    "home.count_activities": ("aktiviteter", "activities"),
    "home.count_drivers": ("drivkrafter", "drivers"),
    "home.count_megatrends": ("megatrender", "megatrends"),
    "home.count_trends": ("trender och signaler", "trends and signals"),
    "home.workspace_file": ("Arbetsyta: {path}", "Workspace: {path}"),
}
