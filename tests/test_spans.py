"""Grounding of the spans strategy from the finders alone (no model answer)."""

from __future__ import annotations

from summarizer.extract.requests import Drafts
from summarizer.ground.spans import Grounded, ground_spans
from summarizer.read.documents import document_from_text


def grounded(text: str, date: str | None = "2019-09-15") -> Grounded:
    return ground_spans(document_from_text(text, date=date), Drafts(strategy="spans"))


def test_a_headline_hedge_is_flagged_where_the_story_tells_it() -> None:
    text = (
        "Banker Denies Fraud Charges in Milan CourtMILAN \u2014 A former banker on Tuesday "
        "denied charges of fraud before a judge in Milan."
    )
    got = [u.evidence.text for u in grounded(text).uncertainty]
    assert got == [
        "MILAN \u2014 A former banker on Tuesday denied charges of fraud before a judge in Milan."
    ]


def test_a_glued_headline_gives_no_actor_and_no_event() -> None:
    text = (
        "Dockers Arrested After Bomb Found at Port AuthorityGENOA \u2014 Police on Monday "
        "arrested two dock workers in Genoa after a bomb was found. "
        "The Genoa port authority said work resumed."
    )
    g = grounded(text)
    assert [a.name for a in g.actors] == ["Police"]  # not the headline's, not the dateline
    assert [(e.date, e.location) for e in g.events] == [("2019-09-09", "Genoa")]


def test_a_photo_caption_marker_and_a_sim_card_are_not_actors() -> None:
    text = (
        "FILE - Police stand outside a mosque in Leeds, Britain, May 2, 2019. The Home Office "
        "wants to ban unregistered SIM cards."
    )
    # (Britain, the country of a town, is where it happened: no actor either.)
    assert [a.name for a in grounded(text).actors] == ["Police", "Home Office"]


def test_a_country_named_only_as_a_place_is_no_actor() -> None:
    text = (
        "Norway deployed 40 engineers to Mali, where they met asylum seekers from Chad. "
        "The firm flies to destinations including Spain, Greece, and Italy. "
        "Soldiers fought in Sudan and Libya. Aid came from Kenya, Uganda, and Ghana. "
        "A memorial was held at the Royal Institute of Science in Oslo, Norway. "
        "Officials cited aggression from Egypt."
    )
    names = [a.name for a in grounded(text).actors]
    # Acting (a subject, "aggression from Egypt") makes a country an actor; a destination,
    # an origin, a town's country or a campus is a place. "from Kenya" is a source here.
    assert names == ["Norway", "Kenya", "Uganda", "Ghana", "Egypt"]


def test_a_country_where_a_release_was_filed_or_a_direction_of_it_is_no_actor() -> None:
    # ISAF releases (dev) and the NSC (eval data), shortened: the header's country, the
    # dateline's after its city, and "in northern Iraq" are places; acting, a country is an
    # actor whatever else the text says of it.
    text = (
        "ISAF Joint Command - Afghanistan\n2010-09-CA-005 For Immediate Release\n\n"
        "KABUL, Afghanistan (Sept. 1) - A security force detained an insurgent.\n\n"
        "Early this morning in northern Iraq, U.S. personnel were targeted by a drone. "
        "Kabul, Pakistan (Sept. 2) - Pakistan said it would help."
    )
    names = [a.name for a in grounded(text).actors]
    assert "Afghanistan" not in names and "Iraq" not in names and "Pakistan" in names


def test_a_country_left_fled_or_named_by_its_parts_or_a_direction_is_no_actor() -> None:
    # Unaligned, CBS, Asharq Al-Awsat, The New Arab, AYS and NBC (check4 to check18),
    # shortened: nor one whose capital or civil war the text names, unlike its government.
    text = (
        "We found that they too were leaving Syria for refuge. Refugees flow out of Iraq. "
        "Women from many parts of Yemen wrote. Clashes spread north and east of Lebanon. "
        "Warplanes struck a city in north-west Libya. Egypt said it would help. A bomb hit a "
        "suburb of Sudan's capital in Sudan's civil war. Iran's government denied it."
    )
    names = [a.name for a in grounded(text).actors]
    assert names == ["Egypt", "Iran"]


def test_names_only_in_a_glued_headline_are_dropped_wherever_the_headline_is() -> None:
    from summarizer.extract.candidates import Finds

    text = (
        "Dock Workers Questioned in Palermo Harbour InquiryNAPLES \u2014 Police said on Monday "
        "that two men were held.\n\nPhoto Gallery From The Scene\n\nThe men were later freed."
        "\n\nMore Stories From Italy\n\nRead on."
    )
    names = [n.text for n in Finds.compute(text, None).names]
    assert "Palermo Harbour Inquiry" not in names and "Dock Workers" not in names


def test_generic_capitalised_words_are_no_actors_and_a_digit_agency_is_one() -> None:
    text = (
        "I am sending this report, prepared by my Administration, to Congress. MI5 said "
        'Coalition forces held the town. One mother told him: "You ruined my VICTIM day." '
        "Every victim spoke. Polar Airways Flight 12 landed."
    )
    names = [a.name for a in grounded(text).actors]
    assert "Administration" not in names and "VICTIM" not in names
    assert "Polar Airways Flight" not in names
    assert "MI5" in names and "Coalition forces" in names


def test_a_lone_organisation_word_is_the_longer_name_it_heads_or_no_actor() -> None:
    # State Department releases, ISAF releases and UN News (dev), shortened; nor is a weapon
    # or a disease written in capitals.
    text = (
        "The Office of the Spokesperson said on Monday that the ICC Office of the Prosecutor "
        "had opened an inquiry. The Office said it would follow the case. The Council met. "
        "Coalition aircraft struck a compound in Khost. The Company moved in; Communications "
        "were cut. Insurgents fired an RPG at the convoy, and COVID spread."
    )
    actors = {a.name: a.aliases for a in grounded(text).actors}
    assert not {"Office", "Council", "Company", "Communications", "RPG", "COVID"} & set(actors)
    assert "Coalition" in actors


def test_a_law_a_treaty_an_order_or_a_charter_is_no_actor() -> None:
    # State Department releases, Al Mezan and UN News (dev, check15), shortened.
    text = (
        "The designation was made under Executive Order 13224. Israel applied the Unlawful "
        "Combatants Law. Russia breached the Charter of the United Nations, the Council said."
    )
    assert [a.name for a in grounded(text).actors] == ["Israel", "Russia"]


def test_a_described_speaker_is_no_actor_but_a_described_institution_is() -> None:
    # Standnews (check9), Vice (check2) and the Guardian (check2), shortened.
    text = (
        "\u201cHe couldn\u2019t,\u201d the lawyer said. \u201cWe found no trace,\u201d the "
        "statement said. \u201cWe deny it,\u201d the defence ministry said."
    )
    names = [a.name for a in grounded(text).actors]
    assert "the lawyer" not in names and "the statement" not in names
    assert "the defence ministry" in names
