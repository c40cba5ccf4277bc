--- sahel.report.labels: the words of report.html in each interface language: one table
-- per language (en, fr, ar) with the same keys; values holding %d or %s are
-- string.format templates whose directives come in the same order in every language
-- (tests/e2e/test_report.lua checks both). `dir` is the page's writing direction.
local M = {}

M.en = {
  dir = "ltr", thousands = ",",
  title = "Sahel news: entities and co-occurrences",
  section_corpus = "Corpus",
  articles = "Articles", sources = "Sources", date_from = "First date", date_to = "Last date",
  undated = "Articles without a date", paragraphs = "Paragraphs", sentences = "Sentences",
  tokens = "Tokens", mentions = "Entity mentions", entities = "Entities mentioned",
  pairs = "Co-occurring pairs", context = "Context", by = "Periods", corpus = "Corpus",
  gazetteer = "Gazetteer", names = "Entity names", names_ar = "first Arabic alias",
  demonyms_counted = "Demonyms (المالي, russe...) were counted: they make %s of the %s " ..
    "mentions.",
  demonyms_not_counted = "Demonyms (المالي, russe...) were not counted: counting them " ..
    "(--demonyms) would add %s mentions to the %s.",
  demonyms_counted_plain = "Demonyms (المالي, russe...) were counted.",
  demonyms_not_counted_plain = "Demonyms (المالي, russe...) were not counted.",
  section_entities = "Top entities by type",
  entities_intro = "Mentions of the %d most mentioned entities of each type.",
  section_heatmap = "Association between the top entities (NPMI)",
  heatmap_intro = "Normalized PMI of each pair of the most mentioned entities: red = " ..
    "together more often than chance, blue = less often, grey = never together.",
  order_clusters = "Rows and columns are ordered by hierarchical clustering (average " ..
    "linkage on 1 - NPMI; a pair never seen together counts as NPMI -1): entities that " ..
    "appear together sit side by side.",
  order_communities = "Rows and columns are grouped by network community (Louvain, on the " ..
    "counts of the network's pairs; the largest community first), then ordered within each " ..
    "by hierarchical clustering on 1 - NPMI.",
  legend_more = "together more often than chance", legend_less = "less often than chance",
  legend_never = "never together",
  cell_title = "%s / %s: NPMI %s", no_cooc = "never together",
  section_network = "Network of the strongest pairs",
  network_intro = "The %d pairs seen together most often; node size: mentions, edge width: " ..
    "co-occurrences. Layout computed by the toolkit (seed %d).",
  section_pairs = "Strongest pairs", col_entity = "Entity", col_together = "Together",
  section_timeline = "Mentions per %s",
  period_month = "month", period_week = "week", period_day = "day", period_year = "year",
  period_period = "period",
  context_sentence = "sentence", context_paragraph = "paragraph", context_article = "article",
  context_window = "window of %d words",
  timeline_intro = "Mentions of the most mentioned entities in each period.",
  undated_note = "%s mentions in articles without a date are not shown.",
  partial_note = "Hatched periods are partial: the corpus covers only %s. Their counts " ..
    "are lower than a full period's; the rates per 100 articles compare them fairly.",
  partial_item = "%s (%d of %d days)", partial_mark = "partial", list_sep = ", ",
  view_counts = "Mentions", view_rates = "Mentions per 100 articles of the period",
  count_title = "%s, %s: %s mentions", rate_title = "%s, %s: %s per 100 articles (%s " ..
    "mentions in %s articles)",
  section_kwic = "Keywords in context",
  kwic_intro = "Up to %d mentions of each of the most mentioned entities, with the words " ..
    "around them, the date and the source.",
  kwic_sampled = "Up to %d mentions of each of the most mentioned entities, with the words " ..
    "around them, the date and the source: a sample spread across sources and articles (one " ..
    "line per article, drawn with seed %d: the same corpus gives the same lines).",
  no_kwic = "No context lines.",
  section_terms = "Top terms per %s",
  terms_intro = "The %d most frequent terms of each period (words in match form; the " ..
    "bundled Arabic, English and French stopwords left out), with their count per 10,000 " ..
    "words of the period. terms.csv holds more.",
  col_term = "Term", col_count = "Count", col_per_10k = "Per 10,000 words",
  section_keyness = "Key terms of the top entities",
  keyness_intro = "For each of the most mentioned entities, the %d terms most " ..
    "over-represented in the articles mentioning it against the other articles " ..
    "(log-likelihood G2; log ratio: log2 of the ratio of relative frequencies). " ..
    "keyness.csv holds more.",
  col_with = "In its articles", col_without = "Elsewhere", col_log_ratio = "Log ratio",
  no_key_terms = "No key terms (too few words, or every article mentions it).",
  section_communities = "Network communities",
  communities_intro = "The network has %d communities (Louvain, as the heatmap groups " ..
    "them); the %d largest are shown, members by centrality (strength: weighted degree), " ..
    "the three most central in bold. network_nodes.csv lists every node.",
  community_title = "Community %d: %d entities, %s mentions",
  community_more = "and %d more", member_title = "%s: strength %s, degree %s, " ..
    "betweenness %s",
  section_candidates = "Names the gazetteer does not know",
  candidates_intro = "The %d best candidates found by discover (names seen with title, " ..
    "group and place cues that the gazetteer lacks): check them before adding them.",
  col_alias = "Name", col_type = "Type", col_articles = "Articles", col_score = "Score",
  col_example = "Example", col_evidence = "Evidence", no_candidates = "No candidates.",
}

M.fr = {
  dir = "ltr", thousands = "\u{202F}",
  title = "Presse du Sahel : entités et cooccurrences",
  section_corpus = "Corpus",
  articles = "Articles", sources = "Sources", date_from = "Première date",
  date_to = "Dernière date", undated = "Articles sans date", paragraphs = "Paragraphes",
  sentences = "Phrases", tokens = "Mots (jetons)", mentions = "Mentions d'entités",
  entities = "Entités mentionnées", pairs = "Paires en cooccurrence", context = "Contexte",
  by = "Périodes", corpus = "Corpus", gazetteer = "Répertoire d'entités",
  names = "Noms des entités", names_ar = "premier alias arabe",
  demonyms_counted = "Les gentilés (المالي, russe...) ont été comptés : ils font %s des %s " ..
    "mentions.",
  demonyms_not_counted = "Les gentilés (المالي, russe...) n'ont pas été comptés : les " ..
    "compter (--demonyms) ajouterait %s mentions aux %s.",
  demonyms_counted_plain = "Les gentilés (المالي, russe...) ont été comptés.",
  demonyms_not_counted_plain = "Les gentilés (المالي, russe...) n'ont pas été comptés.",
  section_entities = "Entités les plus mentionnées, par type",
  entities_intro = "Mentions des %d entités les plus mentionnées de chaque type.",
  section_heatmap = "Association entre les principales entités (NPMI)",
  heatmap_intro = "PMI normalisée de chaque paire des entités les plus mentionnées : rouge " ..
    "= ensemble plus souvent que le hasard, bleu = moins souvent, gris = jamais ensemble.",
  order_clusters = "Lignes et colonnes suivent une classification hiérarchique (lien " ..
    "moyen sur 1 - NPMI ; une paire jamais vue ensemble compte pour NPMI -1) : les entités " ..
    "qui apparaissent ensemble sont voisines.",
  order_communities = "Lignes et colonnes sont groupées par communauté du réseau (Louvain, " ..
    "sur les comptes des paires du réseau ; la plus grande d'abord), puis ordonnées dans " ..
    "chacune par classification hiérarchique sur 1 - NPMI.",
  legend_more = "ensemble plus souvent que le hasard", legend_less = "moins souvent que le hasard",
  legend_never = "jamais ensemble",
  cell_title = "%s / %s : NPMI %s", no_cooc = "jamais ensemble",
  section_network = "Réseau des paires les plus fortes",
  network_intro = "Les %d paires le plus souvent ensemble ; taille des nœuds : mentions, " ..
    "épaisseur des liens : cooccurrences. Disposition calculée par l'outil (graine %d).",
  section_pairs = "Paires les plus fortes", col_entity = "Entité", col_together = "Ensemble",
  section_timeline = "Mentions par %s",
  period_month = "mois", period_week = "semaine", period_day = "jour", period_year = "année",
  period_period = "période",
  context_sentence = "phrase", context_paragraph = "paragraphe", context_article = "article",
  context_window = "fenêtre de %d mots",
  timeline_intro = "Mentions des entités les plus mentionnées dans chaque période.",
  undated_note = "%s mentions dans des articles sans date ne sont pas représentées.",
  partial_note = "Les périodes hachurées sont partielles : le corpus ne couvre que %s. " ..
    "Leurs nombres sont plus bas que ceux d'une période entière ; les taux pour 100 " ..
    "articles permettent de les comparer.",
  partial_item = "%s (%d jours sur %d)", partial_mark = "partielle", list_sep = ", ",
  view_counts = "Mentions", view_rates = "Mentions pour 100 articles de la période",
  count_title = "%s, %s : %s mentions", rate_title = "%s, %s : %s pour 100 articles (%s " ..
    "mentions dans %s articles)",
  section_kwic = "Mots-clés en contexte",
  kwic_intro = "Jusqu'à %d mentions de chacune des entités les plus mentionnées, avec les " ..
    "mots qui les entourent, la date et la source.",
  kwic_sampled = "Jusqu'à %d mentions de chacune des entités les plus mentionnées, avec les " ..
    "mots qui les entourent, la date et la source : un échantillon réparti entre sources et " ..
    "articles (une ligne par article, tirée avec la graine %d : le même corpus donne les " ..
    "mêmes lignes).",
  no_kwic = "Aucune ligne de contexte.",
  section_terms = "Termes les plus fréquents par %s",
  terms_intro = "Les %d termes les plus fréquents de chaque période (mots sous leur forme " ..
    "de comparaison ; mots vides arabes, anglais et français fournis exclus), avec leur " ..
    "nombre pour 10 000 mots de la période. terms.csv en contient davantage.",
  col_term = "Terme", col_count = "Nombre", col_per_10k = "Pour 10 000 mots",
  section_keyness = "Termes caractéristiques des principales entités",
  keyness_intro = "Pour chacune des entités les plus mentionnées, les %d termes les plus " ..
    "surreprésentés dans les articles qui la mentionnent par rapport aux autres articles " ..
    "(log-vraisemblance G2 ; log ratio : log2 du rapport des fréquences relatives). " ..
    "keyness.csv en contient davantage.",
  col_with = "Dans ses articles", col_without = "Ailleurs", col_log_ratio = "Log ratio",
  no_key_terms = "Aucun terme caractéristique (trop peu de mots, ou tous les articles la " ..
    "mentionnent).",
  section_communities = "Communautés du réseau",
  communities_intro = "Le réseau compte %d communautés (Louvain, comme les groupes de la " ..
    "carte de chaleur) ; les %d plus grandes sont montrées, membres par centralité (force : " ..
    "degré pondéré), les trois plus centraux en gras. network_nodes.csv liste chaque nœud.",
  community_title = "Communauté %d : %d entités, %s mentions",
  community_more = "et %d autres", member_title = "%s : force %s, degré %s, " ..
    "intermédiarité %s",
  section_candidates = "Noms absents du répertoire d'entités",
  candidates_intro = "Les %d meilleurs candidats trouvés par discover (noms vus avec des " ..
    "indices de titre, de groupe ou de lieu, absents du répertoire) : à vérifier avant de " ..
    "les ajouter.",
  col_alias = "Nom", col_type = "Type", col_articles = "Articles", col_score = "Score",
  col_example = "Exemple", col_evidence = "Indices", no_candidates = "Aucun candidat.",
}

M.ar = {
  dir = "rtl", thousands = ",",
  title = "أخبار الساحل: الكيانات وتواردها",
  section_corpus = "المدوّنة",
  articles = "المقالات", sources = "المصادر", date_from = "أول تاريخ", date_to = "آخر تاريخ",
  undated = "مقالات بلا تاريخ", paragraphs = "الفقرات", sentences = "الجمل",
  tokens = "الكلمات", mentions = "ذكر الكيانات", entities = "الكيانات المذكورة",
  pairs = "الأزواج المتواردة", context = "السياق", by = "الفترات", corpus = "المدوّنة",
  gazetteer = "معجم الكيانات", names = "أسماء الكيانات", names_ar = "أول اسم عربي في المعجم",
  demonyms_counted = "احتُسبت أسماء النسبة (المالي، russe...): هي %s من أصل %s ذكرًا.",
  demonyms_not_counted = "لم تُحتسب أسماء النسبة (المالي، russe...): احتسابها " ..
    "(\u{2066}--demonyms\u{2069}) يضيف %s ذكرًا إلى %s.",
  demonyms_counted_plain = "احتُسبت أسماء النسبة (المالي، russe...).",
  demonyms_not_counted_plain = "لم تُحتسب أسماء النسبة (المالي، russe...).",
  section_entities = "أكثر الكيانات ذكرًا حسب النوع",
  entities_intro = "عدد مرات ذكر أكثر %d كيانات ذكرًا من كل نوع.",
  section_heatmap = "الارتباط بين أبرز الكيانات (NPMI)",
  heatmap_intro = "قيمة PMI المعيارية لكل زوج من أكثر الكيانات ذكرًا: الأحمر = معًا أكثر " ..
    "مما تتوقعه الصدفة، الأزرق = أقل، الرمادي = لم يجتمعا قط.",
  order_clusters = "رُتّبت الصفوف والأعمدة بالتجميع الهرمي (متوسط الارتباط على " ..
    "\u{2066}1 - NPMI\u{2069}؛ الزوج الذي لم يجتمع قط يُحسب \u{2066}NPMI -1\u{2069}): " ..
    "الكيانات التي تظهر معًا متجاورة.",
  order_communities = "جُمّعت الصفوف والأعمدة حسب مجتمعات الشبكة (لوفان، على تكرارات " ..
    "أزواج الشبكة؛ الأكبر أولًا)، ثم رُتّبت داخل كل مجتمع بالتجميع الهرمي على " ..
    "\u{2066}1 - NPMI\u{2069}.",
  legend_more = "معًا أكثر مما تتوقعه الصدفة", legend_less = "أقل مما تتوقعه الصدفة",
  legend_never = "لم يجتمعا قط",
  cell_title = "%s / %s: NPMI %s", no_cooc = "لم يجتمعا قط",
  section_network = "شبكة أقوى الأزواج",
  network_intro = "أكثر %d أزواج اجتماعًا؛ حجم العقدة: عدد الذكر، عرض الرابط: مرات " ..
    "التوارد. التخطيط من حساب الأداة (البذرة %d).",
  section_pairs = "أقوى الأزواج", col_entity = "الكيان", col_together = "معًا",
  section_timeline = "الذكر حسب %s",
  period_month = "الشهر", period_week = "الأسبوع", period_day = "اليوم", period_year = "السنة",
  period_period = "الفترة",
  context_sentence = "الجملة", context_paragraph = "الفقرة", context_article = "المقال",
  context_window = "نافذة من %d كلمات",
  timeline_intro = "عدد مرات ذكر أكثر الكيانات ذكرًا في كل فترة.",
  undated_note = "لا تظهر هنا %s مرة ذُكرت في مقالات بلا تاريخ.",
  partial_note = "الفترات المظلّلة بخطوط جزئية: لا تغطي المدوّنة منها إلا %s. أعدادها " ..
    "أقل من أعداد فترة كاملة؛ والنسب لكل 100 مقال تتيح المقارنة العادلة.",
  partial_item = "\u{2066}%s\u{2069} (%d من %d أيام)", partial_mark = "جزئية", list_sep = "، ",
  view_counts = "عدد مرات الذكر", view_rates = "الذكر لكل 100 مقال من الفترة",
  count_title = "%s، %s: %s مرة", rate_title = "%s، %s: %s لكل 100 مقال (%s مرة في %s مقال)",
  section_kwic = "الكلمات في سياقها",
  kwic_intro = "حتى %d مواضع ذكر لكل من أكثر الكيانات ذكرًا، مع الكلمات المحيطة بها " ..
    "والتاريخ والمصدر.",
  kwic_sampled = "حتى %d مواضع ذكر لكل من أكثر الكيانات ذكرًا، مع الكلمات المحيطة بها " ..
    "والتاريخ والمصدر: عيّنة موزعة على المصادر والمقالات (سطر واحد لكل مقال، مسحوبة " ..
    "بالبذرة %d: المدوّنة نفسها تعطي الأسطر نفسها).",
  no_kwic = "لا توجد أسطر سياق.",
  section_terms = "أكثر الكلمات تكرارًا حسب %s",
  terms_intro = "أكثر %d كلمات تكرارًا في كل فترة (بصيغة المطابقة، بعد حذف كلمات الوقف " ..
    "العربية والإنجليزية والفرنسية المرفقة)، مع عددها لكل 10,000 كلمة من الفترة. في " ..
    "\u{2066}terms.csv\u{2069} المزيد.",
  col_term = "الكلمة", col_count = "العدد", col_per_10k = "لكل 10,000 كلمة",
  section_keyness = "الكلمات المميِّزة لأبرز الكيانات",
  keyness_intro = "لكل من أكثر الكيانات ذكرًا، أكثر %d كلمات ارتفاعًا في المقالات التي " ..
    "تذكره مقارنة ببقية المقالات (نسبة الأرجحية \u{2066}G2\u{2069}؛ لوغاريتم النسبة: " ..
    "\u{2066}log2\u{2069} لنسبة التكرارين النسبيين). في \u{2066}keyness.csv\u{2069} المزيد.",
  col_with = "في مقالاته", col_without = "في غيرها", col_log_ratio = "لوغاريتم النسبة",
  no_key_terms = "لا كلمات مميِّزة (الكلمات قليلة، أو كل المقالات تذكره).",
  section_communities = "مجتمعات الشبكة",
  communities_intro = "في الشبكة %d مجتمعات (لوفان، كما تجمعها الخريطة الحرارية)؛ تظهر " ..
    "هنا أكبر %d منها، والأعضاء حسب المركزية (القوة: الدرجة الموزونة)، والثلاثة الأكثر " ..
    "مركزية بخط عريض. في \u{2066}network_nodes.csv\u{2069} كل العقد.",
  community_title = "المجتمع %d: %d كيانات، %s ذكرًا",
  community_more = "و%d غيرها", member_title = "%s: القوة %s، الدرجة %s، البينية %s",
  section_candidates = "أسماء لا يعرفها معجم الكيانات",
  candidates_intro = "أفضل %d مرشحين وجدتها أداة الاكتشاف (أسماء ظهرت مع ألقاب أو " ..
    "أسماء جماعات أو أماكن وليست في المعجم): تحقق منها قبل إضافتها.",
  col_alias = "الاسم", col_type = "النوع", col_articles = "المقالات", col_score = "الدرجة",
  col_example = "مثال", col_evidence = "القرائن", no_candidates = "لا مرشحين.",
}

--- LANGUAGES: the interface languages, in the order --help lists them.
M.LANGUAGES = { "en", "fr", "ar" }

--- get(lang): the labels of language lang (default "en"), or nil and a message naming the
-- languages there are.
function M.get(lang)
  lang = lang or "en"
  local t = M[lang]
  if type(t) ~= "table" or lang == "LANGUAGES" then
    return nil, string.format("unknown interface language '%s' (%s)", tostring(lang),
      table.concat(M.LANGUAGES, ", "))
  end
  return t
end

return M
