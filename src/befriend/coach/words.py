"""Word lists the re-addressing rewrite reads (English grammar, written for befriend).

They are small closed classes (auxiliaries, prepositions, conjunctions) plus short
open lists of common verbs, chosen from the kind of things people write to a friend
who is struggling. Each list says what it is for; `rewrite.py` holds the logic.
"""

from __future__ import annotations

from typing import Final

# Second-person words and what they become in the first person. Bare "you" is
# decided by position (subject "I", object "me" or "myself") in rewrite.py.
POSSESSIVES: Final[dict[str, str]] = {
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "yourselves": "myself",
}
CONTRACTIONS: Final[dict[str, str]] = {
    "you're": "I'm",
    "you've": "I've",
    "you'll": "I'll",
    "you'd": "I'd",
    "youre": "I'm",
}
SECOND_PERSON: Final[frozenset[str]] = frozenset({"you", *POSSESSIVES, *CONTRACTIONS})

# Auxiliaries and modals: before "you" at the start of a clause they make a question
# or a tag ("are you okay?", "didn't you?"), so "you" is the subject there.
AUXILIARIES: Final[frozenset[str]] = frozenset(
    """am are is was were aren't weren't isn't wasn't do does did don't doesn't didn't
    have has had haven't hasn't hadn't can could will would shall should may might must
    can't cannot couldn't won't wouldn't shouldn't mightn't mustn't need needn't""".split()
)
# The forms of "be" that change with the subject, after subject "you" and inverted.
AGREE_AFTER_YOU: Final[dict[str, str]] = {"are": "am", "were": "was", "weren't": "wasn't"}
AGREE_INVERTED: Final[dict[str, str]] = {"are": "am", "were": "was", "weren't": "wasn't"}
# After these, "you were" is a wish or a supposition and keeps "were" ("if I were").
SUBJUNCTIVE: Final[frozenset[str]] = frozenset({"if", "wish", "though", "unless"})

# Words that start a clause: "you" right after them is a subject.
CONJUNCTIONS: Final[frozenset[str]] = frozenset(
    """and but or so because cause cuz that if when whenever while though although
    unless whether once where why how what who which whatever wherever then now
    whoever even yet""".split()
)
# Nouns and quantifiers that head a relative clause: "the way you talk", "all you can".
RELATIVE_HEADS: Final[frozenset[str]] = frozenset(
    """way thing things time times everything anything something nothing all much
    best most one ones person people kind sort stuff place day moment fact reason
    someone somebody""".split()
)
# Prepositions: "you" after them is an object ("proud of you", "for you").
PREPOSITIONS: Final[frozenset[str]] = frozenset(
    """to for with about of at in on from by without behind beside around toward
    towards against among into onto upon through within near unlike between over under
    beyond inside despite besides beneath alongside throughout""".split()
)
# Words that may be a preposition or a conjunction: "after you" vs "after you rest".
AMBIGUOUS: Final[frozenset[str]] = frozenset(
    {"before", "after", "until", "till", "since", "like", "than", "as"}
)
# Verbs that take "you" as their object ("nobody blames you", "this doesn't define you").
OBJECT_VERBS: Final[frozenset[str]] = frozenset(
    """love loves loved help helps helped tell tells told support supports supported
    hug hugged hold holds held remind reminds reminded let lets make makes made give
    gives gave call calls called need needs needed want wants wanted miss misses missed
    blame blames blamed judge judges judged forgive forgives forgave hurt hurts
    define defines defined expect expects expected push pushes pushed stop stops
    stopped teach teaches taught show shows showed ask asks asked meet met protect
    protects protected carry carries carried bother bothers bothered upset upsets
    break breaks broke owe owes keep keeps kept leave leaves left treat treats treated
    thank thanks thanked admire admires admired respect respects respected value
    values valued appreciate appreciates appreciated adore adores adored like likes
    liked got get gets cheer encourage encourages encouraged inspire inspires
    inspired comfort comforts comforted reassure judge criticise criticize criticised
    criticized hate hates hated punish punishes punished drive drives drove bring
    brings brought wake wakes woke lift lifts lifted serve serves served""".split()
)
# Verbs that take either an object or a clause: "I believe you" / "I believe you can".
CLAUSE_VERBS: Final[frozenset[str]] = frozenset(
    """know knew think thought bet hope guess believe feel felt said say says promise
    swear mean meant suppose realise realize see saw notice noticed remember forget
    trust doubt wish heard hear imagine understand understood bet figure reckon""".split()
)
# Adverbs that may sit between "you" and its verb ("you really are").
ADVERBS: Final[frozenset[str]] = frozenset(
    """really just always never still truly honestly also only even probably actually
    definitely genuinely clearly obviously certainly simply already usually sometimes
    often absolutely totally so both all again ever sure""".split()
)
# Common verb forms that can follow subject "you" ("you tried", "you deserve").
COMMON_VERBS: Final[frozenset[str]] = frozenset(
    """try tried do did does doing can could feel felt deserve deserved handle handled
    made make got get gave give care cared matter mean meant need needed want wanted
    know knew think thought work worked will went go keep kept learn learnt learned see
    saw love loved take took put say said show showed reach reached come came stay
    stayed belong carry carried survive survived face faced manage managed grow grew
    find found have had has get got look looked seem seemed sound sounded talk talked
    treat treated hold held let lost lose win won build built start started stop
    stopped finish finished fail failed hurt hurts rest rested sleep slept eat ate ask
    asked call called tell told told write wrote spend spent pick picked choose chose
    became become figure figured gotta gonna wanna mess messed slip slipped fall fell
    miss missed forget forgot forgive forgave owe owed remember remembered notice
    noticed raise raised parent parented help helped""".split()
)
# Imperative verbs: a clause starting with one is advice to the friend, said to
# oneself as "I can ..." ("Go easy on yourself" -> "I can go easy on myself").
IMPERATIVE_VERBS: Final[frozenset[str]] = frozenset(
    """be go take give let try remember stop keep treat talk speak rest sleep eat drink
    breathe ask call text reach tell write make get start focus forgive allow cut look
    notice celebrate say find hold put trust lean slow pause step walk sit stay come
    check plan pick choose book drop set use spend own accept admit apologise apologize
    learn practise practice wait listen imagine consider protect stand show cry hug
    feel think believe love honour honor save finish watch leave do fix mend drop
    delete block email phone see visit schedule tidy clean cook order""".split()
)
# After one of these the capitalised verb is a noun or a question, not advice:
# "Rest is important", "Do you think".
NOT_AFTER_IMPERATIVE: Final[frozenset[str]] = frozenset(
    """is was are were 's i you we they he she it's that's""".split()
)
# Softeners that may open advice: "please" is dropped ("I can rest"), the others stay
# in front ("So I can go easy...").
PLEASE: Final[frozenset[str]] = frozenset({"please", "pls", "plz"})
LEADS: Final[frozenset[str]] = frozenset({"and", "so", "then", "now", "but", "just", "also"})
# Subordinators that may open a sentence; advice often follows their clause's comma
# ("If you can, rest tonight").
SUBORDINATORS: Final[frozenset[str]] = frozenset(
    {"if", "when", "whenever", "once", "after", "before", "while", "since", "until"}
)
# Words naming someone other than the speaker, who can be the subject of a clause
# ("nobody blames you" -> "me"); a speaker "I" instead gives "myself".
OTHER_SUBJECTS: Final[frozenset[str]] = frozenset(
    """he she they it this that nobody everyone everybody someone somebody anyone
    anybody people we who which what there it's that's nothing everything he's she's
    they're we're one life work boss""".split()
)
SPEAKER_SUBJECTS: Final[frozenset[str]] = frozenset({"i", "i'm", "i've", "i'll", "i'd"})
# Words about the friend as speaker ("call me", "let's"): a sentence with them is
# about the friendship, not the friend, and is left as written in the first person.
SPEAKER_OBJECTS: Final[frozenset[str]] = frozenset({"me", "let's", "lets"})
# Interjections a vocative may follow ("Hey Sam, ...").
INTERJECTIONS: Final[frozenset[str]] = frozenset(
    {"hey", "hi", "oh", "look", "listen", "ah", "aw", "aww", "dear", "hello", "ok", "okay"}
)
# Terms of endearment used as vocatives ("Hey love, ..."): dropped in the first person.
ENDEARMENTS: Final[frozenset[str]] = frozenset(
    """buddy mate love honey sweetie sweetheart darling dear friend pal babe hun hon
    lovely chum""".split()
)
# Capitalised words that are not names even in a vocative position.
NOT_NAMES: Final[frozenset[str]] = frozenset(
    """i you yes no okay ok well look listen hey hi oh ah remember really please friend
    buddy mate love honey sweetie sweetheart darling babe dear also and but so now then
    first today tomorrow tonight sorry thanks thank hmm wow besides however still plus
    anyway actually truly again seriously honestly though because if when yeah yep nope
    sure right true god gosh hello aw aww man dude lovely everyone everybody nobody
    somebody someone again here there this that it we they he she mom mum dad
    yesterday lately later anyway otherwise meanwhile instead sadly surely mostly
    maybe perhaps sometimes often yours mine ours everything nothing something
    nope what why how who where which whatever""".split()
)
