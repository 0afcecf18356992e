// Per language: swearing as written, the same words written to dodge a filter
// (leetspeak, spacing, masking, accents left out or piled on), and innocent
// sentences with words that contain a listed one or that an English entry
// would catch. Sentences written for these tests.
export interface LanguageCases {
  plain: string[];
  evasive: string[];
  innocent: string[];
}

export const CASES: Record<string, LanguageCases> = {
  de: {
    plain: ['Scheiße, ihr Arschlöcher', 'Der Bürgermeister ist ein verdammter Wichser und Hurensohn.', 'Diese Schlampe im Stadtrat lügt doch nur.'],
    evasive: ['Sch3iße, ihr A r s c h l ö c h e r', 'Der Bürgermeister ist ein W1chser, echt.', 'Was für eine Sch*iße im Stadtrat heute.', 'Scheisse, ihr Arschloecher'],
    innocent: ['Der Fagott-Spieler des Orchesters bekam viel Applaus.', 'Der Arzt sprach über Spastik bei Kindern und ihre Therapie.', 'Der Hund wedelt mit dem Schwanz, wenn der Briefträger kommt.', 'Bitte schickt mir den Bericht, danke schön.'],
  },
  fr: {
    plain: ['connards, putain de merde', 'Ce maire est un vrai enculé, tout le monde le sait.', 'Ferme ta gueule, pauvre con.'],
    evasive: ['c0nnards, put@in de m e r d e', 'Ce maire est un vrai encule, tout le monde le sait.', 'Quelle bande de conn*rds au conseil municipal.'],
    innocent: ['Le cul-de-sac derrière la mairie est fermé depuis lundi.', 'Nous avons visité Bitche, une jolie ville de Moselle.', 'La pédale du vélo est cassée, il faut la réparer.', 'Le conseil municipal a voté le budget de la commune hier soir.'],
  },
  es: {
    plain: ['Hijo de puta, vete a la mierda', 'El alcalde es un gilipollas y un cabrón.', 'Qué coño hace el ayuntamiento con nuestro dinero.'],
    evasive: ['H1jo de p u t a, vete a la m1erda', 'El alcalde es un gilip0llas y un cabron.', 'Qué c*ño hace el ayuntamiento con nuestro dinero.'],
    innocent: ['El fagot suena precioso en la orquesta de la ciudad.', 'El negro es mi color favorito para los abrigos.', 'El concejo aprobó el presupuesto con el apoyo de todos.', 'Calcular el vehículo de la película fue difícil.'],
  },
  pt: {
    plain: ['Vai tomar no cu, seu filho da puta', 'Esse prefeito é um caralho de mentiroso, porra.', 'Foda-se a câmara e as suas obras.'],
    evasive: ['Vai tomar no cú, seu f1lho da put4', 'Esse prefeito é um c4ralho de mentiroso, p0rra.', 'F*da-se a câmara e as suas obras.'],
    innocent: ['Vi um veado na floresta perto da aldeia ontem.', 'Em Portugal a bicha para o autocarro era enorme hoje.', 'A computação em nuvem está a mudar as empresas.', 'O prefeito disse que a estrada vai ser arranjada em breve.'],
  },
  it: {
    plain: ['Vaffanculo, stronzo', 'Il sindaco è un coglione e un pezzo di merda.', 'Che cazzo fa il comune con i nostri soldi.'],
    evasive: ['Vaffanc*lo, str0nzo', 'Il sindaco è un c o g l i o n e.', 'Che c@zzo fa il comune con i nostri soldi.'],
    innocent: ['Il cavallo di Troia è una storia antica e famosa.', 'Il muratore ha lasciato la cazzuola sul muro del cantiere.', 'Ho mangiato una pasta con il finocchio e le fave.', 'La sega elettrica del falegname è molto rumorosa.'],
  },
  nl: {
    plain: ['Wat een klootzak is die burgemeester, godverdomme.', 'Rot op, kankerlijer.', 'Die wethouder is een vuile hoer en een teringlijer.'],
    evasive: ['Wat een kl00tzak is die burgemeester, g0dverdomme.', 'Rot op, k a n k e r l i j e r.', 'Die wethouder is een vuile h*er.'],
    innocent: ['Je kunt het rapport op de website van de gemeente vinden.', 'Mijn nicht woont in Amsterdam en werkt bij een bank.', 'De eikel viel van de boom in de tuin van de buren.', 'Hoe gaat het met de plannen van de gemeente voor het park?'],
  },
  pl: {
    plain: ['Kurwa mać, co za chuj z tego burmistrza', 'Ta rada miasta to banda pojebanych skurwysynów.', 'Pierdolę to wszystko, idę do domu.'],
    evasive: ['Kurw@ mać, co za ch*j z tego burmistrza', 'Ta rada miasta to banda p0jebanych sk u r w y s y n ó w.', 'Pierdole to wszystko, ide do domu.'],
    innocent: ['Pedały rowerowe są zepsute, muszę je wymienić.', 'Gra na fagot w orkiestrze była wspaniała wczoraj wieczorem.', 'Wysłałem dwa paki książek do biblioteki miejskiej.', 'Kupiłem jajko i chleb w sklepie na rogu ulicy.'],
  },
};
