"""A corpus for measuring research masking (see test_masking_corpus.py).

Sentences as candidates write them in a brokering logbook. Every piece of
personal data is planted between [[ and ]]; everything else must be left
alone. The people, partnerships and words below are what the app knows
when it masks the logbook of ``CANDIDATE``.
"""

CANDIDATE = "Kwame Osei"
MENTOR = "Amara Nwosu"
# Every other account in the app: candidates, mentors, examiners, staff.
OTHER_ACCOUNTS = [
    "Priya Raman",
    "Elif Demir",
    "Jonas Berg",
    "Grace Mutua",
    "Tomás Ortega-Ruiz",
    "Siobhán O'Neill",
    "Li Wei",
    "Nadia Okafor",
    "Jean-Pierre Habimana",
    "Fatima al-Sayed",
    "Mark Hope",
]
PARTNERSHIPS = ["Delta Mangrove Alliance", "Kisumu Clean Water Partnership"]
# What the candidate added after reading their preview: partner contacts,
# a partner organisation with no tell-tale ending, a place.
OWN_WORDS = ["Wanjiru Kamau", "Wanjiru", "FreshMart", "Lake Bunyonyi", "Oduya"]

PLANTED = [
    # The candidate and their mentor, in every form.
    "[[Kwame]] opened the meeting because the convenor was late.",
    "My mentor [[Amara]] asked why I had not said that out loud.",
    "[[Amara]]'s question stayed with me all week.",
    "[[AMARA NWOSU]] wrote in the margin: who decided that?",
    "The minutes list me as K. [[Osei]], which the partners found funny.",
    "I signed the note as [[Kwame Osei]] and sent it round.",
    "The ministry spelt it [[OSEI]] on the badge.",
    "[[Nwosu]] suggested I map the interests before the next round.",
    # Other people with accounts: other candidates, examiners, staff.
    "[[Priya]] from my cohort had the same problem with her council.",
    "I compared notes with [[Priya Raman]] on exit strategies.",
    "[[Grace Mutua]]'s webinar on interest-based negotiation helped.",
    "[[Elif]] will examine us, so I kept the hindsight out of it.",
    "[[Jonas Berg]] moved our cohort call to Thursday.",
    "The review was run by [[Tomás Ortega-Ruiz]], who brokered in Bogotá.",
    "[[Tomas]] said the tool works better with fewer partners in the room.",
    "[[Siobhán O'Neill]] sent a reading list on power in partnerships.",
    "[[O'Neill]]'s reading list was long but useful.",
    "[[Jean-Pierre]] told the story of his water project in Kigali.",
    "[[NADIA OKAFOR]] chaired the cohort session on ground rules.",
    "[[Okafor]] asked each of us for one failure from the month.",
    "[[Fatima al-Sayed]] joined the call from Amman.",
    "I learnt from [[Mark Hope]] that silence is a tool too.",
    "[[Li Wei]] reminded me that trust takes more than one meeting.",
    # People with titles, known or not.
    "Dr. [[Okafor]] from the university wants the data shared first.",
    "I met Dr [[Achieng Otieno]] at the county offices.",
    "Prof. [[Baptiste]] doubted that the donor would wait.",
    "Mrs [[Adeyemi]] keeps the keys to the community hall.",
    "Mama [[Ngozi]] runs the market association and knows everyone.",
    "Councillor [[Mwangi]] walked out when the budget came up.",
    "DR [[MENSAH]] signed the partnering agreement at last.",
    "Minister [[Kariuki]] has not replied to the invitation.",
    # Contacts the candidate added to their words to mask.
    "[[Wanjiru]] from the water board called twice about the tariff.",
    "[[Wanjiru Kamau]] will host the next meeting.",
    "[[WANJIRU]] did not come, and nobody knew why.",
    "Mr [[Oduya]] and [[Wanjiru]] disagreed about the timeline.",
    # Email addresses.
    "Write to [[kwame.o@gmail.com]] if the link does not work.",
    "Her address is [[amara.nwosu@example.org]], she said.",
    "The treasurer ([[j.mensah@kisumuwater.co.ke]]) sent the figures.",
    "Please copy [[PRIYA.RAMAN@EXAMPLE.NET]] on the next draft.",
    "The chair's email, [[chair+partners@delta-mangrove.org]], bounced.",
    "Send it to [[kwame.o [at] gmail.com]] instead.",
    "I had written [[wanjiru_k@waterboard.go.ke]] wrongly twice.",
    # Phone numbers in international and national forms.
    "Ring the London office on [[+44 20 7946 0958]] before noon.",
    "The Cape Town contact is on [[(021) 555-0134]].",
    "Her mobile is [[+64 21 123 4567]], but she rarely answers.",
    "The Pune team shared [[+91 98765 43210]] for WhatsApp.",
    "Call [[0044 20 7946 0958]] from abroad.",
    "The chief's number, [[+254 712 345 678]], is on the poster.",
    "Our US funder uses [[+1 (415) 555-0199]] for the hotline.",
    "The field office number [[0712 345 678]] rang unanswered.",
    "Leave a message at [[020 7946 0958]] if nobody picks up.",
    "Text [[+234 803 123 4567]] for the Lagos partner.",
    # Web addresses, with and without a scheme.
    "The survey is at [[https://forms.example.org/delta-survey?id=42]].",
    "Minutes are on [[www.kisumuwater.co.ke/minutes]].",
    "Everything we published is on [[deltamangrove.org]] now.",
    "See [[http://example.net/~kwame/notes]] for my earlier draft.",
    "Her blog ([[amaranwosu.com/partnering]]) has the same argument.",
    "The shared folder [[https://drive.example.com/d/1AbC]] is open to all.",
    # Partnerships the app knows.
    "The [[Delta Mangrove Alliance]] met for the third time.",
    "The [[DELTA MANGROVE ALLIANCE]] steering group wants a review.",
    "Members of the [[Kisumu Clean Water Partnership]] disagree about fees.",
    "In the [[kisumu clean water partnership]] nobody owns the data.",
    # Partner organisations.
    "The [[Nairobi Water Trust]] pulled out of the pilot.",
    "We asked the [[Ministry of Health]] for a letter of support.",
    "[[FreshMart]] offered to fund the cold store.",
    "The [[Okavango Farmers Cooperative]] sent two people, not one.",
    "[[Bill & Melinda Gates Foundation]] money changes the conversation.",
    "The [[University of Cape Town]] team wants co-authorship.",
    "We met at [[Lake Bunyonyi]] because it was halfway for everyone.",
    "[[Mbeya Growers Association]] joined late but keenly.",
    # Several at once.
    "[[Priya]] gave me [[+91 98765 43210]] and [[priya@example.net]] for Dr. [[Raman]].",
    "After the [[Delta Mangrove Alliance]] call, [[Amara]] and [[Wanjiru]] stayed on.",
]

# Sentences with nothing to mask: a masker that hides any of their words
# over-masks. They use words that are also names ("will", "hope", "mark",
# "grace"), generic bodies ("the council", "Town Council", "the trust"),
# numbers that are not phone numbers and dotted words that are not addresses.
CONTROL = [
    "I will hope for the best and mark the date in my diary.",
    "By the grace of a late train, the meeting started without me.",
    "The council and the trust agreed ground rules in week two.",
    "The Town Council sent its deputy, who had no mandate.",
    "We used the partnering cycle and a SWOT analysis with the steering group.",
    "Between 2019-2024 the budget grew from 250000 to 1,250,000 shillings.",
    "We meet on 2024-03-15 at 10:30, then again on 15/04/2024.",
    "I read the report, i.e. the one the donor wrote, e.g. the summary.",
    "Version 2.1 of the plan is due on 3.5 weeks from now.",
    "Our Community Foundation partner kept to the agreement.",
    "An honest conversation about power was overdue.",
    "The partners.It was late, and I had missed a space after the stop.",
    "Lessons: listen first, write it down, ask who is missing.",
]

# Names the app has no way to know: no account, no title, not in the
# candidate's words. Measured and reported apart (docs/security.md): the
# preview exists so that the candidate finds and adds them.
UNKNOWN = [
    "[[Baraka]] from the youth group brought the maps.",
    "I called [[Otieno]] after the meeting to apologise.",
    "[[Zawadi]] and [[Juma]] led the walk along the river.",
]
