/* archigos_check — checks the leader tenures of annals' own dictionaries
 * against Archigos 4.1 (Goemans, Gleditsch & Chiozza 2009).
 *
 * The dictionary is written from the project's own knowledge; Archigos is only
 * used here, to check it.  For every Archigos spell whose leader the
 * dictionary knows (looked up by the leader's name with
 * annals_dict_lookup_actor), the code on days inside the spell (start+7,
 * mid-point, end-7; the mid-point only for spells shorter than 15 days) must
 * be the spell's country + GOV.  Spells after 1945 of the states listed as
 * covered whose leader the dictionary does not know are failures too; those
 * of other states are reported as uncovered.
 *
 * Usage: archigos_check [--dict PATH] [--archigos FILE] [--verbose]
 *                       [--list-missing]
 * Prints "leaders: N passed, M failed" and exits 0 when M is 0, 1 when not,
 * 2 on a usage or input error. */
#include <annals.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- dates */

static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* "YYYY-MM-DD" -> day number; returns 0 on success. */
static int parse_date(const char *s, long *out)
{
    int y, m, d;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    *out = days_from_civil(y, m, d);
    return 0;
}

static void format_date(long z, char *buf, size_t n)
{
    int y, m, d;
    civil_from_days(z, &y, &m, &d);
    snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
}

static long ymd(long v) /* 19491208 -> day number */
{
    return days_from_civil((int)(v / 10000), (int)(v / 100 % 100), (int)(v % 100));
}

/* ------------------------------------------- COW country -> ISO 3166 code */

/* Correlates of War state numbers (Archigos' ccode) to the ISO 3166-1 alpha-3
 * or ISO 3166-3 code the dictionaries use.  A row applies from `from`
 * (YYYYMMDD, 0 = always) on; the last row that applies wins. */
typedef struct cow_map {
    int cow;
    long from;
    const char *iso;
} cow_map;

static const cow_map COW[] = {
    {2, 0, "USA"},   {20, 0, "CAN"},  {31, 0, "BHS"},  {40, 0, "CUB"},  {41, 0, "HTI"},
    {42, 0, "DOM"},  {51, 0, "JAM"},  {52, 0, "TTO"},  {53, 0, "BRB"},  {70, 0, "MEX"},
    {80, 0, "BLZ"},  {90, 0, "GTM"},  {91, 0, "HND"},  {92, 0, "SLV"},  {93, 0, "NIC"},
    {94, 0, "CRI"},  {95, 0, "PAN"},  {100, 0, "COL"}, {101, 0, "VEN"}, {110, 0, "GUY"},
    {115, 0, "SUR"}, {130, 0, "ECU"}, {135, 0, "PER"}, {140, 0, "BRA"}, {145, 0, "BOL"},
    {150, 0, "PRY"}, {155, 0, "CHL"}, {160, 0, "ARG"}, {165, 0, "URY"}, {200, 0, "GBR"},
    {205, 0, "IRL"}, {210, 0, "NLD"}, {211, 0, "BEL"}, {212, 0, "LUX"}, {220, 0, "FRA"},
    {225, 0, "CHE"}, {230, 0, "ESP"}, {235, 0, "PRT"}, {245, 0, "DEU"}, {255, 0, "DEU"},
    {260, 0, "DEU"}, {265, 0, "DDR"}, {290, 0, "POL"}, {300, 0, "AUT"}, {305, 0, "AUT"},
    {310, 0, "HUN"}, {315, 0, "CSK"}, {316, 0, "CZE"}, {317, 0, "SVK"}, {325, 0, "ITA"},
    {338, 0, "MLT"}, {339, 0, "ALB"}, {340, 0, "SRB"}, {341, 0, "MNE"}, {343, 0, "MKD"},
    {344, 0, "HRV"}, {345, 0, "YUG"}, {345, 20030204, "SCG"}, {346, 0, "BIH"},
    {347, 0, "XKX"}, {349, 0, "SVN"}, {350, 0, "GRC"}, {352, 0, "CYP"}, {355, 0, "BGR"},
    {359, 0, "MDA"}, {360, 0, "ROU"}, {365, 0, "RUS"}, {365, 19221230, "SUN"},
    {365, 19911226, "RUS"}, {366, 0, "EST"}, {367, 0, "LVA"}, {368, 0, "LTU"},
    {369, 0, "UKR"}, {370, 0, "BLR"}, {371, 0, "ARM"}, {372, 0, "GEO"}, {373, 0, "AZE"},
    {375, 0, "FIN"}, {380, 0, "SWE"}, {385, 0, "NOR"}, {390, 0, "DNK"}, {395, 0, "ISL"},
    {402, 0, "CPV"}, {404, 0, "GNB"}, {411, 0, "GNQ"}, {420, 0, "GMB"}, {432, 0, "MLI"},
    {433, 0, "SEN"}, {434, 0, "BEN"}, {435, 0, "MRT"}, {436, 0, "NER"}, {437, 0, "CIV"},
    {438, 0, "GIN"}, {439, 0, "BFA"}, {450, 0, "LBR"}, {451, 0, "SLE"}, {452, 0, "GHA"},
    {461, 0, "TGO"}, {471, 0, "CMR"}, {475, 0, "NGA"}, {481, 0, "GAB"}, {482, 0, "CAF"},
    {483, 0, "TCD"}, {484, 0, "COG"}, {490, 0, "COD"}, {500, 0, "UGA"}, {501, 0, "KEN"},
    {510, 0, "TZA"}, {511, 0, "TZA"}, {516, 0, "BDI"}, {517, 0, "RWA"}, {520, 0, "SOM"},
    {522, 0, "DJI"}, {530, 0, "ETH"}, {531, 0, "ERI"}, {540, 0, "AGO"}, {541, 0, "MOZ"},
    {551, 0, "ZMB"}, {552, 0, "ZWE"}, {553, 0, "MWI"}, {560, 0, "ZAF"}, {563, 0, "ZAF"},
    {564, 0, "ZAF"}, {565, 0, "NAM"}, {570, 0, "LSO"}, {571, 0, "BWA"}, {572, 0, "SWZ"},
    {580, 0, "MDG"}, {581, 0, "COM"}, {590, 0, "MUS"}, {600, 0, "MAR"}, {615, 0, "DZA"},
    {616, 0, "TUN"}, {620, 0, "LBY"}, {625, 0, "SDN"}, {626, 0, "SSD"}, {630, 0, "IRN"},
    {640, 0, "TUR"}, {645, 0, "IRQ"}, {651, 0, "EGY"}, {652, 0, "SYR"}, {660, 0, "LBN"},
    {663, 0, "JOR"}, {666, 0, "ISR"}, {670, 0, "SAU"}, {678, 0, "YEM"}, {680, 0, "YMD"},
    {690, 0, "KWT"}, {692, 0, "BHR"}, {694, 0, "QAT"}, {696, 0, "ARE"}, {698, 0, "OMN"},
    {700, 0, "AFG"}, {701, 0, "TKM"}, {702, 0, "TJK"}, {703, 0, "KGZ"}, {704, 0, "UZB"},
    {705, 0, "KAZ"}, {710, 0, "CHN"}, {711, 0, "TBT"}, {712, 0, "MNG"}, {713, 0, "CHN"},
    {713, 19491208, "TWN"}, {730, 0, "KOR"}, {731, 0, "PRK"}, {732, 0, "KOR"},
    {740, 0, "JPN"}, {750, 0, "IND"}, {760, 0, "BTN"}, {770, 0, "PAK"}, {771, 0, "BGD"},
    {775, 0, "MMR"}, {780, 0, "LKA"}, {781, 0, "MDV"}, {790, 0, "NPL"}, {800, 0, "THA"},
    {811, 0, "KHM"}, {812, 0, "LAO"}, {815, 0, "VNM"}, {816, 0, "VNM"},
    {817, 0, "VNM"}, {820, 0, "MYS"}, {830, 0, "SGP"},
    {835, 0, "BRN"}, {840, 0, "PHL"}, {850, 0, "IDN"}, {860, 0, "TLS"}, {900, 0, "AUS"},
    {910, 0, "PNG"}, {920, 0, "NZL"}, {940, 0, "SLB"}, {950, 0, "FJI"},
};

static const char *cow_iso(int cow, long day)
{
    const char *iso = NULL;
    for (size_t i = 0; i < sizeof COW / sizeof COW[0]; i++)
        if (COW[i].cow == cow && (COW[i].from == 0 || day >= ymd(COW[i].from)))
            iso = COW[i].iso;
    return iso;
}

/* States whose post-1945 leaders the dictionaries claim to cover completely
 * (COW numbers): the permanent members of the Security Council and the
 * states completed so far.  A missing leader of one of these is a failure;
 * add a state here once all its Archigos spells after 1945 are covered. */
static const int COVERED[] = {
    2, 20, 52, 80, 200, 210, 212, 220, 235, 255, 260, 305, 315, 316, 317, 325, 338, 340, 365,
    369, 375, 380, 390, 420, 433, 437, 452, 471, 475, 483, 490, 501, 510, 517, 522, 540, 541,
    552, 553, 565, 571, 600, 626, 651, 666, 698, 703, 704, 705, 710, 713, 731, 750, 811, 816,
    830, 835, 840, 920,
};

static int is_covered_state(int cow)
{
    for (size_t i = 0; i < sizeof COVERED / sizeof COVERED[0]; i++)
        if (COVERED[i] == cow)
            return 1;
    return 0;
}

/* -------------------------------------------------------------- aliases */

/* Archigos leader fields that are a spelling the dictionaries do not use (a
 * misspelling, or a bare surname left out on purpose because it is ambiguous
 * in political text): the name to look up instead, by country acronym and
 * leader field. */
typedef struct alias {
    const char *idacr;
    const char *leader;
    const char *name;
} alias;

static const alias ALIASES[] = {
    {"UKG", "Chamberlin", "Neville Chamberlain"},
    {"UKG", "Atlee", "Clement Attlee"},
    {"UKG", "Wilson", "Harold Wilson"},
    {"UKG", "Major", "John Major"},
    {"UKG", "Brown", "Gordon Brown"},
    {"FRN", "Mitterand", "Francois Mitterrand"},
    {"FRN", "Pflimin", "Pierre Pflimlin"},
    {"FRN", "Faure", "Edgar Faure"},
    {"FRN", "Marie", "Andre Marie"},
    {"FRN", "Mayer", "Rene Mayer"},
    {"USA", "Johnson", "Lyndon Johnson"},
    {"USA", "Ford", "Gerald Ford"},
    {"USA", "Carter", "Jimmy Carter"},
    {"USA", "G.H.W. Bush", "George H. W. Bush"},
    {"USA", "G.W. Bush", "George W. Bush"},
    {"USA", "Clinton", "Bill Clinton"},
    {"CHN", "Mao Tse-Tung", "Mao Zedong"},
    /* Archigos gives most leaders a bare surname or a partial name ("Ahern",
     * "Castello Branco", "Hatoyama Yukio"); these map them to the names the
     * dictionaries use.  A bare surname is not added to the dictionaries when
     * it would be ambiguous in news text. */
    {"CAN", "King", "William Lyon Mackenzie King"},
    {"BHM", "Pindling", "Lynden Pindling"},
    {"BHM", "Christie", "Perry Christie"},
    {"BHM", "Ingraham", "Hubert Ingraham"},
    {"HAI", "Avril", "Prosper Avril"},
    {"HAI", "Cedras", "Raoul Cedras"},
    {"HAI", "Preval", "Rene Preval"},
    {"HAI", "Martelly", "Michel Martelly"},
    {"DOM", "Guzman Fernandez", "Antonio Guzman"},
    {"DOM", "Medina", "Danilo Medina"},
    {"JAM", "Bustamante", "Alexander Bustamante"},
    {"JAM", "Seaga", "Edward Seaga"},
    {"JAM", "Patterson", "P. J. Patterson"},
    {"JAM", "Simpson-Miller", "Portia Simpson-Miller"},
    {"JAM", "Golding", "Bruce Golding"},
    {"JAM", "Holness", "Andrew Holness"},
    {"TRI", "Chambers", "George Chambers"},
    {"TRI", "Panday", "Basdeo Panday"},
    {"TRI", "Manning", "Patrick Manning"},
    {"BAR", "Adams", "Tom Adams"},
    {"BAR", "Sandiford", "Erskine Sandiford"},
    {"BAR", "Arthur", "Owen Arthur"},
    {"BAR", "Thompson", "David Thompson"},
    {"BAR", "Stuart", "Freundel Stuart"},
    {"MEX", "Echeverria Alvarez", "Luis Echeverria"},
    {"MEX", "Calderon", "Felipe Calderon"},
    {"BLZ", "Price", "George Price"},
    {"BLZ", "D.Barrow", "Dean Barrow"},
    {"GUA", "Arbenz Guzman", "Jacobo Arbenz"},
    {"GUA", "Castillo Armas", "Carlos Castillo Armas"},
    {"GUA", "Peralta Azurdia", "Enrique Peralta Azurdia"},
    {"GUA", "Mendez Montenegro", "Julio Cesar Mendez Montenegro"},
    {"GUA", "Arana Osorio", "Carlos Arana Osorio"},
    {"GUA", "Laugerud Garcia", "Kjell Laugerud"},
    {"GUA", "Lucas Garcia", "Romeo Lucas Garcia"},
    {"GUA", "Mejia Victores", "Oscar Mejia Victores"},
    {"GUA", "Perez Molina", "Otto Perez Molina"},
    {"HON", "Carias Andino", "Tiburcio Carias Andino"},
    {"HON", "Galvez", "Juan Manuel Galvez"},
    {"HON", "Villeda Morales", "Ramon Villeda Morales"},
    {"HON", "Paz Garcia", "Policarpo Paz Garcia"},
    {"HON", "Suazo Cordova", "Roberto Suazo Cordova"},
    {"HON", "Callejas", "Rafael Leonardo Callejas"},
    {"HON", "Zelaya", "Manuel Zelaya"},
    {"HON", "Micheletti", "Roberto Micheletti"},
    {"HON", "Lobo", "Porfirio Lobo"},
    {"HON", "Hernández", "Juan Orlando Hernandez"},
    {"SAL", "Osorio", "Oscar Osorio"},
    {"SAL", "Lemus", "Jose Maria Lemus"},
    {"SAL", "Rivera", "Julio Adalberto Rivera"},
    {"SAL", "Sanchez Hernandez", "Fidel Sanchez Hernandez"},
    {"SAL", "Molina", "Arturo Armando Molina"},
    {"SAL", "Duarte", "Jose Napoleon Duarte"},
    {"SAL", "Cristiani", "Alfredo Cristiani"},
    {"SAL", "Calderon Sol", "Armando Calderon Sol"},
    {"SAL", "Flores", "Francisco Flores"},
    {"SAL", "Funes", "Mauricio Funes"},
    {"SAL", "Sanchez Ceren", "Salvador Sanchez Ceren"},
    {"NIC", "Aleman", "Arnoldo Aleman"},
    {"COS", "Otilia Ulate", "Otilio Ulate"},
    {"COS", "Orlich", "Francisco Orlich"},
    {"COS", "Trejos", "Jose Joaquin Trejos"},
    {"COS", "Quiros, Daniel", "Daniel Oduber"},
    {"COS", "Arias", "Oscar Arias"},
    {"PAN", "Endara", "Guillermo Endara"},
    {"PAN", "Balladares", "Ernesto Perez Balladares"},
    {"PAN", "Martinelli", "Ricardo Martinelli"},
    {"COL", "Laureanco Gomez", "Laureano Gomez"},
    {"COL", "Turbay", "Julio Cesar Turbay"},
    {"COL", "Betancur", "Belisario Betancur"},
    {"VEN", "Caldera Rodriguez", "Rafael Caldera"},
    {"VEN", "Lusinchi", "Jaime Lusinchi"},
    {"VEN", "Velasquez", "Ramon Jose Velasquez"},
    {"GUY", "Ramotar", "Donald Ramotar"},
    {"SUR", "Venetiaan", "Ronald Venetiaan"},
    {"SUR", "Wijdenbosch", "Jules Wijdenbosch"},
    {"ECU", "Plaza Lasso", "Galo Plaza"},
    {"ECU", "Ponce Enriquez", "Camilo Ponce Enriquez"},
    {"ECU", "Rodriguez Lara", "Guillermo Rodriguez Lara"},
    {"PER", "Bustamante", "Jose Luis Bustamante y Rivero"},
    {"PER", "Odria", "Manuel Odria"},
    {"BRA", "Castello Branco", "Humberto Castelo Branco"},
    {"BRA", "Costa de Silva", "Artur da Costa e Silva"},
    {"BRA", "Medici", "Emilio Garrastazu Medici"},
    {"BRA", "Figueiredo", "Joao Figueiredo"},
    {"BOL", "Torres", "Juan Jose Torres"},
    {"BOL", "Juan Morales", "Evo Morales"},
    {"PAR", "Gonzalez Macchi", "Luis Gonzalez Macchi"},
    {"CHL", "Frei Ruiz-Tagle", "Eduardo Frei Ruiz-Tagle"},
    {"ARG", "Farrell", "Edelmiro Farrell"},
    {"ARG", "Lanusse", "Alejandro Lanusse"},
    {"ARG", "Levingston", "Roberto Levingston"},
    {"ARG", "Campora", "Hector Campora"},
    {"ARG", "Lastiri", "Raul Lastiri"},
    {"ARG", "Fernandez de Kirchner", "Cristina Fernandez de Kirchner"},
    {"URU", "Batlle Berres", "Luis Batlle Berres"},
    {"URU", "Gestido", "Oscar Gestido"},
    {"URU", "Sanguinetti", "Julio Maria Sanguinetti"},
    {"IRE", "LeMass", "Sean Lemass"},
    {"IRE", "Reynolds", "Albert Reynolds"},
    {"IRE", "Bruton", "John Bruton"},
    {"IRE", "Ahern", "Bertie Ahern"},
    {"IRE", "B. Cowen", "Brian Cowen"},
    {"IRE", "E. Kenny", "Enda Kenny"},
    {"NTH", "Schermerhorn", "Wim Schermerhorn"},
    {"NTH", "M. Rutte", "Mark Rutte"},
    {"BEL", "Pierlot", "Hubert Pierlot"},
    {"BEL", "van Acker", "Achille Van Acker"},
    {"BEL", "Pholien", "Joseph Pholien"},
    {"BEL", "van Houtte", "Jean Van Houtte"},
    {"BEL", "Lefevre", "Theo Lefevre"},
    {"BEL", "Harmel", "Pierre Harmel"},
    {"BEL", "Vanden Boeynants", "Paul Vanden Boeynants"},
    {"BEL", "Leburton", "Edmond Leburton"},
    {"BEL", "Leterme", "Yves Leterme"},
    {"BEL", "Di Rupo", "Elio Di Rupo"},
    {"SWZ", "Tschudi", "Hans-Peter Tschudi"},
    {"SWZ", "Furgler", "Kurt Furgler"},
    {"SWZ", "Aubert", "Pierre Aubert"},
    {"SWZ", "Stich", "Otto Stich"},
    {"SWZ", "Delamuraz", "Jean-Pascal Delamuraz"},
    {"SWZ", "Koller", "Arnold Koller"},
    {"SWZ", "Cotti", "Flavio Cotti"},
    {"SWZ", "Felber", "Rene Felber"},
    {"SWZ", "Ogi", "Adolf Ogi"},
    {"SWZ", "Villiger", "Kaspar Villiger"},
    {"SWZ", "Dreifuss", "Ruth Dreifuss"},
    {"SWZ", "Leuenberger", "Moritz Leuenberger"},
    {"SWZ", "Schmid", "Samuel Schmid"},
    {"SWZ", "Calmy-Rey", "Micheline Calmy-Rey"},
    {"SPN", "Arias Navarro", "Carlos Arias Navarro"},
    {"SPN", "Suarez Gonzalez", "Adolfo Suarez"},
    {"POR", "Eanes", "Antonio Ramalho Eanes"},
    {"POR", "Sampaio", "Jorge Sampaio"},
    {"POL", "Kaczynski", "Lech Kaczynski"},
    {"POL", "Komorowski", "Bronislaw Komorowski"},
    {"AUS", "Figl", "Leopold Figl"},
    {"AUS", "Raab", "Julius Raab"},
    {"AUS", "Sinowatz", "Fred Sinowatz"},
    {"AUS", "Gusenbauer", "Alfred Gusenbauer"},
    {"AUS", "Faymann", "Werner Faymann"},
    {"HUN", "Gero", "Erno Gero"},
    {"HUN", "Boross", "Peter Boross"},
    {"HUN", "Bajnai", "Gordon Bajnai"},
    {"CZE", "Hacha", "Emil Hacha"},
    {"CZE", "Strasky", "Jan Strasky"},
    {"CZR", "Tosovsky", "Josef Tosovsky"},
    {"CZR", "Zeman", "Milos Zeman"},
    {"CZR", "Spidla", "Vladimir Spidla"},
    {"CZR", "Paroubek", "Jiri Paroubek"},
    {"CZR", "Topolanek", "Mirek Topolanek"},
    {"CZR", "Fischer", "Jan Fischer"},
    {"CZR", "Necas", "Petr Necas"},
    {"CZR", "Rusnok", "Jiri Rusnok"},
    {"CZR", "Sobotka", "Bohuslav Sobotka"},
    {"SLO", "Moravcik", "Jozef Moravcik"},
    {"SLO", "Radicova", "Iveta Radicova"},
    {"ITA", "Monti", "Mario Monti"},
    {"ITA", "Letta", "Enrico Letta"},
    {"MLT", "Olivier", "George Borg Olivier"},
    {"MLT", "Bonnici", "Karmenu Mifsud Bonnici"},
    {"MLT", "Sant", "Alfred Sant"},
    {"MLT", "Gonzi", "Lawrence Gonzi"},
    {"MLT", "Muscat", "Joseph Muscat"},
    {"ALB", "Meta", "Ilir Meta"},
    {"ALB", "Rama", "Edi Rama"},
    {"SER", "Cvetkovic", "Mirko Cvetkovic"},
    {"SER", "Dacic", "Ivica Dacic"},
    {"MAC", "Crvenkovski", "Branko Crvenkovski"},
    {"MAC", "Georgievski", "Ljubco Georgievski"},
    {"MAC", "Gruevski", "Nikola Gruevski"},
    {"CRO", "Josipovic", "Ivo Josipovic"},
    {"YUG", "Kolisevski", "Lazar Kolisevski"},
    {"YUG", "Kraigher", "Sergej Kraigher"},
    {"YUG", "Stambolic", "Petar Stambolic"},
    {"YUG", "Djuranovic", "Veselin Djuranovic"},
    {"YUG", "Hasani", "Sinan Hasani"},
    {"YUG", "Mojsov", "Lazar Mojsov"},
    {"BOS", "Silajdzic", "Haris Silajdzic"},
    {"SLV", "Kucan", "Milan Kucan"},
    {"SLV", "Peterle", "Lojze Peterle"},
    {"SLV", "Bratusek", "Alenka Bratusek"},
    {"SLV", "Cerar", "Miro Cerar"},
    {"GRC", "G. Papandreou", "Georgios Papandreou"},
    {"GRC", "K. Tsaldaris", "Konstantinos Tsaldaris"},
    {"GRC", "Papagos", "Alexandros Papagos"},
    {"GRC", "Karamanlis", "Konstantinos Karamanlis"},
    {"GRC", "Kollias", "Konstantinos Kollias"},
    {"GRC", "Tzannetakis", "Tzannis Tzannetakis"},
    {"GRC", "Mitsotakis", "Konstantinos Mitsotakis"},
    {"GRC", "Konstantinos Karamanlis", "Kostas Karamanlis"},
    {"GRC", "Georgios Papandreou", "George Papandreou"},
    {"GRC", "Antonis Konstantinou Samaras", "Antonis Samaras"},
    {"CYP", "Sampson", "Nikos Sampson"},
    {"CYP", "Clerides", "Glafcos Clerides"},
    {"CYP", "Tassos Nikolaou Papadopoulos", "Tassos Papadopoulos"},
    {"CYP", "Dimitris Christofias", "Demetris Christofias"},
    {"CYP", "Anastasiades", "Nicos Anastasiades"},
    {"BUL", "Georgiev", "Kimon Georgiev"},
    {"BUL", "Kolarov", "Vasil Kolarov"},
    {"BUL", "Chervenkov", "Valko Chervenkov"},
    {"BUL", "Lukanov", "Andrey Lukanov"},
    {"BUL", "Popov", "Dimitar Popov"},
    {"BUL", "Berov", "Lyuben Berov"},
    {"BUL", "Videnov", "Zhan Videnov"},
    {"BUL", "Kostov", "Ivan Kostov"},
    {"BUL", "Stanishev", "Sergei Stanishev"},
    {"BUL", "Oresharski", "Plamen Oresharski"},
    {"MLD", "Snegur", "Mircea Snegur"},
    {"RUM", "Michael", "King Michael of Romania"},
    {"RUM", "Roman", "Petre Roman"},
    {"RUM", "Stolojan", "Theodor Stolojan"},
    {"RUM", "Ciorbea", "Victor Ciorbea"},
    {"RUM", "Vasile", "Radu Vasile"},
    {"RUM", "Isarescu", "Mugur Isarescu"},
    {"RUM", "A. Nastase", "Adrian Nastase"},
    {"EST", "Savisaar", "Edgar Savisaar"},
    {"EST", "Vahi", "Tiit Vahi"},
    {"EST", "Kallas", "Siim Kallas"},
    {"EST", "Parts", "Juhan Parts"},
    {"EST", "Ansip", "Andrus Ansip"},
    {"EST", "Roivas", "Taavi Roivas"},
    {"LAT", "Skele", "Andris Skele"},
    {"LAT", "Repse", "Einars Repse"},
    {"LAT", "Godmanis", "Ivars Godmanis"},
    {"LAT", "Dombrovskis", "Valdis Dombrovskis"},
    {"LAT", "Lamdota Straujuma", "Laimdota Straujuma"},
    {"LIT", "Brazauskas", "Algirdas Brazauskas"},
    {"LIT", "Adamkus", "Valdas Adamkus"},
    {"LIT", "Grybauskaite", "Dalia Grybauskaite"},
    {"BLR", "Shushkevich", "Stanislav Shushkevich"},
    {"ARM", "Ter-Petrosyan", "Levon Ter-Petrosyan"},
    {"GRG", "Margvelashvili", "Giorgi Margvelashvili"},
    {"SWD", "Reinfeldt", "Fredrik Reinfeldt"},
    {"NOR", "Nygaardsvold", "Johan Nygaardsvold"},
    {"NOR", "Torp", "Oscar Torp"},
    {"NOR", "Lyng", "John Lyng"},
    {"NOR", "Bratteli", "Trygve Bratteli"},
    {"NOR", "Solberg", "Erna Solberg"},
    {"DEN", "Jorgensen", "Anker Jorgensen"},
    {"DEN", "Thorning-Schmidt", "Helle Thorning-Schmidt"},
    {"ICE", "Oddsson", "David Oddsson"},
    {"ICE", "Hilmar Haarde", "Geir Haarde"},
    {"ICE", "Sigurdardottir", "Johanna Sigurdardottir"},
    {"ICE", "Gunnlaugsson", "Sigmundur David Gunnlaugsson"},
    {"CAP", "Neves", "Jose Maria Neves"},
    {"GNB", "Cabral", "Luis Cabral"},
    {"GNB", "Vieira", "Joao Bernardo Vieira"},
    {"GNB", "Vaz", "Jose Mario Vaz"},
    {"EQG", "Nguema Mbasogo", "Teodoro Obiang Nguema Mbasogo"},
    {"GAM", "Jawara", "Dawda Jawara"},
    {"MLI", "Keita", "Modibo Keita"},
    {"MLI", "Traore", "Moussa Traore"},
    {"MLI", "Konare", "Alpha Oumar Konare"},
    {"SEN", "Sall", "Macky Sall"},
    {"BEN", "Yayi Boni", "Boni Yayi"},
    {"MAA", "Sidi Ahmed Taya", "Maaouya Ould Sid'Ahmed Taya"},
    {"MAA", "Ould Mohamed Vall", "Ely Ould Mohamed Vall"},
    {"MAA", "Ould Abdel Aziz", "Mohamed Ould Abdel Aziz"},
    {"NIR", "Ousmane", "Mahamane Ousmane"},
    {"NIR", "Djibo", "Salou Djibo"},
    {"NIR", "Issoufou", "Mahamadou Issoufou"},
    {"CDI", "Konan Bedie", "Henri Konan Bedie"},
    {"CDI", "Guei", "Robert Guei"},
    {"GUI", "Conte", "Lansana Conte"},
    {"GUI", "Dadis Camara", "Moussa Dadis Camara"},
    {"GUI", "Conde", "Alpha Conde"},
    {"BFO", "Lamizana", "Sangoule Lamizana"},
    {"BFO", "Zerbo", "Saye Zerbo"},
    {"BFO", "J. P. Ouedraogo", "Jean-Baptiste Ouedraogo"},
    {"BFO", "Kafando", "Michel Kafando"},
    {"LBR", "Tolbert", "William Tolbert"},
    {"LBR", "Sawyer", "Amos Sawyer"},
    {"LBR", "Taylor", "Charles Taylor"},
    {"LBR", "Johnson Sirleaf", "Ellen Johnson Sirleaf"},
    {"SIE", "Momoh", "Joseph Momoh"},
    {"SIE", "Strasser", "Valentine Strasser"},
    {"SIE", "Bio", "Julius Maada Bio"},
    {"SIE", "Bai Koroma", "Ernest Bai Koroma"},
    {"GHA", "Ankrah", "Joseph Ankrah"},
    {"GHA", "Busia", "Kofi Busia"},
    {"GHA", "Atta Mills", "John Atta Mills"},
    {"TOG", "Olympio", "Sylvanus Olympio"},
    {"TOG", "Grunitzky", "Nicolas Grunitzky"},
    {"NIG", "Ironsi", "Johnson Aguiyi-Ironsi"},
    {"NIG", "Shagari", "Shehu Shagari"},
    {"NIG", "Shonekan", "Ernest Shonekan"},
    {"NIG", "Muhummadu Buhari", "Muhammadu Buhari"},
    {"GAB", "Mba", "Leon M'ba"},
    {"CEN", "Dacko", "David Dacko"},
    {"CEN", "Kolingba", "Andre Kolingba"},
    {"CEN", "Djotodia", "Michel Djotodia"},
    {"CHA", "Malloum", "Felix Malloum"},
    {"CHA", "Deby", "Idriss Deby"},
    {"CON", "Youlou", "Fulbert Youlou"},
    {"CON", "Debat", "Alphonse Massamba-Debat"},
    {"CON", "Ngouabi", "Marien Ngouabi"},
    {"CON", "Opango", "Joachim Yhombi-Opango"},
    {"CON", "Nguesso", "Denis Sassou Nguesso"},
    {"CON", "Lissouba", "Pascal Lissouba"},
    {"DRC", "Kasavubu", "Joseph Kasavubu"},
    {"UGA", "Okello", "Tito Okello"},
    {"TAZ", "Mkapa", "Benjamin Mkapa"},
    {"TAZ", "Kikwete", "Jakaya Kikwete"},
    {"BUI", "Bagaza", "Jean-Baptiste Bagaza"},
    {"BUI", "Buyoya", "Pierre Buyoya"},
    {"BUI", "Ntibantunganya", "Sylvestre Ntibantunganya"},
    {"BUI", "Nkurunziza", "Pierre Nkurunziza"},
    {"RWA", "Kayibanda", "Gregoire Kayibanda"},
    {"RWA", "Sindikubwabo", "Theodore Sindikubwabo"},
    {"DJI", "Guelleh", "Ismail Omar Guelleh"},
    {"ETH", "Selassie", "Haile Selassie"},
    {"ETH", "Desalegn", "Hailemariam Desalegn"},
    {"MZM", "Chissano", "Joaquim Chissano"},
    {"MZM", "Guebuza", "Armando Guebuza"},
    {"ZAM", "Banda", "Rupiah Banda"},
    {"ZAM", "Sata", "Michael Sata"},
    {"ZIM", "Muzorewa", "Abel Muzorewa"},
    {"MAW", "Muluzi", "Bakili Muluzi"},
    {"MAW", "Joyce Hilda Banda", "Joyce Banda"},
    {"SAF", "Malan", "D. F. Malan"},
    {"SAF", "Strijdom", "J. G. Strijdom"},
    {"SAF", "Motlanthe", "Kgalema Motlanthe"},
    {"NAM", "Pohamba", "Hifikepunye Pohamba"},
    {"LES", "Thabane", "Tom Thabane"},
    {"SWA", "Subhuza II", "King Sobhuza II"},
    {"SWA", "Mswati", "King Mswati III"},
    {"MAG", "Tsiranana", "Philibert Tsiranana"},
    {"MAG", "Zafy", "Albert Zafy"},
    {"MAG", "Rajaonarimampianina", "Hery Rajaonarimampianina"},
    {"MOR", "Muhammad VI", "King Mohammed VI"},
    {"ALG", "Bella", "Ahmed Ben Bella"},
    {"ALG", "Boudiaf", "Mohamed Boudiaf"},
    {"ALG", "Kafi", "Ali Kafi"},
    {"ALG", "Zeroual", "Liamine Zeroual"},
    {"TUN", "Ghannouchi", "Mohamed Ghannouchi"},
    {"TUN", "Mebazaa", "Fouad Mebazaa"},
    {"TUN", "Marzouki", "Moncef Marzouki"},
    {"LIB", "Idris", "King Idris"},
    {"LIB", "Mustafa Jalil", "Mustafa Abdul Jalil"},
    {"SUD", "Khalil", "Abdallah Khalil"},
    {"TUR", "Akbulut", "Yildirim Akbulut"},
    {"IRQ", "Abdul-Ilah", "Abd al-Ilah"},
    {"IRQ", "al-Jaafari", "Ibrahim al-Jaafari"},
    {"IRQ", "al-Maliki", "Nouri al-Maliki"},
    {"IRQ", "al-Abadi", "Haider al-Abadi"},
    {"EGY", "Mansour", "Adly Mansour"},
    {"SYR", "Kuwatli", "Shukri al-Quwatli"},
    {"SYR", "Al-Zaim", "Husni al-Zaim"},
    {"SYR", "Hinnawi", "Sami al-Hinnawi"},
    {"SYR", "Shishakli", "Adib Shishakli"},
    {"SYR", "Al-Hafiz", "Amin al-Hafiz"},
    {"LEB", "EL Khoury", "Bechara El Khoury"},
    {"LEB", "Chehab", "Fouad Chehab"},
    {"LEB", "Helou", "Charles Helou"},
    {"LEB", "Sarkis", "Elias Sarkis"},
    {"LEB", "Siniora", "Fouad Siniora"},
    {"LEB", "Suleiman", "Michel Suleiman"},
    {"LEB", "Salam", "Tammam Salam"},
    {"JOR", "Abdullah Al-Hussein", "King Abdullah I"},
    {"ISR", "Allon", "Yigal Allon"},
    {"SAU", "Aziz", "Ibn Saud"},
    {"SAU", "Saud", "King Saud"},
    {"SAU", "Faisal", "King Faisal"},
    {"SAU", "Khalid", "King Khalid"},
    {"SAU", "Fahd", "King Fahd"},
    {"YEM", "AL-Sallal", "Abdullah al-Sallal"},
    {"YEM", "Al-Iryani", "Abdul Rahman al-Iryani"},
    {"YEM", "Al-Ghashmi", "Ahmad al-Ghashmi"},
    {"YPR", "Al-Shaabi", "Qahtan al-Shaabi"},
    {"YPR", "Ismail", "Abdul Fattah Ismail"},
    {"YPR", "Attas", "Haidar Abu Bakr al-Attas"},
    {"KUW", "Abdullah As-Sabah", "Abdullah Al-Salim Al-Sabah"},
    {"QAT", "Ahmed Ath-Thani", "Ahmad bin Ali Al Thani"},
    {"QAT", "Khalifah Ath-Thani", "Khalifa bin Hamad Al Thani"},
    {"QAT", "Tamim ibn Hamad Al Thani", "Tamim bin Hamad Al Thani"},
    {"OMA", "Sa`id ibn Taimur", "Sultan Said bin Taimur"},
    {"OMA", "Qabus Bin Said", "Sultan Qaboos"},
    {"AFG", "Sardar Mohammad Daud Khan", "Mohammad Daoud Khan"},
    {"TAJ", "Nabiyev", "Rahmon Nabiyev"},
    {"TAJ", "Rakhmonov", "Emomali Rahmon"},
    {"KYR", "Bakiyev", "Kurmanbek Bakiyev"},
    {"KYR", "Otunbayeva", "Roza Otunbayeva"},
    {"KYR", "Atambayev", "Almazbek Atambayev"},
    {"MON", "Ochirbat", "Punsalmaagiin Ochirbat"},
    {"MON", "Enkhbayar", "Nambaryn Enkhbayar"},
    {"MON", "Elbegdorj", "Tsakhiagiin Elbegdorj"},
    {"ROK", "Myun Chang", "Chang Myon"},
    {"JPN", "Suzuki, Kantaro", "Kantaro Suzuki"},
    {"JPN", "Murayama", "Tomiichi Murayama"},
    {"JPN", "Obuchi", "Keizo Obuchi"},
    {"JPN", "Hatoyama Yukio", "Yukio Hatoyama"},
    {"IND", "Pratap Singh", "V. P. Singh"},
    {"IND", "Shekhar", "Chandra Shekhar"},
    {"BHU", "Wangchuk, Jigme Dorji", "King Jigme Dorji Wangchuck"},
    {"BHU", "Wangchuck, Jigme Singye", "King Jigme Singye Wangchuck"},
    {"BHU", "Lyonpo Jigme Thinley", "Jigme Thinley"},
    {"BHU", "Tobgay", "Tshering Tobgay"},
    {"PAK", "Shahid Suhrawardy", "Huseyn Shaheed Suhrawardy"},
    {"PAK", "Chundrigar", "Ibrahim Ismail Chundrigar"},
    {"BNG", "Sattar", "Abdus Sattar"},
    {"BNG", "Ahmed", "Shahabuddin Ahmed"},
    {"BNG", "Iajuddin", "Iajuddin Ahmed"},
    {"BNG", "Fakhruddin", "Fakhruddin Ahmed"},
    {"SRI", "Jayewardene", "J. R. Jayewardene"},
    {"MAD", "Waheed Hassan", "Mohamed Waheed Hassan"},
    {"MAD", "Abdulla Yameen Abdul Gayoom", "Abdulla Yameen"},
    {"NEP", "Mahendra", "King Mahendra"},
    {"NEP", "Birendra", "King Birendra"},
    {"NEP", "Sher Bahdur Deuba", "Sher Bahadur Deuba"},
    {"NEP", "Gyanendra", "King Gyanendra"},
    {"NEP", "Bhattarai", "Baburam Bhattarai"},
    {"NEP", "Khadga Prasad Sharma Oli", "K. P. Sharma Oli"},
    {"THI", "Sarit", "Sarit Thanarat"},
    {"THI", "Kriangsak", "Kriangsak Chamanan"},
    {"THI", "Leekpai", "Chuan Leekpai"},
    {"THI", "Silpa-Archa", "Banharn Silpa-archa"},
    {"THI", "Chulanont", "Surayud Chulanont"},
    {"THI", "Sundaravej", "Samak Sundaravej"},
    {"THI", "Wongsawat", "Somchai Wongsawat"},
    {"THI", "Vejjajiva", "Abhisit Vejjajiva"},
    {"CAM", "Ranariddh", "Norodom Ranariddh"},
    {"LAO", "Siphandon", "Khamtai Siphandon"},
    {"LAO", "Sayasone", "Choummaly Sayasone"},
    {"DRV", "Phu Trong", "Nguyen Phu Trong"},
    {"RVN", "Quat", "Phan Huy Quat"},
    {"RVN", "Minh", "Duong Van Minh"},
    {"RVN", "Van Huong", "Tran Van Huong"},
    {"RVN", "Van Thieu", "Nguyen Van Thieu"},
    {"MAL", "Razak", "Abdul Razak Hussein"},
    {"MAL", "Najib Tun Razak", "Najib Razak"},
    {"PHI", "Ramos", "Fidel Ramos"},
    {"INS", "Wahid", "Abdurrahman Wahid"},
    {"INS", "Bambang Yudhoyono", "Susilo Bambang Yudhoyono"},
    {"ETM", "Ruak", "Taur Matan Ruak"},
    {"AUL", "Rudd", "Kevin Rudd"},
    {"AUL", "Gillard", "Julia Gillard"},
    {"AUL", "Abbott", "Tony Abbott"},
    {"PNG", "Chan", "Julius Chan"},
    {"PNG", "Wingti", "Paias Wingti"},
    {"PNG", "Namaliu", "Rabbie Namaliu"},
    {"PNG", "Skate", "Bill Skate"},
    {"PNG", "Morauta", "Mekere Morauta"},
    {"NEW", "Palmer", "Geoffrey Palmer"},
    {"FJI", "Bavadra", "Timoci Bavadra"},
    {"FJI", "Chaudhry", "Mahendra Chaudhry"},
};

static const char *alias_for(const char *idacr, const char *leader)
{
    for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++)
        if (strcmp(ALIASES[i].idacr, idacr) == 0 && strcmp(ALIASES[i].leader, leader) == 0)
            return ALIASES[i].name;
    return NULL;
}

/* ----------------------------------------------------------- exceptions */

/* Spells where the dictionaries and Archigos differ by definition, each with
 * the reason.  `skip` names check days that are not checked (S start+7,
 * M mid-point, E end-7; "SME" = the whole spell); `accept` is another code
 * that is right for the spell, or NULL. */
typedef struct exception {
    const char *obsid;
    const char *skip;
    const char *accept;
    const char *reason;
} exception;

static const exception EXCEPTIONS[] = {
    {"RUS-1991", "", "RUSGOV",
     "Yeltsin led the RSFSR from 1990; before 26 Dec 1991 he is coded RUS, not SUN"},
    {"RUS-1894", "E", NULL,
     "Nicholas II abdicated on 15 Mar 1917; Archigos ends the spell at the October Revolution"},
    {"CHN-1926", "E", "CHNMIL",
     "Zhang Zuolin was Manchurian warlord until he took the Beijing government in June 1927 "
     "and was killed on 4 Jun 1928; Archigos runs the spell to 10 Oct 1928"},
    {"CHN-1916", "E", NULL,
     "Li Yuanhong left the presidency after the July 1917 restoration attempt; Archigos "
     "ends the spell when Feng Guozhang was formally installed"},
    {"CHN-1918", "S", NULL,
     "Xu Shichang was elected on 4 Sep 1918 and inaugurated on 10 Oct 1918 (dictionary)"},
    {"GDR-1946", "SME", NULL,
     "Archigos starts East Germany with the SED in 1946; the dictionary codes DDR from the "
     "state's founding on 7 Oct 1949"},
    {"ITA-1944", "S", NULL,
     "Bonomi's government was sworn in on 18 Jun 1944; Archigos starts it on 9 Jun"},
    {"TUR-1961", "S", NULL,
     "Inonu was asked to form a government on 10 Nov 1961; it took office on 20 Nov"},
    {"ITA-1921", "S", NULL,
     "Bonomi's first government was sworn in on 4 Jul 1921; Archigos starts it in June"},
    {"BRA-1930", "S", NULL,
     "the junta deposed Washington Luis on 24 Oct 1930; Vargas took office on 3 Nov"},
    {"POR-1974-2", "E", NULL,
     "Eanes succeeded Costa Gomes on 14 Jul 1976; Archigos ends the spell later in July"},
    {"SWD-1986", "E", NULL, "Bildt took office on 4 Oct 1991; Archigos ends Carlsson's spell later"},
    {"DEN-1962", "E", NULL, "Baunsgaard took office on 2 Feb 1968; Archigos ends Krag's spell later"},
    {"NOR-1940", "S", NULL,
     "Quisling's self-proclaimed government lasted 9-15 Apr 1940 and he was Minister-President "
     "from Feb 1942; Archigos runs one spell from 9 Apr 1940 to 1945"},
    {"CZR-1993", "SME", NULL,
     "Archigos' DBpedia link names Josef Klaus (Austria) for Vaclav Klaus; the name lookup "
     "finds the wrong person"},
    {"ICE-1963", "SME", NULL,
     "Bjarni Benediktsson (1908-1970), namesake of the later Prime Minister who has the entry"},
    {"INS-1948", "SME", NULL,
     "Archigos counts Beel, Dutch High Commissioner in 1948-49, as Indonesia's leader; the "
     "dictionary codes him as a Dutch Prime Minister"},
    {"YUG-1989", "", "SRBGOV",
     "Milosevic was President of Serbia (SRB) until July 1997, then of Yugoslavia"},
    {"HUN-1945", "S", NULL,
     "Rakosi returned to Hungary at the end of January 1945 and led the party from February"},
    {"HUN-1990", "S", NULL, "Antall took office on 23 May 1990; Archigos starts the spell earlier"},
    {"SLV-2002", "S", NULL, "Rop was elected on 19 Dec 2002; Archigos starts the spell earlier"},
    {"SYR-1958", "", "EGYGOV",
     "Syria was part of the United Arab Republic; Nasser is coded as Egypt's leader"},
    {"KUW-1990", "SME", NULL,
     "Archigos counts Saddam Hussein as Kuwait's ruler during the 1990-91 occupation; he is "
     "coded IRQGOV, Kuwait's emir in exile KWTGOV"},
    {"SYR-1961-2", "S", NULL,
     "al-Kudsi was elected President on 14 Dec 1961; Archigos starts the spell earlier"},
    {"SEN-1960", "S", NULL,
     "the Mali Federation broke up on 20 Aug 1960; Senghor became Senegal's President on 5 Sep"},
    {"DRC-1960-2", "", "CODMIL",
     "Mobutu ruled through the army and the College of Commissioners as army commander"},
    {"ZIM-1980", "S", NULL,
     "Mugabe won the election in March 1980 and took office at independence on 18 Apr 1980"},
    {"CAM-1970", "E", NULL, "Lon Nol left Cambodia on 1 Apr 1975; Archigos ends the spell later"},
    {"FJI-2000-2", "E", NULL,
     "the military handed power to Qarase's interim government on 4 Jul 2000"},
    {"BLZ-1984", "E", NULL, "Price succeeded Esquivel on 7 Sep 1989; Archigos ends the spell later"},
    {"PAN-1983", "E", NULL,
     "Noriega was deposed by the US invasion of 20 Dec 1989; Archigos ends the spell at his "
     "surrender on 3 Jan 1990"},
    {"VEN-1989", "E", NULL,
     "Perez was suspended on 21 May 1993; Archigos ends the spell at his formal removal"},
    {"SUR-1980", "", "SURMIL", "Bouterse ruled as army commander, not as head of state"},
    {"PAR-1954-2", "", "PRYMIL",
     "Stroessner led the coup of May 1954 as army commander and became President on 15 Aug"},
    {"HAI-1991-2", "", "HTIMIL", "Cedras ruled as army commander after the 1991 coup"},
    {"DOM-1978", "S", NULL, "Guzman took office on 16 Aug 1978; Archigos starts after the election"},
    {"AUS-1945-2", "S", NULL, "Figl took office on 20 Dec 1945; Archigos starts after the election"},
    {"MAC-1992", "S", NULL, "Crvenkovski was elected on 4 Sep 1992; Archigos starts earlier"},
    {"NIR-2010", "S", NULL, "the coup was on 18 Feb 2010; Archigos starts the spell earlier"},
    {"TAZ-1995", "S", NULL, "Mkapa took office on 23 Nov 1995; Archigos starts after the election"},
    {"MON-1990", "S", NULL, "Ochirbat became head of state on 21 Mar 1990; Archigos starts earlier"},
    {"ROK-1960-2", "S", NULL, "Chang Myon's government took office in late August 1960"},
    {"THI-2006", "S", NULL,
     "Surayud took office on 1 Oct 2006; Archigos starts at the coup of 19 Sep"},
    {"RVN-1954-2", "SME", NULL,
     "a ten-day 1954 spell the dictionary does not record; not verified from our knowledge"},
    {"PNG-1994", "E", NULL,
     "Chan lost his seat in the June 1997 election; Skate took office on 22 Jul 1997"},
    {"BEL-1939", "S", NULL, "Pierlot's first government was formed on 22 Feb 1939"},
    {"TUR-1979", "E", NULL,
     "Demirel was deposed in the coup of 12 Sep 1980; Archigos ends the spell on 20 Sep"},
};

static const exception *exception_for(const char *obsid)
{
    for (size_t i = 0; i < sizeof EXCEPTIONS / sizeof EXCEPTIONS[0]; i++)
        if (strcmp(EXCEPTIONS[i].obsid, obsid) == 0)
            return &EXCEPTIONS[i];
    return NULL;
}

/* --------------------------------------------------------------- names */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Archigos' dbpediauri field wraps the DBpedia address in a URL defence
 * link: "...dbpedia.org_resource_Ulysses-5FS.-5FGrant&d=...".  "-XX" is a
 * percent-escape; "_" separates words.  Writes the name ("Ulysses S.
 * Grant", any "(...)" qualifier dropped) to out; returns 0 when none. */
static int dbpedia_name(const char *uri, char *out, size_t n)
{
    const char *p = strstr(uri, "dbpedia.org_resource_");
    if (!p || n == 0)
        return 0;
    p += strlen("dbpedia.org_resource_");
    size_t w = 0;
    for (; *p && *p != '&' && w + 1 < n; p++) {
        int c = (unsigned char)*p;
        if (c == '-' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
            c = hexval(p[1]) * 16 + hexval(p[2]);
            p += 2;
            if (c == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
                c = hexval(p[1]) * 16 + hexval(p[2]);
                p += 2;
            }
        }
        if (c == '_')
            c = ' ';
        out[w++] = (char)c;
    }
    out[w] = '\0';
    char *paren = strchr(out, '(');
    if (paren)
        *paren = '\0';
    w = strlen(out);
    while (w > 0 && (out[w - 1] == ' ' || out[w - 1] == ','))
        out[--w] = '\0';
    return out[0] != '\0';
}

/* ---------------------------------------------------------------- input */

#define MAXF 32

static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p; p++) {
        if (*p == '\t') {
            *p = '\0';
            if (n < max)
                f[n++] = p + 1;
        } else if (*p == '\n' || *p == '\r') {
            *p = '\0';
        }
    }
    return n;
}

typedef struct cols {
    int obsid, ccode, idacr, leader, start, end, uri;
} cols;

static int find_col(char **f, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(f[i], name) == 0)
            return i;
    return -1;
}

/* -------------------------------------------------------------- the run */

typedef struct stats {
    unsigned long passed, failed, uncovered, pre1945_skipped, excepted;
} stats;

static int verbose, list_missing;

/* The check days of a spell: start+7, mid-point, end-7 (only the mid-point
 * for spells shorter than 15 days).  kind[i] is 'S', 'M' or 'E'. */
static int check_days(long start, long end, long *days, char *kind)
{
    int nd = 0;
    if (end - start < 15) {
        kind[nd] = 'M';
        days[nd++] = start + (end - start) / 2;
    } else {
        kind[nd] = 'S';
        days[nd++] = start + 7;
        kind[nd] = 'M';
        days[nd++] = start + (end - start) / 2;
        kind[nd] = 'E';
        days[nd++] = end - 7;
    }
    return nd;
}

/* 1 when `name` is coded with the spell's country (any role) on one of its
 * check days: the dictionary entry is about this leader, not a namesake. */
static int same_country(const annals_dict *d, const char *name, int cow, long start, long end)
{
    long days[3];
    char kind[3];
    int nd = check_days(start, end, days, kind);
    for (int i = 0; i < nd; i++) {
        char date[16], got[64];
        format_date(days[i], date, sizeof date);
        const char *iso = cow_iso(cow, days[i]);
        if (iso && annals_dict_lookup_actor(d, name, date, got, sizeof got) &&
            strncmp(got, iso, strlen(iso)) == 0)
            return 1;
    }
    return 0;
}

/* Checks one covered spell; returns 1 on pass. */
static int check_spell(const annals_dict *d, const char *name, const char *obsid, int cow,
                       long start, long end, const exception *ex)
{
    long days[3];
    char kind[3];
    int nd = check_days(start, end, days, kind);
    int ok = 1;
    for (int i = 0; i < nd; i++) {
        if (ex && strchr(ex->skip, kind[i]))
            continue;
        char date[16], got[64], want[16];
        format_date(days[i], date, sizeof date);
        const char *iso = cow_iso(cow, days[i]);
        if (!iso) {
            printf("  FAIL %s: no ISO code for COW %d\n", obsid, cow);
            return 0;
        }
        snprintf(want, sizeof want, "%sGOV", iso);
        if (!annals_dict_lookup_actor(d, name, date, got, sizeof got)) {
            ok = 0;
            printf("  FAIL %s %s: not an actor on %s\n", obsid, name, date);
            continue;
        }
        if (strcmp(got, want) == 0)
            continue;
        if (ex && ex->accept && strcmp(got, ex->accept) == 0)
            continue;
        ok = 0;
        printf("  FAIL %s %s on %s: got %s, want %s\n", obsid, name, date, got, want);
    }
    return ok;
}

int main(int argc, char **argv)
{
    const char *dict_path = "data/dict";
    const char *arch_path = "../shared/reference/leaders/Archigos_4.1.tsv";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dict") == 0 && i + 1 < argc)
            dict_path = argv[++i];
        else if (strcmp(argv[i], "--archigos") == 0 && i + 1 < argc)
            arch_path = argv[++i];
        else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (strcmp(argv[i], "--list-missing") == 0)
            list_missing = 1;
        else {
            fprintf(stderr,
                    "usage: archigos_check [--dict PATH] [--archigos FILE] [--verbose] "
                    "[--list-missing]\n");
            return 2;
        }
    }

    annals_error err;
    memset(&err, 0, sizeof err);
    annals_dict *d = annals_dict_new(NULL, &err);
    if (!d) {
        fprintf(stderr, "archigos_check: %s\n", err.message);
        return 2;
    }
    if (annals_dict_load(d, dict_path, &err) != ANNALS_OK) {
        char msg[1200];
        annals_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "archigos_check: %s\n", msg);
        annals_dict_free(d);
        return 2;
    }

    FILE *fp = fopen(arch_path, "r");
    if (!fp) {
        fprintf(stderr, "archigos_check: cannot open %s\n", arch_path);
        annals_dict_free(d);
        return 2;
    }
    static char line[16384];
    char *f[MAXF];
    cols c;
    if (!fgets(line, sizeof line, fp)) {
        fprintf(stderr, "archigos_check: %s is empty\n", arch_path);
        fclose(fp);
        annals_dict_free(d);
        return 2;
    }
    int nf = split_tabs(line, f, MAXF);
    c.obsid = find_col(f, nf, "obsid");
    c.ccode = find_col(f, nf, "ccode");
    c.idacr = find_col(f, nf, "idacr");
    c.leader = find_col(f, nf, "leader");
    c.start = find_col(f, nf, "startdate");
    c.end = find_col(f, nf, "enddate");
    c.uri = find_col(f, nf, "dbpediauri");
    if (c.obsid < 0 || c.ccode < 0 || c.idacr < 0 || c.leader < 0 || c.start < 0 || c.end < 0 || c.uri < 0) {
        fprintf(stderr, "archigos_check: %s: unexpected header\n", arch_path);
        fclose(fp);
        annals_dict_free(d);
        return 2;
    }

    stats st;
    memset(&st, 0, sizeof st);
    long y1945 = ymd(19450101);
    unsigned long lineno = 1;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        nf = split_tabs(line, f, MAXF);
        if (nf <= c.uri || nf <= c.end || nf <= c.idacr) {
            fprintf(stderr, "%s:%lu: short line\n", arch_path, lineno);
            continue;
        }
        long start, end;
        if (parse_date(f[c.start], &start) || parse_date(f[c.end], &end) || end < start) {
            fprintf(stderr, "%s:%lu: bad dates\n", arch_path, lineno);
            continue;
        }
        int cow = atoi(f[c.ccode]);
        const char *obsid = f[c.obsid];

        /* candidate names: alias, DBpedia name, Archigos' leader field */
        char cand[3][512];
        int nc = 0, full[3];
        const char *al = alias_for(f[c.idacr], f[c.leader]);
        if (al) {
            full[nc] = 1;
            snprintf(cand[nc++], sizeof cand[0], "%s", al);
        }
        if (dbpedia_name(f[c.uri], cand[nc], sizeof cand[0]))
            full[nc++] = 1;
        full[nc] = 0;
        snprintf(cand[nc++], sizeof cand[0], "%s", f[c.leader]);

        /* The spell is covered when a candidate is an actor and either the
         * name is a full one (alias or DBpedia) for a spell after 1945, or
         * the entry has the spell's country on a check day.  Otherwise a bare
         * surname that matches a namesake elsewhere (Sweden's Eden, say) or a
         * leader's entry that starts after a pre-1945 spell is not a match. */
        const char *name = NULL;
        char tmp[64];
        for (int i = 0; i < nc && !name; i++) {
            if (!annals_dict_lookup_actor(d, cand[i], NULL, tmp, sizeof tmp))
                continue;
            if ((full[i] && end >= y1945) || same_country(d, cand[i], cow, start, end))
                name = cand[i];
        }

        if (!name) {
            if (end < y1945) {
                st.pre1945_skipped++;
            } else if (is_covered_state(cow)) {
                st.failed++;
                printf("  MISSING %s %s (%s .. %s)\n", obsid, f[c.leader], f[c.start],
                       f[c.end]);
            } else {
                st.uncovered++;
                if (list_missing)
                    printf("  uncovered %s %s (%s .. %s)\n", obsid, f[c.leader], f[c.start],
                           f[c.end]);
            }
            continue;
        }
        const exception *ex = exception_for(obsid);
        if (ex && strcmp(ex->skip, "SME") == 0) {
            st.excepted++;
            if (verbose)
                printf("  skip %s %s: %s\n", obsid, name, ex->reason);
            continue;
        }
        if (check_spell(d, name, obsid, cow, start, end, ex)) {
            st.passed++;
            if (verbose)
                printf("  ok %s %s\n", obsid, name);
        } else {
            st.failed++;
        }
    }
    fclose(fp);
    annals_dict_free(d);
    printf("archigos: %lu spells checked, %lu explained exceptions, %lu uncovered after 1945, "
           "%lu uncovered before 1945\n",
           st.passed + st.failed, st.excepted, st.uncovered, st.pre1945_skipped);
    printf("leaders: %lu passed, %lu failed\n", st.passed, st.failed);
    return st.failed ? 1 : 0;
}
