// The word classes of the threat and dehumanisation grammars. Kept small and
// literal on purpose: every match must be explainable by quoting the words.

const set = (words: string) => new Set(words.trim().split(/\s+/));

/** Words that negate what follows in their clause. */
export const NEGATIONS = set(`not never no nobody nothing none neither nor cannot cant dont don't won't wont wouldn't wouldnt
  shouldn't shouldnt isn't isnt aren't arent wasn't weren't didn't didnt doesn't doesnt haven't hasn't ain't noone`);

/** The speaker: a first-person subject. */
export const FIRST_PERSON = set(`i we i'm im i'll ill we'll we're i've we've i'd we'd imma ima`);

/** Contractions that carry their own intent ("I'll kill"). */
export const FIRST_PERSON_INTENT = set(`i'll we'll imma ima i'd we'd`);

/** Words that make what follows an intention or a plan. */
export const INTENT = set(`will shall gonna wanna would going want intend plan about coming gotta`);

/** Words allowed between the intention and the act ("going to personally come and"). */
export const FILLER = set(`to be just really personally literally actually come and go fucking find then also definitely soon one day someday you him her them down there`);

/** Acts of violence, as verbs in their base form. */
export const VIOLENT_VERBS = set(`kill murder shoot stab hang lynch behead decapitate strangle choke slit gut butcher slaughter
  execute burn torch bomb rape torture hurt harm punch beat bash drown poison shank skin exterminate eradicate gas hunt maim
  smash break cripple knife curbstomp stomp`);

/** The same acts as past participles ("should be shot"). */
export const VIOLENT_PARTICIPLES = set(`killed murdered shot stabbed hanged hung lynched beheaded decapitated strangled choked
  butchered slaughtered executed burned burnt torched bombed raped tortured hurt harmed beaten bashed drowned poisoned
  exterminated eradicated gassed hunted maimed stoned culled eliminated destroyed crucified castrated sterilized sterilised
  annihilated`);

/** People a threat can be aimed at, besides the groups. */
export const PERSON_TARGETS = set(`you u ya him her them yourself yourselves everyone everybody anyone anybody y'all yall
  people whoever`);

/** Subjects of "should be shot" that are people. */
export const PERSON_SUBJECTS = set(`he she they you him her them people everyone anyone whoever`);

/** Words that report or condemn what follows rather than say it. */
export const REPORTING = set(`say says said saying tell tells told telling write writes wrote writing tweet tweeted post posted
  posting claim claims claimed claiming call calls called calling threaten threatens threatened threatening accuse accused
  suggest suggests suggested suggesting argue argues argued arguing imply implies implied implying insist insists insisted
  hear heard hearing read quote quoted quoting compare compares compared comparing describe describes described describing
  label labels labelled labeling labelling think thinks thought believe believes believed idea notion myth lie claim rhetoric
  sentiment slogan chant chanting shout shouted shouting yell yelled`);

/** First-person words that make a reporting verb an endorsement ("I say ..."). */
export const ENDORSING_SUBJECTS = set(`i we i'm im`);

/** What people are compared to when they are dehumanised. */
export const DEHUMANISING_NOUNS = set(`vermin rats rat cockroaches cockroach roaches parasites parasite leeches leech maggots maggot
  lice insects insect bugs animals animal beasts beast savages savage apes ape monkeys monkey pigs pig swine dogs dog
  subhuman subhumans untermenschen filth scum trash garbage disease diseases cancer plague virus viruses infection infestation
  germs bacteria vermins rodents rodent snakes snake locusts termites mongrels mongrel primates primate sewage excrement
  tumor tumour pests pest`);

/** Words that may stand between the copula and the noun ("are nothing but filthy rats"). */
export const DEHUMANISING_FILLER = set(`just all nothing but basically literally simply like such a an the filthy dirty disgusting
  worthless fucking bloody damn dumb stupid little dirty mere no better than more less sub worse total complete
  absolute utter real actual invading invasive breeding diseased rabid wild mental mentally sick`);

/**
 * Contempt predicated of a whole group ("Immigrants are criminals", "Black
 * people are stupid"): derogation, not a comparison with vermin. Some are
 * also fillers above ("are filthy rats"), so the grammar looks for them among
 * the fillers as well.
 */
export const CONTEMPT = set(`stupid dumb idiotic moronic brainless disgusting revolting repulsive vile evil wicked worthless
  useless inferior filthy dirty pathetic lazy greedy violent dangerous barbaric primitive perverted degenerate sick
  criminals terrorists rapists thieves thugs perverts degenerates freaks idiots morons imbeciles barbarians abominations
  parasitic`);

/** Copulas and their like. */
export const COPULAS = set(`are is were was be being r remain remains become becomes became am`);

/** Verbs of infestation ("breed like rats", "infest our towns"). */
export const SWARMING = set(`breed breeding breeds multiply multiplying swarm swarming infest infesting infests spread spreading`);

/** Exclusion from society ("should be banned", "thrown out"). */
export const EXCLUSION_PARTICIPLES = set(`banned expelled segregated interned purged`);
