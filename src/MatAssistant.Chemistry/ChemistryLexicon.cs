namespace MatAssistant.Chemistry;

/// <summary>
/// What a compound-class word asks of a composition: "nitride" → N is the anion; "oxysulfide" → O and S both present;
/// "halide" → one of the halogens; "phosphate" → P and O with O the anion.
/// </summary>
/// <param name="Word">The class word, singular (<c>oxysulfide</c>).</param>
/// <param name="Include">Elements every member contains.</param>
/// <param name="AnyOf">Elements of which every member contains at least one (a halide: F, Cl, Br or I); empty when none.</param>
/// <param name="Anion">The element that is the anion, when the class fixes one.</param>
public sealed record CompoundClass(string Word, IReadOnlyList<string> Include, IReadOnlyList<string> AnyOf, string? Anion);

/// <summary>
/// The chemistry vocabulary requests are written in, for every brain and front end: element names in English and Chinese,
/// symbols in any case where that is unambiguous, compound classes (anions and polyanions) and arity words.
/// </summary>
public static class ChemistryLexicon
{
    // Atomic numbers 1–103 in order; the names of the People's Republic of China's national standard GB 3102.8.
    private const string ChineseNames = "氢氦锂铍硼碳氮氧氟氖钠镁铝硅磷硫氯氩钾钙钪钛钒铬锰铁钴镍铜锌镓锗砷硒溴氪铷锶钇锆铌钼锝钌铑钯银镉铟锡锑碲碘氙铯钡镧铈镨钕钷钐铕钆铽镝钬铒铥镱镥铪钽钨铼锇铱铂金汞铊铅铋钋砹氡钫镭锕钍镤铀镎钚镅锔锫锎锿镄钔锘铹";

    private static readonly Lazy<Dictionary<string, string>> Names = new(BuildNames);

    // Two-letter symbols that are also everyday English words: read in lower case only when the context is a list of elements.
    private static readonly HashSet<string> WordLikeSymbols = new(StringComparer.OrdinalIgnoreCase)
    {
        "as", "at", "be", "he", "in", "no", "am", "pm", "cm", "es", "md", "mt", "pa", "re", "os", "er", "ne", "ca", "co", "ba", "la", "ho", "po", "bi", "ta", "ti", "sc", "ir",
    };

    private static readonly Dictionary<string, CompoundClass> Classes = BuildClasses();

    /// <summary>Arity words and the number of distinct elements they mean.</summary>
    public static IReadOnlyDictionary<string, int> ArityWords { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["unary"] = 1, ["elemental"] = 1, ["binary"] = 2, ["ternary"] = 3, ["quaternary"] = 4, ["quinary"] = 5,
        ["二元"] = 2, ["三元"] = 3, ["四元"] = 4, ["五元"] = 5,
    };

    /// <summary>The element called <paramref name="name"/> in English ("lead", "sulphur", "caesium") or Chinese ("铅").</summary>
    public static bool TryElementName(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? symbol)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Names.Value.TryGetValue(name.Trim().ToLowerInvariant(), out symbol);
    }

    /// <summary>
    /// A word naming one element: a name, a symbol as written (<c>Li</c>), or a symbol in another case (<c>li</c>, <c>LI</c>)
    /// unless that spelling is also an English word ("in", "as", "no"), which only <paramref name="inList"/> accepts.
    /// </summary>
    public static bool TryElement(string word, bool inList, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? symbol)
    {
        ArgumentNullException.ThrowIfNull(word);
        symbol = null;
        if (word.Length == 0)
        {
            return false;
        }

        if (word.Length <= 3 && ElementTable.Default.TryGet(word, out var exact))
        {
            symbol = exact.Symbol;
            return true;
        }

        if (TryElementName(word, out symbol))
        {
            return true;
        }

        if (word.Length == 2 && word.All(char.IsAsciiLetter))
        {
            var canonical = char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant();
            if (ElementTable.Default.TryGet(canonical, out var element) && (inList || !WordLikeSymbols.Contains(word)))
            {
                symbol = element.Symbol;
                return true;
            }
        }

        return false;
    }

    /// <summary>The compound class a word names, singular or plural, any case ("Oxysulfides", "nitride", "硫化物").</summary>
    public static bool TryCompoundClass(string word, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CompoundClass? compoundClass)
    {
        ArgumentNullException.ThrowIfNull(word);
        var key = word.Trim().ToLowerInvariant();
        if (Classes.TryGetValue(key, out compoundClass))
        {
            return true;
        }

        return key.EndsWith('s') && Classes.TryGetValue(key[..^1], out compoundClass);
    }

    /// <summary>Every compound-class word, singular.</summary>
    public static IEnumerable<string> CompoundClassWords => Classes.Keys;

    private static Dictionary<string, string> BuildNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in ElementTable.Default.Elements)
        {
            names[element.Name.ToLowerInvariant()] = element.Symbol;
            if (element.AtomicNumber <= ChineseNames.Length)
            {
                names[ChineseNames[element.AtomicNumber - 1].ToString()] = element.Symbol;
            }
        }

        names["aluminum"] = "Al";
        names["sulphur"] = "S";
        names["cesium"] = "Cs";
        names["caesium"] = "Cs";
        return names;
    }

    private static Dictionary<string, CompoundClass> BuildClasses()
    {
        var classes = new Dictionary<string, CompoundClass>(StringComparer.Ordinal);
        void Add(string word, string[] include, string? anion, string[]? anyOf = null) =>
            classes[word] = new CompoundClass(word, include, anyOf ?? [], anion);

        // Simple anions: the element is in every member and is its anion.
        foreach (var (word, symbol) in new[]
        {
            ("oxide", "O"), ("nitride", "N"), ("sulfide", "S"), ("sulphide", "S"), ("selenide", "Se"), ("telluride", "Te"),
            ("phosphide", "P"), ("arsenide", "As"), ("antimonide", "Sb"), ("fluoride", "F"), ("chloride", "Cl"),
            ("bromide", "Br"), ("iodide", "I"), ("hydride", "H"), ("carbide", "C"), ("boride", "B"), ("silicide", "Si"),
            ("germanide", "Ge"), ("氧化物", "O"), ("氮化物", "N"), ("硫化物", "S"), ("硒化物", "Se"), ("碲化物", "Te"),
            ("氟化物", "F"), ("氯化物", "Cl"), ("溴化物", "Br"), ("碘化物", "I"), ("氢化物", "H"), ("碳化物", "C"),
            ("硼化物", "B"), ("硅化物", "Si"), ("磷化物", "P"),
        })
        {
            Add(word, [symbol], symbol);
        }

        Add("monoxide", ["O"], "O");
        Add("dioxide", ["O"], "O");

        // Mixed anions: both elements present, and which one is "the" anion is left to the screen.
        foreach (var (word, a, b) in new[]
        {
            ("oxynitride", "O", "N"), ("oxysulfide", "O", "S"), ("oxysulphide", "O", "S"), ("oxyselenide", "O", "Se"),
            ("oxytelluride", "O", "Te"), ("oxyfluoride", "O", "F"), ("oxychloride", "O", "Cl"), ("oxybromide", "O", "Br"),
            ("oxyiodide", "O", "I"), ("oxycarbide", "O", "C"), ("oxyhydride", "O", "H"), ("carbonitride", "C", "N"),
            ("nitridohalide", "N", "Cl"),
        })
        {
            Add(word, [a, b], null);
        }

        Add("oxyhalide", ["O"], null, ["F", "Cl", "Br", "I"]);
        Add("halide", [], null, ["F", "Cl", "Br", "I"]);
        Add("卤化物", [], null, ["F", "Cl", "Br", "I"]);
        Add("chalcogenide", [], null, ["S", "Se", "Te"]);
        Add("硫族化合物", [], null, ["S", "Se", "Te"]);
        Add("pnictide", [], null, ["N", "P", "As", "Sb", "Bi"]);

        // Polyanions and oxo-salts: the central element and O, with O the anion.
        foreach (var (word, center) in new[]
        {
            ("phosphate", "P"), ("sulfate", "S"), ("sulphate", "S"), ("silicate", "Si"), ("borate", "B"), ("carbonate", "C"),
            ("nitrate", "N"), ("aluminate", "Al"), ("titanate", "Ti"), ("vanadate", "V"), ("molybdate", "Mo"),
            ("tungstate", "W"), ("niobate", "Nb"), ("tantalate", "Ta"), ("zirconate", "Zr"), ("stannate", "Sn"),
            ("germanate", "Ge"), ("manganate", "Mn"), ("chromate", "Cr"), ("ferrate", "Fe"), ("cobaltate", "Co"),
            ("nickelate", "Ni"), ("cuprate", "Cu"), ("gallate", "Ga"), ("arsenate", "As"), ("selenate", "Se"),
            ("磷酸盐", "P"), ("硫酸盐", "S"), ("硅酸盐", "Si"), ("硼酸盐", "B"), ("碳酸盐", "C"),
        })
        {
            Add(word, [center, "O"], "O");
            if (!word.Any(char.IsAsciiLetter) || word is "sulfate" or "sulphate" or "selenate")
            {
                continue;
            }

            // Thio-salts: sulfur in place of oxygen (Na3PS4, a sodium thiophosphate; thiostannates, thioantimonates).
            Add("thio" + word, [center, "S"], "S");
        }

        Add("thioantimonate", ["Sb", "S"], "S");

        // Complex hydrides and hydrogen-bearing anions, named by their anion: BH4⁻, AlH4⁻ (H⁻ the anion), NH2⁻, NH²⁻, OH⁻.
        // Regression: "six borohydrides for hydrogen storage" proposed phosphates and sulfates without B.
        Add("borohydride", ["B", "H"], "H");
        Add("tetrahydroborate", ["B", "H"], "H");
        Add("alanate", ["Al", "H"], "H");
        Add("aluminohydride", ["Al", "H"], "H");
        Add("amide", ["N", "H"], "N");
        Add("imide", ["N", "H"], "N");
        Add("hydroxide", ["O", "H"], "O");
        return classes;
    }
}
