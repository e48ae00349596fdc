"""The words of the Dutch basic course: one theme, four voice scripts and the prompts per week.

Tone: a therapist's homework sheet. Calm, respectful, non-graphic; touch is described in
general terms; nothing is required ("je mag", "als je wilt"), nothing is judged. A blank
line in a script becomes a longer pause in the narration.
"""

from __future__ import annotations

from dataclasses import dataclass

PROGRAM_DESCRIPTION = """
Een cursus van zes weken om thuis te oefenen, drie keer per week, 15 tot 30 minuten.
Elke oefening wisselt fases van opwinding af met fases van rust, in golven. Zo leer je
de energie door je hele lichaam te laten stromen, in plaats van naar één hoogtepunt toe
te werken. Je adem en je aandacht zijn daarbij het belangrijkste gereedschap.

Voorbereiding: kies een rustige, warme plek waar je niet gestoord wordt, zet je telefoon
op stil en leg een deken en iets om op te liggen klaar. Je bepaalt zelf wat je doet en
hoe ver je gaat. Je kunt altijd pauzeren of stoppen; ook een halve oefening telt mee.
Na elke oefening kun je kort opschrijven wat je opviel, om te bespreken met je coach.

Op elk moment kun je aangeven hoe hoog je opwinding is, van 0 tot 10 (de cijfertoetsen, of
de pijltjes omhoog en omlaag). Vanaf week 3 vraagt een zacht, stijgend belletje aan het eind
van elke golf: hoe hoog is het nu? Antwoorden mag, het hoeft nooit.
"""

TEXT_BLOCK = {"id": "tegenaan", "ask": "Waar liep je tegenaan?", "type": "text"}


@dataclass(frozen=True)
class Week:
    theme: str
    sessions: tuple[tuple[str, str], ...]  # (title, preparation note) per session
    settle: str
    arousal: str
    rest: str
    closing: str
    prompts: tuple[dict[str, object], ...]


WEEKS = (
    Week(
        theme="aankomen in je lichaam. Je oefent met je adem en met aandacht voor wat je voelt.",
        sessions=(
            (
                "Aankomen",
                "Zorg voor een rustige, warme ruimte en zet je telefoon op stil. "
                "Leg een deken klaar.",
            ),
            (
                "Adem volgen",
                "Draag iets dat prettig zit. Een glas water in de buurt kan fijn zijn.",
            ),
            (
                "Zachte aanraking",
                "Kies een moment waarop je niet hoeft te haasten, ook niet na afloop.",
            ),
        ),
        settle="""
Welkom. Deze eerste week gaat over aankomen in je lichaam.
Zoek een houding waarin je een tijdje comfortabel kunt liggen of zitten.
Sluit je ogen als dat prettig is.

Merk op waar je lichaam de ondergrond raakt. Je hielen, je rug, je schouders, je achterhoofd.
Laat het gewicht zakken.

Breng je aandacht naar je adem. Je hoeft er niets aan te veranderen.
Voel hoe de lucht binnenkomt, en weer naar buiten gaat.

Als je gedachten afdwalen, is dat helemaal goed. Breng je aandacht dan rustig terug naar je adem.
""",
        arousal="""
Je kunt nu beginnen met een zachte aanraking.
Leg je handen op een plek van je lichaam die prettig voelt, en beweeg langzaam, in je eigen tempo.
Blijf ondertussen rustig ademen. Merk op wat je voelt, zonder er iets van te vinden.
Bij de bel ga je over naar rust.
""",
        rest="""
Laat je handen nu rusten.
Adem een paar keer rustig uit, iets langer dan je inademt.
Voel wat er nog naklinkt in je lichaam. Er hoeft niets te gebeuren.
""",
        closing="""
We gaan afronden. Laat je adem weer vanzelf gaan.
Voel je hele lichaam, van je voeten tot je hoofd.
Beweeg je vingers en je tenen een beetje.

Als je zover bent, open je je ogen en kom je rustig overeind.
Neem straks even de tijd om op te schrijven wat je opviel. Dank je wel voor deze oefening.
""",
        prompts=(
            {
                "id": "adem",
                "ask": "Hoe ging het volgen van je adem?",
                "type": "choice",
                "options": ["rustig", "wisselend", "onrustig", "weet ik niet"],
            },
            TEXT_BLOCK,
        ),
    ),
    Week(
        theme="adem en bekken. Je laat je adem zakken tot in je buik en je bekken.",
        sessions=(
            (
                "Adem naar beneden",
                "Leg een kussen klaar voor onder je knieën, als je dat prettig vindt.",
            ),
            ("Bekken en adem", "Zorg dat je het warm genoeg hebt; in rust koel je snel af."),
            ("Meebewegen", "Neem na afloop een paar minuten voor jezelf voordat je verdergaat."),
        ),
        settle="""
Welkom terug. Deze week neem je je adem mee naar beneden, naar je buik en je bekken.
Ga gemakkelijk liggen, met je knieën gebogen als dat fijn is, en je voeten op de grond.

Leg een hand op je buik. Voel hoe je buik meebeweegt met je adem.
Bij de inademing komt hij een beetje omhoog. Bij de uitademing zakt hij weer.

Laat je adem nu nog iets dieper zakken, tot in je bekken.
Je kunt je bekken een klein beetje laten meebewegen met je adem. Klein en rustig.
Blijf zo een poosje ademen.
""",
        arousal="""
Begin met een zachte aanraking, op een plek die nu prettig voelt.
Laat je adem en je bekken meebewegen met wat je voelt. Houd het tempo laag.
Als de spanning toeneemt, adem dan wat langer uit en laat je schouders zakken.
Bij de bel ga je naar rust.
""",
        rest="""
Laat de aanraking los en leg je handen op je buik.
Adem rustig naar je bekken, en weer uit.
Merk op wat er in je lichaam beweegt, ook als het iets kleins is.
""",
        closing="""
We ronden af. Laat je bekken stil liggen en je adem vanzelf gaan.
Merk op hoe je lichaam nu voelt, vergeleken met het begin.

Rek je rustig uit als je lichaam daarom vraagt, en open je ogen.
Wat je opviel, kun je straks kort opschrijven.
""",
        prompts=(
            {
                "id": "bekken",
                "ask": "Hoe voelde het om je bekken mee te laten bewegen?",
                "type": "choice",
                "options": ["prettig", "neutraal", "ongemakkelijk", "weet ik niet"],
            },
            TEXT_BLOCK,
        ),
    ),
    Week(
        theme="golven. Je laat de opwinding een beetje stijgen en daarna weer zakken in de rust.",
        sessions=(
            ("Eerste golven", "Lees de beschrijving van deze week rustig door voordat je begint."),
            ("Golf en rust", "Zorg voor een rustige, warme ruimte en zet je telefoon op stil."),
            ("Op en neer", "Kies een moment waarop je niet hoeft te haasten."),
        ),
        settle="""
Welkom. Deze week oefen je met golven. Een golf komt op, en zakt weer.
Je laat de opwinding een beetje stijgen, en daarna laat je haar weer gaan in de rust.

Ga liggen en voel de ondergrond.
Adem een paar keer rustig naar je buik en je bekken, zoals vorige week.

Je kiest zelf hoe hoog een golf wordt. Het gaat niet om een hoogtepunt, maar om het op en neer gaan.
Als iets niet prettig voelt, mag je altijd stoppen of iets anders doen.
""",
        arousal="""
Begin aan een nieuwe golf. Raak jezelf aan op een manier die je prettig vindt.
Laat de opwinding rustig stijgen, en blijf ademen.
Merk op waar in je lichaam je het voelt. Je hoeft nergens naartoe.
Bij de bel laat je de golf weer zakken.
""",
        rest="""
Laat de golf nu zakken. Laat je handen stil liggen.
Adem langzaam uit. Voel hoe de opwinding wegebt, zoals water dat terugstroomt.
Blijf nieuwsgierig naar wat er overblijft.
""",
        closing="""
Dit was de laatste golf. Laat alles tot rust komen.
Voel je adem, je buik, je bekken, je benen.

Misschien voel je warmte of tintelingen, of juist weinig. Alles is goed.
Kom in je eigen tempo terug, en neem straks even de tijd voor je aantekeningen.
""",
        prompts=(
            {
                "id": "golfhoogte",
                "ask": "Hoe hoog werden de golven ongeveer?",
                "type": "scale",
                "labels": ["heel laag", "heel hoog"],
            },
            TEXT_BLOCK,
        ),
    ),
    Week(
        theme="verspreiden. In de rust laat je de energie uitstromen door je hele lichaam.",
        sessions=(
            (
                "Laten stromen",
                "Deze week worden de oefeningen wat langer. Plan er ongeveer een half uur voor.",
            ),
            ("Warmte verspreiden", "Leg een deken klaar; in de rustfases koel je snel af."),
            (
                "Het hele lichaam",
                "Neem na afloop een paar minuten voor jezelf voordat je verdergaat.",
            ),
        ),
        settle="""
Welkom. Deze week gaat over verspreiden.
Opwinding begint vaak in je bekken.
In de rust kun je haar laten uitstromen, naar je buik, je borst, je armen en je benen.

Ga gemakkelijk liggen. Adem een paar keer diep in, en lang uit.
Laat je kaak los, en je schouders.

Stel je bij elke uitademing voor dat je adem ruimte maakt in je lichaam.
Je hoeft niets te forceren. Alleen opmerken wat er gebeurt.
""",
        arousal="""
Laat een nieuwe golf opkomen, met een aanraking die past bij dit moment.
Adem ondertussen door, ook als de opwinding stijgt.
Laat je lichaam meebewegen als het dat wil. Bij de bel ga je naar rust.
""",
        rest="""
Rust nu. Adem naar de warmte in je bekken.
Laat haar bij het uitademen omhoog stromen, door je buik en je borst, tot in je armen en handen.
En naar beneden, door je benen, tot in je voeten. Laat het vanzelf gaan.
""",
        closing="""
We ronden af. Voel of er nog ergens warmte of beweging is in je lichaam, en laat die er gewoon zijn.
Leg je handen op je borst of op je buik, waar het het prettigst voelt.
Adem nog een paar keer rustig.

Kom langzaam terug, en schrijf straks op wat je opviel.
""",
        prompts=(
            {
                "id": "verspreiden",
                "ask": "Waar in je lichaam voelde je de warmte of energie?",
                "type": "choice",
                "options": [
                    "vooral in het bekken",
                    "in buik en borst",
                    "door het hele lichaam",
                    "nergens bijzonders",
                ],
            },
            TEXT_BLOCK,
        ),
    ),
    Week(
        theme="in de vallei blijven. Je blijft een tijd op dezelfde hoogte, zonder door te duwen.",
        sessions=(
            ("In de vallei", "Lees de beschrijving van deze week rustig door voordat je begint."),
            ("Vertragen", "Zorg voor een rustige, warme ruimte en zet je telefoon op stil."),
            ("Blijven op de golf", "Plan er ongeveer een half uur voor, en wat tijd na afloop."),
        ),
        settle="""
Welkom. Deze week oefen je met blijven.
Je laat een golf opkomen,
en in plaats van door te duwen naar een piek, blijf je een tijdje op dezelfde hoogte.
Als in een vallei tussen de bergen: rustig, ruim en wakker.

Ga liggen en kom aan. Voel je adem in je buik en je bekken. Laat je lichaam zwaar worden.

Merk je dat je gaat haasten, of je adem inhoudt? Dan is dat een nuttig signaal.
Adem lang uit, vertraag, en laat de golf iets zakken. Daarna kun je weer verder.
""",
        arousal="""
Laat de golf opkomen tot een hoogte die goed voelt, en blijf daar.
Vertraag je aanraking als het te snel gaat, en adem lang uit.
Laat de energie zich verspreiden door je lichaam, in plaats van op één plek op te hopen.
Bij de bel ga je naar rust.
""",
        rest="""
Rust. Laat je handen stil liggen.
Voel hoe de energie zich verdeelt, door je buik, je borst, je benen.
Adem rustig en volg wat er gebeurt.
""",
        closing="""
Laat alles langzaam tot rust komen, en merk op hoe je lichaam nu voelt.
Misschien is er een zachte, brede warmte, misschien iets anders. Wat er ook is, het mag er zijn.

Kom in je eigen tempo terug. Neem straks een moment voor je aantekeningen.
""",
        prompts=(
            {
                "id": "blijven",
                "ask": "Hoe was het om op de golf te blijven zonder door te duwen?",
                "type": "scale",
                "labels": ["lastig", "makkelijk"],
            },
            TEXT_BLOCK,
        ),
    ),
    Week(
        theme="je eigen ritme. Je brengt samen wat je hebt geoefend, in je eigen tempo.",
        sessions=(
            ("Eigen ritme", "Zorg voor een rustige, warme ruimte en zet je telefoon op stil."),
            ("Je eigen golven", "Plan er ongeveer een half uur voor, en wat tijd na afloop."),
            (
                "Afronden en meenemen",
                "Dit is de laatste oefening van de cursus. Neem na afloop de tijd voor de vragen.",
            ),
        ),
        settle="""
Welkom bij de laatste week.
Je hebt geoefend met je adem, met golven, met verspreiden en met blijven.
Deze week volg je vooral je eigen ritme.

Ga liggen en kom aan in je lichaam. Voel de ondergrond.
Laat je adem naar je buik en je bekken zakken.

Bij elke golf kies je zelf wat je doet: een beetje hoger, of juist lager. Sneller, of stiller.
De stem geeft alleen het begin en het einde aan. De rest is van jou.
""",
        arousal="""
Een nieuwe golf. Volg je eigen ritme.
Adem, voel, en laat de energie zich verspreiden. Bij de bel ga je naar rust.
""",
        rest="""
Rust. Laat de golf uitstromen door je hele lichaam.
Er hoeft niets.
""",
        closing="""
Dit is het einde van de oefening. Neem even de tijd om te voelen hoe je lichaam nu is.
Misschien is er iets veranderd sinds de eerste week, misschien ook niet. Allebei is goed.

Wat je hebt geoefend, kun je blijven gebruiken, in je eigen tempo.
Kom rustig terug, en schrijf op wat je wilt meenemen.
""",
        prompts=(
            {"id": "meenemen", "ask": "Wat wil je meenemen uit deze weken?", "type": "text"},
            {
                "id": "vervolg",
                "ask": "Hoe wil je verder?",
                "type": "choice",
                "options": [
                    "zelf blijven oefenen",
                    "bespreken met mijn coach",
                    "even pauzeren",
                    "weet ik nog niet",
                ],
            },
            TEXT_BLOCK,
        ),
    ),
)
