"""Cost of cooking a realistic 2 KB post (Finnish and English), and where the time goes.

    .venv/bin/python -m bench.markup

Each post has headings, lists, a quote, links, mentions, a table and code. ``cook`` is timed
with an in-memory context (the markup work alone) and with the database context on a fresh
SQLite database (two lookups per post, as on write), beside its two halves: markdown-it
rendering and the bleach sanitiser. Figures are CPU milliseconds per post, with the load
average beside them, since other work may share the machine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from bench.common import emit, fresh_app
from forum.actions.bootstrap import ensure_reference_data
from forum.actions.groups import create_group
from forum.actions.users import create_user
from forum.markup import DatabaseMarkupContext, _parser, cook, sanitise
from forum.markup.context import default_group_url, default_post_url, default_user_url
from forum.models.group import ADMINISTRATORS

FINNISH = """## Kainuun oppimisyhteisön tapaaminen

Hei @aino ja @weavers! Kokosin tähän muistion tiistain tapaamisesta. Kiitos kaikille, jotka
jaksoitte osallistua, ja erityiskiitos @matti-k, joka veti **kehittämisklinikan**.

[quote="matti-k, post:3, topic:41"]
Ehdotan, että kokeilemme *liikuntaneuvonnan palveluketjua* myös Kajaanin ulkopuolella.
Aineisto löytyy Innokylästä: https://www.innokyla.fi/fi/toimintamalli/liikuntaneuvonta
[/quote]

Päätimme seuraavaa:

1. Kokeilu käynnistyy kolmessa kunnassa syksyllä.
2. Arvioinnissa seurataan [vaikuttavuuden mittareita](https://thl.fi/vaikuttavuus)
   neljännesvuosittain.
3. Rahoitusta haetaan STEA:lta ja ESR+-ohjelmasta; @aino selvittää aikataulut.

| Kunta | Vastuuhenkilö | Aloitus |
|:------|:--------------|-------:|
| Kajaani | Aino Virtanen | 9/2026 |
| Sotkamo | Matti Korhonen | 10/2026 |
| Suomussalmi | avoin | 11/2026 |

Muistathan myös nämä:

- Seuraava tapaaminen on **tulevaisuustyöpaja** 14.10. klo 13–16 ~~Paltaniemellä~~ Kajaanissa.
- Materiaalit jaetaan kansiossa, ja kysymykset voi lähettää osoitteeseen kutoja@example.fi.
- Sovimme, että käytämme tunnistetta `#kainuu-liikunta` kaikissa päivityksissä.
- Osallistujalista ja palautekysely lähetetään sähköpostilla viikon sisällä.

Lisätietoa ekosysteemikartoituksesta: [alueen kartta](/s/kainuu/kartta). Kommentit ja
korjaukset tähän ketjuun, niin pidetään keskustelu yhdessä paikassa. Hyvää syksyn jatkoa
kaikille, ja nähdään pian työpajassa!

### Seuraavat askeleet

Kirjaan vielä tähän, mitä jäi auki. Kuntien välinen sopimus tarvitsee hyväksynnän ennen
syyskuuta, ja hyvinvointialueen edustaja lupasi selvittää, voiko palveluohjaaja osallistua
kokeiluun osana omaa työtään. Järjestöjen osalta @weavers kokoaa listan toimijoista, jotka ovat
jo mukana vastaavissa hankkeissa. Päivitän muistion, kun tiedämme enemmän. Jos jotain puuttuu,
kirjoita siitä tähän ketjuun tai laita viestiä suoraan minulle.
"""

ENGLISH = """## Notes from the developer-funder dialogue

Thanks @aino and @weavers for a lively session! These are my notes from Tuesday's dialogue,
with special thanks to @matti-k for facilitating the **future workshop** part.

[quote="matti-k, post:3, topic:41"]
Funding that bends to *experiments* is what most developers asked for. The background paper is
at https://www.innokyla.fi/en/practices/exercise-counselling
[/quote]

What we agreed on:

1. Three regions pilot a lighter application round in the autumn.
2. Impact is followed with [shared indicators](https://thl.fi/impact) every quarter.
3. Funders post their calls into the spring session; @aino checks the timetable.

| Region | Contact | Start |
|:-------|:--------|------:|
| Kainuu | Aino Virtanen | 9/2026 |
| Satakunta | Matti Korhonen | 10/2026 |
| Pirkanmaa | open | 11/2026 |

Please also remember:

- The next gathering is a **development clinic** on 14 October, 13-16, ~~online~~ in Kajaani.
- Material is shared in the folder, and questions can be sent to weaver@example.fi.
- We agreed to tag every update with `#dialogue-autumn` so they are easy to find.
- The list of participants and a feedback survey will be sent by e-mail within a week.

More about the ecosystem map: [regional map](/s/kainuu/map). Comments and corrections in this
thread, please, so the discussion stays in one place. Have a good autumn, and see you at the
workshop soon! The summary will also be translated into Finnish and Swedish for the centre's
newsletter, and the presentation slides follow next week.

### Next steps

What is still open: the agreement between the municipalities needs approval before September,
and the wellbeing services county will find out whether its service counsellor can join the
pilot as part of her own work. For the NGOs, @weavers will collect a list of those already
involved in similar projects. I will update these notes once we know more. If something is
missing, please write it in this thread or send me a message directly.
"""


class MemoryContext:
    users = frozenset({"aino", "matti-k"})
    groups = frozenset({"weavers"})

    def existing_usernames(self, names: set[str]) -> set[str]:
        return names & self.users

    def existing_groups(self, names: set[str]) -> set[str]:
        return names & self.groups

    def user_url(self, username: str) -> str:
        return default_user_url(username)

    def group_url(self, name: str) -> str:
        return default_group_url(name)

    def post_url(self, topic_id: int, post_number: int) -> str:
        return default_post_url(topic_id, post_number)


def per_call_ms(call: Callable[[], object], rounds: int = 3, seconds: float = 1.0) -> float:
    """CPU milliseconds per call, the median of a few rounds.

    CPU time rather than wall time: other processes share the machine's two cores, and the
    time spent waiting for a core is not the cost of cooking.
    """
    for _ in range(20):
        call()
    times = []
    for _ in range(rounds):
        count, wall, cpu = 0, time.perf_counter(), time.process_time()
        while time.perf_counter() - wall < seconds:
            call()
            count += 1
        times.append((time.process_time() - cpu) * 1000 / count)
    return round(sorted(times)[len(times) // 2], 3)


def measure(raw: str, database: DatabaseMarkupContext) -> dict:
    memory = MemoryContext()
    md = _parser()
    rendered = md.render(raw)
    cooked = cook(raw, memory)
    assert cooked.mentions == {"aino", "matti-k"}
    assert cooked.group_mentions == {"weavers"}
    assert cook(raw, database).html == cooked.html
    return {
        "raw_bytes": len(raw.encode()),
        "cooked_bytes": len(cooked.html.encode()),
        "cook_ms": per_call_ms(lambda: cook(raw, memory)),
        "cook_with_database_ms": per_call_ms(lambda: cook(raw, database)),
        "markdown_ms": per_call_ms(lambda: md.render(raw)),
        "sanitise_ms": per_call_ms(lambda: sanitise(rendered)),
    }


def main() -> dict:
    app = fresh_app()
    with app.app_context():
        ensure_reference_data()
        admin = create_user("bench-admin", "Admin", "admin@example.org", groups=(ADMINISTRATORS,))
        create_user("aino", "Aino Virtanen", "aino@example.org")
        create_user("matti-k", "Matti Korhonen", "matti@example.org")
        create_group(admin, name="weavers", title="Weavers")
        database = DatabaseMarkupContext()
        figures = {
            "finnish": measure(FINNISH, database),
            "english": measure(ENGLISH, database),
            "load_average_1min": round(os.getloadavg()[0], 2),
        }
    fi, en = figures["finnish"], figures["english"]
    return emit(
        "markup",
        figures,
        f"cook a 2 KB post: Finnish {fi['cook_ms']} ms ({fi['cook_with_database_ms']} ms with "
        f"the database), English {en['cook_ms']} ms ({en['cook_with_database_ms']} ms); "
        f"markdown {fi['markdown_ms']} ms + sanitise {fi['sanitise_ms']} ms (Finnish)",
    )


if __name__ == "__main__":
    main()
