// Look-alike characters of the letters a-z (Cyrillic, Greek, Armenian,
// Cherokee, Canadian syllabics, enclosed and mathematical forms ...), for the
// text normaliser. Derived from the confusables table in
// data/corpora/profanity/obscenity_confusables_and_leetspeak.json (jo3-l/obscenity,
// MIT, data originally from github gc/confusables, MIT): only non-ASCII
// look-alikes whose Unicode compatibility decomposition is not already an
// ASCII letter, so Unicode normalisation stays the first authority. German
// sharp s is left out: case folding turns it into "ss".

/** Lower-case ASCII letter -> every character that looks like it. */
const LOOK_ALIKES: Record<string, string> = {
  a: "∂⍺ձᶏ⒜аɒαคმɑɐᾄẚӑӓάὰάᾀᾁᾂᾃᾅᾆᾰᾱᾲᾳᾴᶐᾶᾷἀἁἂἃἄἅἆἇᾇⱥ𝛂𝛼𝜶𝝰𝞪⍶Ꭿ𐊠𝜜ꓮᎪ𝚨ꭺ𝝖🅐∀🇦₳🅰дᗅΑᾋᗩȺʌΛλƛᴀДАልᕱӒΆᾸᾹᾺΆᾼᾈᾉᾊᾌᾍᾎᾏἈἉἊἋἌἍἎἏӐ𝛢",
  b: "Ꮟ♭ᑳᒈᖚᕹᕺҍъƃɓƅᖯƄЬᑲþƂ⒝ЪᶀᑿᒀᒂᒁᑾьƀҌѢѣᔎ𐌁𐊡ꓐ𝜝𐊂𝚩𝛣𝝗Ᏼᏼ𝞑Ꞵ🅑฿ᗿᗾᗽ🅱вϐᗷƁ乃ცჩ๖βɮБՅ๒ᙖʙጌΒВɃദᗹᗸᵝᙞᙟᙝᛒᙗᙘᴃ🇧",
  c: "ⲥ𐐽ꮯҁƈȼↄсርᴄϲҫ꒝ςɽϛᑦ᧚₵🇨ᥴᒼᏟⲤꓚ𐊢𐌂🅲𐐕🅒☾ↃƇᑕㄈ¢८↻ϾՇȻᙅ⒞Ҁ©टƆϹС匚Ҫʗᑖᑡᑢᑣᑤᑥᔍ",
  d: "Ꮷꓒᵭ₫ԃđƌɖɗ⒟ԁᶁԀᑺᑻᑼᑽᒄᑰᑱᶑʠժᎠꭰꓓ🅳🅓ƉᗪƊÐԺᴅↁĐÞᗞᑯᗫᗬᗟᗠᶛᴆ🇩",
  e: "Ҿҿ⒠ᧉᶒɘἔ૯ǝєεҽɛɇ℮еԑѐӗᥱёἐἑἒἓἕꭼ𐊆𝚬ꓰ𝝚𝞔🅴🅔ΈƎἝᕮƐモЄᴇ乇ЁɆꂅ€ΕЕⴹᎬԐἘἙἚἛἜῈΈӖὲέЀϵ🇪",
  f: "ƒʃբ⒡ꊰʄ∱ᶂ𐊇𐊥ꓝꞘ🅵🅕ғҒᖴƑԲϝቻϜ₣🇫Ⅎ",
  g: "ց૭ǥɠﻭﻮ⒢ɡᧁꓖᏳᏀᏻꮐ🅶🅖ɢƓʛᘜԌǤԍ₲🇬⅁",
  h: "Һ⒣ђħⱨհһከኩኪካɦիᑋᗁɧんɥ𝜢ꓧ𝝜𐋏ꮋᎻⲎ𝞖🅷🅗ዞǶԋᚺĦⱧҢңҤῊΉῌἨἩἪἫἭἮἯᾘᾙᾚᾛᾜᾝᾞᾟӉӈҥΉн卄♓Нʜ𝛨Η𝚮ᕼӇᵸ🇭",
  i: "ῐῑῒΐῖῗἰἱἲ∣ⵏ￨׀ا١۱ߊᛁἳἴἵɨіὶίᶖ𝝸ί⒤ЇꀤᏆ🅸🅘إﺇٳأﺃٲٵ៸ƗェエῘῙῚΊἸἹἺἻἼἽἾΪΊɪᶦᑊᥣ𝛪𝚰🇮",
  j: "ϳ⒥ɉјڶᶨ🅹🅙ЈʝᒍנﾌʆวلյʖᴊﻝጋɈՂๅႱᎫȷ丿ᒘᒙᒚᒛᒴᒵᒎᒏ🇯",
  k: "ƙⱪᶄ𝜅𝜘𝜿𝝒𝝹𝞌𝞳ϰ𝛋𝛞𝟆𝜥ꓗⲔ𝛫Ꮶ𝞙🅺🅚₭ĸќƘкҠκқҟӄʞҚКҡᴋ⒦ᛕЌጕΚҜҝҞⱩϗӃ🇰",
  l: "ŀӀłﾚɭƚɫⱡƖ⒧ʅǀוןΙІ｜ᶩӏ𝜤𝝞ı𝚤ɩι𝛊𝜄𝜾𝞲𐐛Ⳑ𐑃ⳑꮮᏞꓡ🅻🅛ﺈ└ւĿᒪ乚ՆʟꓶιԼረΓլᄂⱢᥧᥨᒻᒶᒷᶫﺎᒺᒹᒸᒫ⎳ㄥŁⱠﺄȽ🇱",
  m: "₥ᵯനᙢ൩ϻጠɱ៳ᶆ᧕᧗𐌑𐊰ꓟⲘᎷ🅼🅜м൱ᗰ州ᘻო๓♏ʍᙏᴍ⒨М௱ΜϺᛖӍӎ𝚳𝛭𝜧𝝡𝞛🇲",
  n: "חᥒήᴒᾗηɲղຖՌƞŋ⒩ภกɳпŉлԉȠἠἡῃդᾐᾑᾒᾓᾔᾕᾖῄῆῇῂἢἣἤἥἦἧὴήበቡቢባቤብቦȵ𝛈𝜂𝜼𝝶𝞰ᶇᵰᥥ∩ꓠ𝛮𝝢𝚴Ⲛ𝞜𝜨🅽₦🅝ЙЍҋ៷ᴎɴƝᑎ几иՈռИהЛπᶰ刀ክПΝᴨոϖทŊӢӣӤӥћѝйᥢҊᴻ🇳",
  p: "ҏ℗ƥᵽῥρрƿǷῤ⍴𝛒𝝆𝞺𝜌𝞀ꓑ𝚸𝞠ꮲⲢ𝝦𐊕𝜬𝛲Ꮲ🅟Ҏ🅿Ƥᑭ尸րφքᴘ⒫ｱקРየᴩⱣΡῬᑸᑶᑷᑹᑬᑮ🇵₱",
  q: "գ⒬۹զᑫɋɊԛ🆀🅠ⵕԚ🇶",
  r: "гՐɾᥬɍ⒭ɼѓᴦᶉᵲґ℞℟ꭱᏒ𐒴ꮢᎡꓣ🆁🅡ᴙʀᖇя尺ЯરƦዪɌʁⱤᚱ🇷ᴚ",
  s: "ꜱ𐑈ꮪʂѕȿᶊకގ🇸ꇙᏚᏕꓢ𐊖𐐠🆂🅢ֆՏ⒮Ѕടᔕᔖᔢᔡᔣᔤ",
  t: "ȶ੮էʇ†ƭŧ⒯ʈեƫナ🆃𐌕𝚻𝛵𐊱𐊗🝨𝝩𝞣ꓔ⟙Ⲧ⊤Ꭲꭲ🅣⏇⏉тҬҭƬイŦԵτᴛｲፕϮ⊥ƮΤТ下丅丁ᐪ𝛕𝜏𝝉𝞃𝞽ㄒ🇹ጥ",
  u: "ὺύᥙὗυΰนսʊᴜยцሁᵾµʋʉῠῡῢΰῦῧὐὑϋύὒὓὔὕὖᥔᶙꓴ𐓎꒤🆄🅤ᑗᑘᑌ凵ƱմԱꓵЦՄƲᙀ⒰પՍɄᥩᑧ∪ᘮ⋃🇺",
  v: "ሀ𝜐𝝊౮งѵעᴠνטѷ៴ᘁ𝛎𝜈𝝂𝝼𝞶ꓦᏙ🆅🅥ᐯѴ⒱۷٧ⴸѶᐺᐻ🇻",
  w: "ꮃ⍵ⱳὼὠὡὢὣωὤὥὦὧῲῳῴῶῷⱲѡԝᴡώᾠᾡᾢᾣᾤᾥᾦɯ𝝕𝟉𝞏ᏔᎳꓪ🆆🅦ᾧᗯᥕ山ѠຟచաЩШώщฬшᙎ⒲ฝሠԜധᘺѿᙡƜ₩🇼",
  x: "х×⤫⤬⨯ᶍӽ⨰ﾒ🞨🞩🞪🞫🞬𐌗Ⲭꓫ𝞦𐊐𝚾𝝬𝜲Ꭓ𐌢𐊴🆇🅧❌᙭χㄨӾჯӼҳЖΧҲᵡ⒳אሸꊼХ╳᙮ᕁᕽᚷⵝ乂🇽",
  y: "ᎽᎩуყƴɏᵞɣᶌү⒴ӳӱӯўУʎⲨꓬ𝜰𐊲🆈🅨ὛƳㄚʏ⅄ϔ￥¥ՎϓγץӲЧЎሃɎϤΥϒҮῨῩῪΎὙὝὟΫΎӮӰҰұ🇾",
  z: "ꮓƶȥɀᴢጊʐⱬᶎʑᙆꓜ☡Ꮓ🆉🅩Ƶ乙Ȥ⒵ΖⱫ🇿",
};

// The table files the round letters under the digit zero and reads iota as
// "l"; in words they are o and i.
const CORRECTIONS: Record<string, string> = { o: '\u043e\u041e\u03bf\u039f\u0585\u05e1', i: '\u03b9\u0399\u04cf' };

/** Code point -> the ASCII letter it imitates. */
export const HOMOGLYPHS: ReadonlyMap<number, string> = (() => {
  const map = new Map<number, string>();
  for (const [letter, chars] of Object.entries(LOOK_ALIKES)) {
    for (const ch of chars) map.set(ch.codePointAt(0)!, letter);
  }
  for (const [letter, chars] of Object.entries(CORRECTIONS)) {
    for (const ch of chars) map.set(ch.codePointAt(0)!, letter);
  }
  return map;
})();
