using System.Globalization;
using System.Text.RegularExpressions;
using MatAssistant.Chemistry;

namespace MatAssistant.Agent.Planning;

/// <summary>One way a design request says what it wants; rules run in <see cref="DesignRules.Ordered"/> order and each takes the words it read.</summary>
internal interface IDesignRule
{
    void Apply(DesignReading reading);
}

/// <summary>
/// The design-request rules, in order: the ones whose words could be misread by a later rule run first ("not in
/// Materials Project" before "not X", "no more than 4 elements" before "no X", property windows before counts).
/// </summary>
internal static partial class DesignRules
{
    public static IReadOnlyList<IDesignRule> Ordered { get; } =
    [
        new KnownOnlyRule(),
        new KnownListRule(),
        new NoveltyRule(),
        new MetallicRule(),
        new PropertyWindowRule(),
        new SemiconductorRule(),
        new StableRule(),
        new ToxicRule(),
        new ElementCountRule(),
        new SubstitutionRule(),
        new ValidityRule(),
        new ExclusionRule(),
        new PrototypeRule(),
        new CountRule(),
        new ClassOfRule(),
        new SystemRule(),
        new FamilyRule(),
        new ElementAlternativesRule(),
        new CompoundClassRule(),
        new ElementMentionRule(),
        new ExemplarRule(),
        new ApplicationRule(),
        new DefaultElementBoundRule(),
    ];

    public static DesignSlots Read(string text)
    {
        var reading = new DesignReading(text);
        foreach (var rule in Ordered)
        {
            rule.Apply(reading);
        }

        return reading.ToSlots();
    }

    internal static readonly Dictionary<string, int> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15,
        ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["twenty-five"] = 25,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["hundred"] = 100, ["a hundred"] = 100, ["dozen"] = 12,
        ["a dozen"] = 12, ["half a dozen"] = 6, ["a couple of"] = 2, ["a couple"] = 2, ["a few"] = 3, ["couple"] = 2,
    };

    /// <summary>A written formula of two or more element tokens (LiFePO4, Ca10(PO4)6(OH)2), for the rules that name a compound.</summary>
    internal const string FormulaPattern = @"[A-Z][a-z]?\d*(?:\.\d+)?(?:[A-Z][a-z]?\d*(?:\.\d+)?|\((?:[A-Z][a-z]?\d*)+\)\d*)+";

    internal const string NumberPattern = @"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?|nan|infinity|inf|half a dozen|a dozen|dozen|a couple(?: of)?|a few|a hundred|twenty-five|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred";

    /// <summary>A number in digits or words; NaN when it is not a number at all.</summary>
    internal static double Number(string text)
    {
        var t = text.Trim();
        if (NumberWords.TryGetValue(t, out var n))
        {
            return n;
        }

        if (t.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        if (t.StartsWith("inf", StringComparison.OrdinalIgnoreCase))
        {
            return double.PositiveInfinity;
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
    }

    /// <summary>A word as a list of elements: a symbol or name, a family ("rare earths"), or a compound class ("oxides" → O).</summary>
    internal static IReadOnlyList<string>? ElementsOf(string word, bool inList)
    {
        var w = word.Trim().Trim('-');
        if (ChemistryLexicon.TryElement(w, inList, out var symbol))
        {
            return [symbol];
        }

        // "transition metals" is a family's own name; "alkali metals", "halogen ions" name a family with a noun after it.
        var family = Regex.Replace(w, @"[- ](?:metals?|elements?|ions?)$", string.Empty, RegexOptions.IgnoreCase);
        if ((FamilyName(w) ?? FamilyName(family)) is { } name)
        {
            return [name];
        }

        if (ChemistryLexicon.TryCompoundClass(w, out var compoundClass))
        {
            return compoundClass.Anion is { } anion ? [anion] : compoundClass.Include.Concat(compoundClass.AnyOf).ToList();
        }

        return null;
    }

    internal static string? FamilyName(string text)
    {
        var key = text.Trim().ToLowerInvariant();
        key = key switch
        {
            "3d" or "3d metal" or "3d metals" or "3d transition metal" or "3d transition metals" or "3d-transition-metal" => "3d_transition_metal",
            "4d" or "4d metals" or "4d transition metals" => "4d_transition_metal",
            "5d" or "5d metals" or "5d transition metals" => "5d_transition_metal",
            "tm" or "tms" => "transition_metal",
            "alkali" or "alkali metal" or "alkali metals" => "alkali",
            "alkaline earth" or "alkaline-earth" or "alkaline earths" or "alkaline-earths" or "alkaline earth metal" => "alkaline_earth",
            "lanthanoid" or "lanthanoids" => "lanthanide",
            _ => key,
        };
        return key != "toxic" && ElementFamilies.TryGet(key, out var family) ? family.Name : null;
    }

    // ------------------------------------------------------------------ rules

    /// <summary>
    /// "which Ca–Al–O compositions are already known", "the known phases", "what is known in …" → list the known compositions
    /// of the system beside the proposals (a question about what exists, answered from the reference, not by the generator).
    /// Only the asking words are taken, so the system they stand beside is still read. "not (yet) known" is novelty, not this.
    /// </summary>
    private sealed partial class KnownListRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in Asking().Matches(r.Free))
            {
                var words = m.Groups["words"];
                r.Take(words);
                r.ListKnown = true;
            }

            if (r.ListKnown)
            {
                r.AddNote("The known compositions listed are those of the known-materials reference (the generator's Materials Project data set); the proposals below are hypothetical.");
            }
        }

        [GeneratedRegex(@"\b(?:which|what)\b[^.?!;]{0,60}?(?<!\bnot|n't)\s(?<words>(?:are|is|were|have been)\s+(?:already\s+)?(?:known|reported|made|synthesi[sz]ed))\b|(?<words>\b(?<!not\s)already[- ]known\b)|(?<words>\b(?<!well[- ])known (?:ones|compositions|compounds|phases|materials) (?:in|of)\b)|(?<words>\bexisting (?:compositions|compounds|phases)\b)|(?<words>\bwhat(?:'s| is) (?:already )?known\b)", RegexOptions.IgnoreCase)]
        private static partial Regex Asking();
    }

    /// <summary>
    /// "list 8 well-known rocksalt monoxides", "name 6 known KMF3 perovskites", "only known compounds": the candidates are
    /// to be known ones. Regression: the generator's novel proposals (RuO, OsO, SO) answered a request for well-known MO.
    /// "Known is fine" only lifts the novelty filter (<see cref="NoveltyRule"/>).
    /// </summary>
    private sealed partial class KnownOnlyRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in Asking().Matches(r.Free))
            {
                r.Take(m.Groups["words"]);
                r.KnownOnly = true;
            }

            if (r.KnownOnly)
            {
                // NoveltyRule, which runs later, clears novel_only when known_only is set.
                r.AddNote("Known ones are asked for: only compositions in the known-materials reference (the generator's Materials Project data set) are proposed.");
            }
        }

        [GeneratedRegex(@"(?<words>\bwell[- ](?:known|established|characteri[sz]ed|studied)\b)|\b(?:list|name|give me|show me|tell me|suggest|what are)\s+(?:me\s+)?(?:\d{1,3}\s+|some\s+|a few\s+|the\s+|several\s+)?(?<words>(?:known|existing|reported|textbook|common)\b)(?!\s+(?:is|are)\s+(?:\w+\s+)?(?:fine|ok|okay)\b)|(?<words>\b(?:only|just)\s+(?:already\s+)?(?:known|existing|reported)\b(?!\s+(?:is|are)\b)|\b(?:known|existing|reported)\s+(?:ones|compounds|compositions|materials|phases)\s+only\b)", RegexOptions.IgnoreCase)]
        private static partial Regex Asking();
    }

    /// <summary>"novel", "new", "not in Materials Project" → novel only; "known is fine", "which are new vs known" → no filter.</summary>
    private sealed partial class NoveltyRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            var negated = false;
            foreach (Match m in Negated().Matches(r.Free))
            {
                r.Take(m);
                negated = true;
                r.NovelOnly = false;
            }

            foreach (Match m in Labelling().Matches(r.Free))
            {
                r.Take(m);
                r.AddNote("Each candidate is marked known or novel against the Materials Project reference; known ones are kept, since the request asks which are which.");
                negated = true;
            }

            foreach (Match m in NotInReference().Matches(r.Free))
            {
                r.Take(m);
                r.NovelOnly = !negated;
            }

            foreach (Match m in NotKnown().Matches(r.Free))
            {
                r.Take(m);
                r.NovelOnly = !negated;
            }

            foreach (Match m in NovelWord().Matches(r.Free))
            {
                r.Take(m);
                if (!negated)
                {
                    r.NovelOnly = true;
                }
            }

            foreach (Match m in Reference().Matches(r.Free))
            {
                r.Take(m);
            }

            if (r.KnownOnly)
            {
                r.NovelOnly = false;
            }

            if (r.NovelOnly == true)
            {
                r.AddNote("\"Novel\" means absent from the Materials Project reference; a composition missing there may still be reported in the literature.");
            }
        }

        [GeneratedRegex(@"\b(?:not after|not looking for|don't need|do not need|no need for|not)\s+(?:novel|new)(?:\s+ones)?\b|\bknown (?:ones )?(?:is|are) (?:totally |perfectly |completely )?(?:fine|ok|okay)\b|\bwell[- ]known\b", RegexOptions.IgnoreCase)]
        private static partial Regex Negated();

        [GeneratedRegex(@"\bwhich (?:ones |of them )?(?:are|is) (?:actually |really |truly )?(?:new|novel)\b|\b(?:new|novel) (?:vs\.?|versus|or) (?:already |known)\b", RegexOptions.IgnoreCase)]
        private static partial Regex Labelling();

        [GeneratedRegex(@"\b(?:not|aren't|are not|isn't|is not|absent from|missing from|outside)\s+(?:yet\s+)?(?:in|from)?\s*(?:the\s+)?(?:Materials Project|MP)(?:\s+(?:database|reference))?\b", RegexOptions.IgnoreCase)]
        private static partial Regex NotInReference();

        /// <summary>"that are not already known", "not yet reported": novelty asked in other words.</summary>
        [GeneratedRegex(@"\b(?:not|aren't|isn't|never)\s+(?:already\s+|yet\s+|been\s+)*(?:known|reported)\b", RegexOptions.IgnoreCase)]
        private static partial Regex NotKnown();

        [GeneratedRegex(@"\b(?:novel|new|unknown|unreported|hypothetical|undiscovered|never[- ]made|unexplored)\b", RegexOptions.IgnoreCase)]
        private static partial Regex NovelWord();

        [GeneratedRegex(@"\b(?:already\s+)?(?:in\s+)?(?:the\s+)?(?:Materials Project|MP)\b", RegexOptions.None)]
        private static partial Regex Reference();
    }

    /// <summary>"not metallic", "non-metallic", "insulating" → predicted metal probability below one half.</summary>
    private sealed partial class MetallicRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in NonMetal().Matches(r.Free))
            {
                r.Take(m);
                if (r.Properties.All(p => p.Property != "is_metal"))
                {
                    r.Properties.Add(new PropertyWindow("is_metal", null, 0.5));
                    r.AddNote($"\"{m.Value.Trim()}\" is read as a predicted metal probability below 0.5 (is_metal < 0.5), a model's estimate, not a measured conductivity.");
                }
            }
        }

        [GeneratedRegex(@"\b(?:not|non|no)[- ]?metal(?:lic|s)?(?:\s+only)?\b|\b(?:that are|which are|are)?\s*not metallic\b|\binsulat(?:ing|ors?)\b|\bnon[- ]?conducting\b", RegexOptions.IgnoreCase)]
        private static partial Regex NonMetal();
    }

    /// <summary>"band gap between 2 and 4 eV", "a gap of 1–2 eV", "formation energy below −1 eV/atom", "negative formation energy".</summary>
    private sealed partial class PropertyWindowRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in NotANumber().Matches(r.Free))
            {
                r.Take(m);
                r.Problem ??= $"The bound '{m.Groups["v"].Value}' in \"{m.Value.Trim()}\" is not a finite number: give the {PropertyOf(m.Groups["prop"].Value).Replace('_', ' ')} bound in eV{(PropertyOf(m.Groups["prop"].Value) == "formation_energy" ? "/atom" : string.Empty)}, for example \"band gap > 2 eV\".";
            }

            foreach (Match m in Window().Matches(r.Free))
            {
                r.Take(m);
                var property = PropertyOf(m.Groups["prop"].Value);
                if (r.Properties.Any(p => p.Property == property))
                {
                    continue;
                }

                double V(string g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
                if (m.Groups["lo"].Success)
                {
                    var (lo, hi) = (V("lo"), V("hi"));
                    r.Properties.Add(new PropertyWindow(property, Math.Min(lo, hi), Math.Max(lo, hi)));
                }
                else if (m.Groups["neg"].Success)
                {
                    r.Properties.Add(new PropertyWindow(property, null, 0));
                }
                else
                {
                    var op = m.Groups["op"].Value.ToLowerInvariant();
                    var lower = op is "over" or "above" or "greater than" or "more than" or "larger than" or "higher than" or "at least" or "exceeding" or ">" or ">=" or "≥" or "of at least" or "wider than";
                    r.Properties.Add(lower ? new PropertyWindow(property, V("v"), null) : new PropertyWindow(property, null, V("v")));
                }
            }

            foreach (Match m in Negative().Matches(r.Free))
            {
                r.Take(m);
                if (r.Properties.All(p => p.Property != "formation_energy"))
                {
                    r.Properties.Add(new PropertyWindow("formation_energy", null, 0));
                    r.AddNote("A negative predicted formation energy is not thermodynamic (convex-hull) stability: competing phases are not checked.");
                }
            }
        }

        private static string PropertyOf(string word) =>
            word.StartsWith("form", StringComparison.OrdinalIgnoreCase) || word.StartsWith("e_", StringComparison.OrdinalIgnoreCase) || word.StartsWith("ΔH", StringComparison.OrdinalIgnoreCase)
                ? "formation_energy"
                : word.StartsWith("dft", StringComparison.OrdinalIgnoreCase) ? "dft_band_gap" : "band_gap";

        private const string Num = @"-?\d+(?:\.\d+)?";

        [GeneratedRegex(@"\b(?<prop>(?:dft[- ])?band[- ]?gaps?|gaps?|formation (?:energy|enthalpy)|e_?form)\b[^.;]{0,30}?(?:>=?|<=?|≥|≤|=|above|below|over|under|between|of)\s*(?<v>nan|inf(?:inity)?|-inf(?:inity)?)\b", RegexOptions.IgnoreCase)]
        private static partial Regex NotANumber();

        [GeneratedRegex(@"\b(?<prop>(?:dft[- ])?band[- ]?gaps?|gaps?|formation (?:energy|enthalpy)|e_?form)\b(?:\s+(?:is|of|in the range(?: of)?|in|within|that is|which is|should be|must be|around))*\s*(?:(?<op>over|above|greater than|more than|larger than|higher than|wider than|at least|exceeding|>=?|≥|under|below|less than|lower than|smaller than|at most|<=?|≤)\s*(?<v>" + Num + @")|between\s+(?<lo>" + Num + @")\s*(?:eV(?:/atom)?\s*)?(?:and|-|to)\s*(?<hi>" + Num + @")|(?<lo>" + Num + @")\s*(?:eV(?:/atom)?\s*)?(?:-|to)\s*(?<hi>" + Num + @")|(?<neg>negative))\s*(?:eV(?:\s*/\s*atom|\s+per\s+atom)?)?", RegexOptions.IgnoreCase)]
        private static partial Regex Window();

        [GeneratedRegex(@"\bnegative (?<prop>formation (?:energy|enthalpy))\b|\b(?:that|which)\s+have\s+negative\s+formation\s+energ(?:y|ies)\b", RegexOptions.IgnoreCase)]
        private static partial Regex Negative();
    }

    /// <summary>
    /// "semiconductors", "wide-gap semiconducting", "narrow-gap semiconductors" → a named band-gap window and not metallic,
    /// unless the request gave its own gap window. The usual textbook span is about 0.1–4 eV; wide gap above 2 eV, narrow
    /// gap below 1 eV.
    /// </summary>
    private sealed partial class SemiconductorRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in Semiconductor().Matches(r.Free))
            {
                r.Take(m);
                var (lo, hi, what) = m.Groups["wide"].Success ? (2.0, (double?)null, "above 2 eV")
                    : m.Groups["narrow"].Success ? (0.1, 1.0, "between 0.1 and 1 eV")
                    : (0.1, 4.0, "between 0.1 and 4 eV");
                if (r.Properties.All(p => p.Property != "band_gap"))
                {
                    r.Properties.Add(new PropertyWindow("band_gap", lo, hi));
                    r.AddNote($"\"{m.Value.Trim()}\" is read as a predicted band gap {what} and not metallic; give a gap window (\"band gap between 1 and 2 eV\") to change it.");
                }

                if (r.Properties.All(p => p.Property != "is_metal"))
                {
                    r.Properties.Add(new PropertyWindow("is_metal", null, 0.5));
                }
            }
        }

        [GeneratedRegex(@"\b(?:(?<wide>wide|large|ultra[- ]?wide)|(?<narrow>narrow|small))?[- ]?(?:band[- ]?)?(?:gap[- ])?semiconduct(?:ors?|ing)\b", RegexOptions.IgnoreCase)]
        private static partial Regex Semiconductor();
    }

    /// <summary>"stable" → a negative predicted formation energy, said to be no more than that.</summary>
    private sealed partial class StableRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in Stable().Matches(r.Free))
            {
                r.Take(m);
                if (r.Properties.All(p => p.Property != "formation_energy"))
                {
                    r.Properties.Add(new PropertyWindow("formation_energy", null, 0));
                }

                r.AddNote("\"Stable\" is read as a negative predicted formation energy (formation_energy < 0); this is not thermodynamic (convex-hull) stability, which needs the competing phases.");
            }
        }

        [GeneratedRegex(@"\b(?:thermodynamically\s+|chemically\s+)?stable\b", RegexOptions.IgnoreCase)]
        private static partial Regex Stable();
    }

    /// <summary>"non-toxic" → no element of the toxic family, and a sentence on what that list leaves out.</summary>
    private sealed partial class ToxicRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in NonToxic().Matches(r.Free))
            {
                r.Take(m);
                r.Exclude.Add("toxic");
                r.AddNote("\"Non-toxic\" excludes the toxic family (Be, As, Cd, Hg, Tl, Pb, Po); toxicity of compounds, Cr(VI), Se, Sb, Ba and Ni compounds is not checked.");
            }
        }

        [GeneratedRegex(@"\b(?:non|not|less)[- ]?toxic\b|\btoxic(?:ity)?[- ]free\b|\bwithout toxic (?:elements?|metals?)\b|\bno toxic (?:elements?|metals?)\b", RegexOptions.IgnoreCase)]
        private static partial Regex NonToxic();
    }

    /// <summary>Arity words and element numbers: "ternary", "4-element", "up to four elements", "at least three elements".</summary>
    private sealed partial class ElementCountRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            // Every count the request states, with its words: two that disagree ("ternary … with exactly five elements") are
            // a contradiction to point out, never one silently preferred.
            var stated = new List<(string Words, int? Exact, int? Min, int? Max)>();
            foreach (Match m in AritySpan().Matches(r.Free))
            {
                // "ternary or quaternary", "binary to quaternary": a range of element counts, not two that disagree.
                if (ChemistryLexicon.ArityWords.TryGetValue(m.Groups["a"].Value, out var a) && ChemistryLexicon.ArityWords.TryGetValue(m.Groups["b"].Value, out var b))
                {
                    r.Take(m);
                    r.MinElements = Math.Min(a, b);
                    r.MaxElements = Math.Max(a, b);
                    stated.Add((m.Value.Trim(), null, r.MinElements, r.MaxElements));
                }
            }

            foreach (Match m in Pattern().Matches(r.Free))
            {
                r.Take(m);
                var words = m.Value.Trim();
                if (m.Groups["word"].Success && ChemistryLexicon.ArityWords.TryGetValue(m.Groups["word"].Value, out var arity))
                {
                    r.ExactElements ??= arity;
                    stated.Add((words, arity, null, null));
                }
                else if (m.Groups["max"].Success)
                {
                    r.MaxElements = (int)Number(m.Groups["max"].Value);
                    stated.Add((words, null, null, r.MaxElements));
                }
                else if (m.Groups["min"].Success)
                {
                    r.MinElements = (int)Number(m.Groups["min"].Value);
                    stated.Add((words, null, r.MinElements, null));
                }
                else if (m.Groups["n"].Success)
                {
                    r.ExactElements ??= (int)Number(m.Groups["n"].Value);
                    stated.Add((words, (int)Number(m.Groups["n"].Value), null, null));
                }
            }

            foreach (var a in stated)
            {
                foreach (var b in stated.Where(b => b != a))
                {
                    var clash = a.Exact is { } n && ((b.Exact is { } other && other != n) || b.Min > n || b.Max < n);
                    if (clash || (a.Min is { } low && b.Max is { } high && low > high))
                    {
                        r.Problem ??= $"\"{a.Words}\" and \"{b.Words}\" ask for different numbers of elements, so no composition can meet both: how many elements should each candidate have?";
                    }
                }
            }
        }

        [GeneratedRegex(@"\b(?<a>binary|ternary|quaternary|quinary)\s*(?:,?\s*or|and/or|to|-|–|/)\s*(?<b>binary|ternary|quaternary|quinary)\b", RegexOptions.IgnoreCase)]
        private static partial Regex AritySpan();

        [GeneratedRegex(@"\b(?<word>unary|elemental|binary|ternary|quaternary|quinary)\b|(?<word>二元|三元|四元|五元)|(?<!\bgroup[- ]?)\b(?<n>\d{1,2}|one|two|three|four|five|six)[- ]element(?:s)?\b|\b(?:at most|up to|no more than|not more than|max(?:imum)?(?: of)?|≤)\s*(?<max>\d{1,2}|two|three|four|five|six)\s+(?:distinct\s+|different\s+)?elements?\b|\b(?:at least|no fewer than|min(?:imum)?(?: of)?|≥)\s*(?<min>\d{1,2}|two|three|four|five|six)\s+(?:distinct\s+|different\s+)?elements?\b|\b(?:exactly|with)\s+(?<n>\d{1,2}|two|three|four|five|six)\s+(?:distinct\s+|different\s+)?elements\b", RegexOptions.IgnoreCase)]
        private static partial Regex Pattern();
    }

    /// <summary>"lead-free", "without Co", "no Ga or In", "no oxides", "no rare earths", "other than vanadium".</summary>
    private sealed partial class ExclusionRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in Free().Matches(r.Free))
            {
                if (ElementsOf(m.Groups["x"].Value, inList: true) is { } elements)
                {
                    r.Take(m);
                    r.Exclude.AddRange(elements);
                }
            }

            foreach (Match m in Without().Matches(r.Free))
            {
                var items = m.Groups["item"].Captures.Cast<Capture>().ToList();
                var taken = false;
                foreach (var item in items)
                {
                    if (ElementsOf(item.Value, inList: true) is not { } elements)
                    {
                        break;
                    }

                    r.Exclude.AddRange(elements);
                    r.Take(m.Groups["w"]);
                    r.Take(item);
                    taken = true;
                }

                if (taken)
                {
                    foreach (Capture sep in m.Groups["sep"].Captures)
                    {
                        if (sep.Index < items.Last().Index)
                        {
                            r.Take(sep);
                        }
                    }
                }
            }
        }

        [GeneratedRegex(@"\b(?<x>(?:[345]d|[A-Za-z][a-z]*)(?:[- ](?:earths?|metals?|transition[- ]metals?))?)[- ]free\b", RegexOptions.IgnoreCase)]
        private static partial Regex Free();

        [GeneratedRegex(@"(?<w>\b(?:without|excluding|exclude|except(?: for)?|no|not|nor|free of|avoid(?:ing)?|not containing|other than|apart from|but not|minus|sans)\s+(?:any\s+)?)(?<item>(?:[345]d|[A-Za-z][\w]*)(?:[- ](?:earths?|metals?|elements?|transition[- ]metals?))?)(?:(?<sep>\s*,\s*(?:and\s+|or\s+|nor\s+)?|\s+(?:and|or|nor)\s+(?:no\s+)?)(?<item>(?:[345]d|[A-Za-z][\w]*)(?:[- ](?:earths?|metals?|elements?|transition[- ]metals?))?))*", RegexOptions.IgnoreCase)]
        private static partial Regex Without();
    }

    /// <summary>Structure types and explicit prototypes: "perovskites", "spinel", "AB2O4", "MO"; named types without a stoichiometry are left in not_used with a note.</summary>
    /// <summary>"which are charge balanced", "SMACT-valid", "charge-neutral ones": what every design already screens for (valid only is the default).</summary>
    private sealed partial class ValidityRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in Wording().Matches(r.Free))
            {
                r.Take(m);
            }
        }

        [GeneratedRegex(@"\b(?:charge[- ]?(?:balanced|neutral|neutrality|balance)|electronegativity[- ]balanced|smact[- ]?(?:valid|rules?))\b", RegexOptions.IgnoreCase)]
        private static partial Regex Wording();
    }

    /// <summary>
    /// "like LiFePO4 but with Mn or Co instead of Fe", "replace Fe in LiFePO4 with Mn", "LiCoO2 with Co replaced by Ni",
    /// "Na analogues of LiCoO2": the parent's stoichiometry with the replaced element's site open (LiAPO4), that site
    /// filled from the substituents, the replaced element excluded and nothing else added. Regression: the first form was
    /// read as "Fe in each", which proposed Fe compounds. Mixed occupancy (LiMn0.5Co0.5PO4) is not proposed, and the note says so.
    /// </summary>
    internal sealed partial class SubstitutionRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (var m in new[] { LikeWithInstead(), ReplaceIn(), WithReplaced(), Analogues(), OpenSite() }.SelectMany(p => p.Matches(r.Free)))
            {
                if (!Composition.TryParse(m.Groups["parent"].Value, out var parent, out _) || parent.ElementCount < 2)
                {
                    continue;
                }

                // The list ends at its first word that is no element ("with Ni, Mn or Al and list which …"); only a list that
                // ends the match may be cut there.
                var items = m.Groups["new"].Captures.ToList();
                var elements = items.TakeWhile(c => ChemistryLexicon.TryElement(c.Value, inList: true, out _)).ToList();
                var listEnd = items.Count == 0 ? m.Index + m.Length : items[^1].Index + items[^1].Length;
                if (items.Count > 0 && elements.Count == 0 && m.Groups["old"].Success && ChemistryLexicon.TryElement(m.Groups["old"].Value, inList: true, out var replaced))
                {
                    // "like LiFePO4 but with Xx instead of Fe": the substitution is plain, its substituent is not an element.
                    r.Take(m);
                    r.Problem ??= $"\"{items[0].Value}\" is not an element: which element should replace {replaced} in {parent.Formula}? Say, for example, \"like {parent.Formula} but with Mn instead of {replaced}\".";
                    return;
                }

                if (items.Count > 0 && (elements.Count == 0 || elements.Count < items.Count && listEnd != m.Index + m.Length))
                {
                    continue;
                }

                var added = elements.Select(c => ChemistryLexicon.TryElement(c.Value, inList: true, out var x) ? x! : string.Empty).Distinct(StringComparer.Ordinal).ToList();
                var old = m.Groups["old"].Success ? ChemistryLexicon.TryElement(m.Groups["old"].Value, inList: true, out var o) ? o : null : Replaced(parent, added);
                r.Take(m.Index, (elements.Count == items.Count ? m.Index + m.Length : elements[^1].Index + elements[^1].Length) - m.Index);
                if (added.Count == 0 && old is not null && parent.Elements.Any(e => e.Symbol == old) && OpenPrototype(parent, old) is { } openOnly)
                {
                    // "like LiFePO4 but with the Fe replaced": any element but the one replaced on its site.
                    r.Stoichiometry = openOnly;
                    r.Exclude.Add(old);
                    foreach (var x in parent.Elements.Select(e => e.Symbol).Where(x => x != old))
                    {
                        r.AddInclude(x);
                    }

                    r.AddNote($"Read as a substitution in {parent.Formula}: the {old} site open to any element but {old} ({openOnly}), the other elements and amounts kept.");
                    return;
                }

                if (old is null || !parent.Elements.Any(e => e.Symbol == old))
                {
                    r.AddNote(old is null
                        ? $"\"{m.Value.Trim()}\": no element of {parent.Formula} shares a group or block with {string.Join(", ", added)}, so which one they replace is not clear; say \"instead of X\". No substitution was read."
                        : $"\"{m.Value.Trim()}\": {old} is not in {parent.Formula}, so no substitution was read.");
                    return;
                }

                if (OpenPrototype(parent, old) is not { } prototype)
                {
                    continue;
                }

                var open = prototype.First(c => Prototype.PlaceholderLetters.Contains(c, StringComparison.Ordinal));

                r.Stoichiometry = prototype;
                r.Exclude.Add(old);
                var kept = parent.Elements.Select(e => e.Symbol).Where(x => x != old).ToList();
                foreach (var x in kept)
                {
                    r.AddInclude(x);
                }

                if (added.Count == 1)
                {
                    r.AddInclude(added[0]);
                }
                else
                {
                    r.AddGroup(added);
                }

                r.ElementsOnly = [.. kept, .. added];
                // Without a count, one candidate per substituent: the space holds no more (a count written later wins).
                if (r.Count is null)
                {
                    r.Count = added.Count;
                    r.AddNote($"No count given: {added.Count} asked, one for each substituent.");
                }

                r.AddNote($"Read as a substitution in {parent.Formula}: {string.Join(" or ", added)} on the {old} site, {prototype} with {open} = {string.Join(" or ", added)}, {old} excluded and the other elements and amounts kept."
                    + (added.Count > 1 ? $" Mixed occupancy of the site ({parent.Formula.Replace(old, added[0] + "0.5" + added[1] + "0.5", StringComparison.Ordinal)}) is not proposed: the prototype puts one element on each site." : string.Empty));
                return;
            }
        }

        /// <summary>The parent's stoichiometry with the replaced element's site open: LiFePO4 without Fe is LiAPO4.</summary>
        private static string? OpenPrototype(Composition parent, string old)
        {
            var open = Prototype.PlaceholderLetters.First(c => !parent.Elements.Any(e => e.Symbol == c.ToString()));
            var prototype = string.Concat(parent.Elements.Select((e, i) => (e.Symbol == old ? open.ToString() : e.Symbol) + (parent.Amounts[i] == 1 ? string.Empty : Composition.FormatAmount(parent.Amounts[i]))));
            return Prototype.TryParse(prototype, out _, out _) ? prototype : null;
        }

        /// <summary>True when the text asks for a substitution in a parent compound, whatever else it asks (then it is a design request).</summary>
        public static bool Matches(string text) =>
            new[] { LikeWithInstead(), ReplaceIn(), WithReplaced(), Analogues(), OpenSite() }.Any(p => p.Matches(text).Any(m => Composition.TryParse(m.Groups["parent"].Value, out var c, out _) && c.ElementCount >= 2));

        /// <summary>For "Na analogues of LiCoO2": the parent's element in the substituents' group, else the only one in their block.</summary>
        private static string? Replaced(Composition parent, List<string> added)
        {
            var elements = added.Select(a => ElementTable.Default.TryGet(a, out var e) ? e : null).OfType<Element>().ToList();
            var sameGroup = parent.Elements.Where(p => elements.All(e => e.Group == p.Group && e.Symbol != p.Symbol)).ToList();
            if (sameGroup.Count == 1)
            {
                return sameGroup[0].Symbol;
            }

            var sameBlock = parent.Elements.Where(p => p.IsMetal && elements.All(e => e.Block == p.Block && e.Symbol != p.Symbol)).ToList();
            return sameBlock.Count == 1 ? sameBlock[0].Symbol : null;
        }

        private const string Parent = "(?<parent>" + FormulaPattern + ")";

        private const string Substituents = @"(?<new>[A-Za-z]+)(?:\s*(?:,|/|\bor\b|\band\b)\s*(?:or\s+|and\s+)?(?<new>[A-Za-z]+)){0,5}";

        private const string OldElement = @"(?<old>[A-Za-z]+)";

        // "like LiFePO4 but with Mn or Co instead of Fe", "similar to LiCoO2, with Ni in place of Co".
        [GeneratedRegex(@"\b(?:like|similar to|analogous to|based on|derived from|variants? of|versions? of|modelled on|modeled on)\s+" + Parent + @"\s*,?\s*(?:but\s+)?(?:with\s+|using\s+|having\s+)?" + Substituents + @"\s+(?:instead of|in place of|replacing|substituting(?: for)?|substituted for|on the)\s+" + OldElement + @"\b(?:\s+sites?)?")]
        private static partial Regex LikeWithInstead();

        // "replace Fe in LiFePO4 with Mn or Co", "substitute Co in LiCoO2 by Ni".
        [GeneratedRegex(@"\b(?:replac(?:e|ing)|substitut(?:e|ing)|swap(?:ping)?|exchang(?:e|ing))\s+(?:the\s+)?" + OldElement + @"\s+(?:in|of)\s+" + Parent + @"\s+(?:with|by|for)\s+" + Substituents + @"\b", RegexOptions.IgnoreCase)]
        private static partial Regex ReplaceIn();

        // "LiCoO2 with Co replaced by Ni or Mn", "LiFePO4 where Fe is swapped for Mn".
        [GeneratedRegex(Parent + @"\s+(?:with|where|in which)\s+(?:the\s+)?" + OldElement + @"\s+(?:is\s+|are\s+)?(?:replaced|substituted|swapped|exchanged)\s+(?:by|with|for)\s+" + Substituents + @"\b")]
        private static partial Regex WithReplaced();

        // "like LiFePO4 but with the Fe replaced", "variants of LiCoO2 with Co substituted" (no substituent named).
        [GeneratedRegex(@"\b(?:like|similar to|analogous to|based on|derived from|variants? of|versions? of)\s+" + Parent + @"\s*,?\s*(?:but\s+)?(?:with|where)\s+(?:the\s+)?(?<old>[A-Z][a-z]?)\s+(?:is\s+)?(?:replaced|substituted|swapped(?:\s+out)?|exchanged)\b(?!\s+(?:by|with|for)\b)")]
        private static partial Regex OpenSite();

        // "Na analogues of LiCoO2", "Mn and Co versions of LiFePO4".
        [GeneratedRegex(@"\b" + Substituents + @"\s+(?:analogues?|analogs?|versions?|variants?|counterparts?|equivalents?)\s+(?:of|to)\s+" + Parent)]
        private static partial Regex Analogues();
    }

    private sealed partial class PrototypeRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in Explicit().Matches(r.Free).Concat(WithElements().Matches(r.Free)))
            {
                if (Prototype.TryParse(m.Value, out var prototype, out _) && !FormulaParser.TryParse(m.Value, out _, out _) || m.Value is "MO" or "MO2" or "M2O3")
                {
                    r.Take(m);
                    r.Stoichiometry ??= m.Value;
                }
            }

            foreach (Match m in Named().Matches(r.Free))
            {
                var name = m.Groups["name"].Value.ToLowerInvariant();
                var key = Prototype.Named.Keys.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase) || (k + "s").Equals(name, StringComparison.OrdinalIgnoreCase));
                if (key is null)
                {
                    continue;
                }

                r.Take(m);
                if (key == "garnet" && LithiumGarnet().IsMatch(r.Text))
                {
                    // Li7La3Zr2O12 and Li5La3Ta2O12 are garnets stuffed with Li beyond A3B2C3O12: enforcing it would reject them all.
                    r.AddNote("Lithium garnets (Li7La3Zr2O12, Li5La3Ta2O12) are Li-stuffed beyond the A3B2C3O12 stoichiometry, so no garnet stoichiometry is enforced; the structure type is not checked (composition only).");
                    continue;
                }

                // The design result's not-enforced list already says that only the stoichiometry is checked.
                if (r.Stoichiometry is null && ClassBefore().Match(r.Text[..m.Index]) is { Success: true } cls && Prototype.Named[key] is var oxide
                    && Regex.IsMatch(oxide, @"O\d*$"))
                {
                    // "fluoride perovskites" are ABF3 (KMgF3), "halide perovskites" ABX3, "sulfide spinels" AB2S4: the class
                    // names the anion the oxide prototype would put O on. Regression: "fluoride perovskites" asked for F and O.
                    var anion = ClassAnion(cls.Groups["cls"].Value);
                    if (cls.Groups["cls"].Value.StartsWith("thio", StringComparison.OrdinalIgnoreCase))
                    {
                        // The class words ("fluoride") are left for the compound-class rule, which adds the anion; "thio" is no class word.
                        r.Take(cls.Groups["cls"]);
                    }

                    r.Stoichiometry = Regex.Replace(oxide, @"O(\d*)$", anion + "$1");
                    r.AddNote($"\"{cls.Groups["cls"].Value} {m.Value}\": {key} with {(anion == "X" ? "a halogen X" : anion)} in place of O ({r.Stoichiometry}).");
                    continue;
                }

                r.Stoichiometry ??= key;
            }

            if (r.Stoichiometry is { } written)
            {
                FixSites(r, written);
            }

            foreach (Match m in Framework().Matches(r.Free))
            {
                r.AddNote($"\"{m.Value}\" names a structure type without one fixed simple stoichiometry; the framework is not checked (composition only).");
            }
        }

        /// <summary>
        /// "Zn on the A site", "A-site cation is Sr", "B = Ti": one element fixed on a site of the prototype (AB2O4 with Zn
        /// on A is ZnB2O4, which the screen enforces). Alternatives ("Pb or Sn on the B site") are element groups, read by
        /// later rules; they do not fix the site. Regression: "AB2O4 spinels with Zn on the A site" gave MnZn2O4.
        /// </summary>
        private static void FixSites(DesignReading r, string written)
        {
            var text = Prototype.Named.TryGetValue(written, out var implied) ? implied : written;
            if (!Prototype.TryParse(text, out var prototype, out _))
            {
                return;
            }

            var sites = prototype.Sites.ToList();
            foreach (var pattern in new[] { OnSite(), SiteIs() })
            {
                foreach (Match m in pattern.Matches(r.Free))
                {
                    var label = m.Groups["site"].Value;
                    var symbol = m.Groups["el"].Value;
                    if (!ElementTable.Default.TryGet(symbol, out _) || symbol.Length == 1 && Prototype.PlaceholderLetters.Contains(symbol[0], StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var index = sites.FindIndex(s => s.Label == label && s.Element is null);
                    if (index < 0)
                    {
                        r.AddNote($"\"{m.Value.Trim()}\": {text} has no open site {label}, so the site was not fixed.");
                        r.Take(m);
                        continue;
                    }

                    if (sites.Any(s => s.Element == symbol))
                    {
                        r.AddNote($"\"{m.Value.Trim()}\": {symbol} already sits on another site of {text}, so site {label} was not fixed.");
                        r.Take(m);
                        continue;
                    }

                    sites[index] = sites[index] with { Element = symbol };
                    r.AddInclude(symbol);
                    r.Take(m);
                }
            }

            var fixedText = string.Concat(sites.Select(s => (s.Element ?? s.Label) + (s.Count > 1 ? s.Count.ToString(CultureInfo.InvariantCulture) : string.Empty)));
            if (fixedText != text)
            {
                r.Stoichiometry = fixedText;
                r.AddNote($"Sites fixed from the request: {text} becomes {fixedText}{(prototype.Name is null && implied is not null ? $" ({written})" : string.Empty)}.");
            }
        }

        // "Zn on the A site", "with Sr at the A-site"; not the second of "Pb or Sn on the B site".
        [GeneratedRegex(@"(?<!\b(?:or|and|nor)\s|,\s|/)\b(?<el>[A-Z][a-z]?)\s+(?:on|at|in|occupying|as|for)\s+(?:the\s+)?(?<site>[A-Z])[- ]?sites?\b(?:\s+cations?)?")]
        private static partial Regex OnSite();

        // "A-site cation is Sr", "B site = Ti", "B = Ti" (not "B = Ti or Zr").
        [GeneratedRegex(@"\b(?<site>[A-Z])(?:[- ]?sites?(?:\s+cations?)?\s*(?:=|:|is|occupied by|filled with|held by)|\s*=)\s*(?<el>[A-Z][a-z]?)\b(?!\s*(?:or|and|,|/)\s*[A-Z])")]
        private static partial Regex SiteIs();

        // The class word's anion from the lexicon (fluoride → F, sulfide → S); a halide names no one halogen: the site X.
        private static string ClassAnion(string word) =>
            ChemistryLexicon.TryCompoundClass(word.StartsWith("thio", StringComparison.OrdinalIgnoreCase) ? "sulfide" : word, out var c) && c.Anion is { } anion ? anion : "X";

        // The class word just before the structure name: "fluoride perovskites", "halide double perovskites", "thiospinels".
        [GeneratedRegex(@"\b(?<cls>fluoride|chloride|bromide|iodide|halide|sulfide|sulphide|selenide|nitride)s?[- ]+(?:double[- ]+)?$|(?<cls>thio)-?$", RegexOptions.IgnoreCase)]
        private static partial Regex ClassBefore();

        // A prototype with some sites filled: "KMF3", "LiMPO4", "Na2MTiO4" (digits, so that "MOF" stays a word; counts up to
        // 12, so that "NMC811" stays a name).
        [GeneratedRegex(@"(?<![\w-])(?=[A-Za-z\d]*\d)(?:[A-Z][a-z]?(?:1[0-2]|[2-9])?){2,6}(?![\w-])")]
        private static partial Regex WithElements();

        [GeneratedRegex(@"\blithium\b|\bLi\b|\bLi[- ](?:stuffed|rich)\b|\bstuffed\b|\bLLZO\b", RegexOptions.IgnoreCase)]
        private static partial Regex LithiumGarnet();

        [GeneratedRegex(@"(?<![\w])(?:A\d*B\d*(?:C\d*)?(?:O|X|S|N|F|Cl|Br|I|Se)\d*|A\d*B\d*(?:O|X)\d*|MO\d?|M2O3|ABX\d|A2BX\d)(?![\w])")]
        private static partial Regex Explicit();

        [GeneratedRegex(@"\b(?<name>double perovskites?|perovskites?|ilmenites?|spinels?|olivines?|pyrochlores?|garnets?|delafossites?|rock-?salts?|zinc-?blendes?|wurtzites?|fluorites?|antifluorites?|rutiles?|corundums?|kesterites?|stannites?|chalcopyrites?|half-heuslers?|heuslers?|ruddlesden-poppers?)(?:[- ](?:type|structured|structure|like|phases?))?\b", RegexOptions.IgnoreCase)]
        private static partial Regex Named();

        [GeneratedRegex(@"\b(?:NASICON|LISICON|MAX[- ]phase|Zintl|skutterudite|clathrate|Laves|Chevrel|argyrodite|garnet-type|layered|tungsten bronze|brownmillerite|anti-perovskite|antiperovskite)s?(?:[- ]type)?\b", RegexOptions.IgnoreCase)]
        private static partial Regex Framework();
    }

    /// <summary>How many: "6", "six", "a dozen", "25 of them", "10 please", "about 10 candidates"; NaN, negative and absurd counts get one sentence back.</summary>
    private sealed partial class CountRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            var free = r.Free;
            var m = new[] { OfThem(), BeforeNoun(), AfterVerb(), Leading() }.Select(p => p.Match(free)).FirstOrDefault(x => x.Success);
            if (m is null)
            {
                return;
            }

            r.Take(m.Groups["n"]);
            var value = Number(m.Groups["n"].Value);
            if (!double.IsFinite(value) || value != Math.Floor(value) || value < 1)
            {
                r.Problem ??= $"\"{m.Groups["n"].Value}\" is not a number of candidates I can propose: ask for a whole number from 1 to {Plugins.GeneratePlugin.MaxCount}.";
                return;
            }

            if (value > Plugins.GeneratePlugin.MaxCount)
            {
                r.Problem ??= $"{value:0} candidates is more than one request can propose (at most {Plugins.GeneratePlugin.MaxCount}); ask for {Plugins.GeneratePlugin.MaxCount} or fewer, or run `matassist generate --count {value:0}`.";
                return;
            }

            r.Count = (int)value;
        }

        private const string Nouns = @"compositions?|candidates?|materials?|compounds?|formulas?|structures?|options?|ideas?|ones|hosts?|phases?|systems?|examples?|suggestions?|[a-z]*(?:ides?|ates?|ites?|ides)|spinels?|perovskites?|garnets?|alloys?|cathodes?|anodes?|electrolytes?|semiconductors?|insulators?|absorbers?|catalysts?|magnets?|scintillators?|hydrides?";

        [GeneratedRegex(@"(?<![\w.-])(?<n>" + NumberPattern + @")\s+(?:of them|please|pls|plz|thanks|candidates? please)\b", RegexOptions.IgnoreCase)]
        private static partial Regex OfThem();

        [GeneratedRegex(@"(?<![\w.])(?<n>" + NumberPattern + @")\s+(?:[\w-]+\s+){0,6}?(?:" + Nouns + @")\b", RegexOptions.IgnoreCase)]
        private static partial Regex BeforeNoun();

        [GeneratedRegex(@"\b(?:propose|suggest|give me|gimme|list|generate|design|find|need|want|show me|recommend|come up with)\s+(?:me\s+|us\s+)?(?:about\s+|around\s+|roughly\s+|some\s+)?(?<n>" + NumberPattern + @")(?![\w.])", RegexOptions.IgnoreCase)]
        private static partial Regex AfterVerb();

        [GeneratedRegex(@"^\s*(?<n>" + NumberPattern + @")(?![\w.])", RegexOptions.IgnoreCase)]
        private static partial Regex Leading();
    }

    /// <summary>"the Na–Mn–Si–O system", "Li–Mn–O compositions", "using only Li, Fe, P and O", "made only of Ba, Ti and O" → the chemical system (each element included, nothing else).</summary>
    /// <summary>
    /// "phosphates of Li and Fe", "borohydrides of alkali or alkaline-earth metals": the class's elements and those named
    /// after "of" are the whole system (LiFePO4, not Li4V3Cr3Fe2P6O24). Nothing is taken, so the later rules still read the
    /// elements and families as required; "containing Li and Fe" leaves the system open.
    /// </summary>
    private sealed partial class ClassOfRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in ClassOf().Matches(r.Free))
            {
                if (!ChemistryLexicon.TryCompoundClass(m.Groups["c"].Value, out var compoundClass))
                {
                    continue;
                }

                var captures = m.Groups["item"].Captures.ToList();
                var items = captures.Select(c => ElementsOf(Regex.Replace(c.Value, @"^(?:an?|the)\s+", string.Empty, RegexOptions.IgnoreCase), inList: true)).ToList();
                var end = items.FindIndex(i => i is null);
                // "of Li and Fe, 10 please": the list ends at a comma before a word that is no element; "of Li and good
                // stability" is no list of elements at all.
                if (end == 0 || (end > 0 && !Regex.IsMatch(r.Free[(captures[end - 1].Index + captures[end - 1].Length)..captures[end].Index], @"^\s*,\s*$")))
                {
                    continue;
                }

                items = end > 0 ? items[..end] : items;

                r.ClassSystem ??= ([], m.Value.Trim());
                r.ClassSystem.Value.Elements.AddRange(compoundClass.Include.Concat(compoundClass.AnyOf).Concat(items.SelectMany(i => i!)));
            }
        }

        private const string Item = @"(?<item>(?:(?:an?|the)\s+)?(?:[345]d|[A-Za-z][a-z]*)(?:[- ](?:earths?|metals?|elements?|transition[- ]metals?))?)";

        [GeneratedRegex(@"\b(?<c>\p{L}+)\s+of\s+" + Item + @"(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|and/or|&)\s+)" + Item + @")*(?![\w-])")]
        private static partial Regex ClassOf();
    }

    private sealed partial class SystemRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in Chain().Matches(r.Free))
            {
                var parts = Regex.Split(m.Value, @"\s*[-/–]\s*").ToList();
                var symbols = parts.Select(p => ChemistryLexicon.TryElement(p, inList: true, out var s) ? s : null).ToList();
                var placeholders = parts.Where((p, i) => symbols[i] is null && p is "M" or "A" or "B" or "X" or "TM" or "RE" or "Ln").ToList();
                if (symbols.Count(s => s is not null) + placeholders.Count != parts.Count || !symbols.Any(s => s is not null))
                {
                    continue;
                }

                r.Take(m);
                foreach (var s in symbols.OfType<string>())
                {
                    r.AddInclude(s);
                }

                if (placeholders.Count == 0)
                {
                    r.ElementsOnly ??= [];
                    r.ElementsOnly.AddRange(symbols.OfType<string>());
                }

                r.ExactElements ??= parts.Count;
            }

            foreach (Match m in Only().Matches(r.Free))
            {
                // The list ends at the first word that is not an element ("only Li, Fe, P and O, and tell me …").
                var items = m.Groups["item"].Captures.TakeWhile(c => ChemistryLexicon.TryElement(c.Value, inList: true, out _)).ToList();
                if (items.Count < 2)
                {
                    continue;
                }

                r.Take(m.Index, items[^1].Index + items[^1].Length - m.Index);
                r.ElementsOnly = items.Select(c => ChemistryLexicon.TryElement(c.Value, inList: true, out var s) ? s! : string.Empty).ToList();
                foreach (var s in r.ElementsOnly)
                {
                    r.AddInclude(s);
                }
            }

            foreach (Match m in MadeOf().Matches(r.Free))
            {
                // "made of Na, one 3d transition metal, P and O": a closed list, each item an element or one member of a
                // family, so the system is those and the element count is the list's length. Regression: the generator's
                // six-element Na phosphates met "include Na, P, O" and not what was asked. The list ends at its first item
                // that is neither ("… and O - no Co or Ni").
                var items = new List<(string Text, IReadOnlyList<string> Elements, bool Family)>();
                var end = m.Groups["list"].Index;
                foreach (Match item in Item().Matches(m.Groups["list"].Value))
                {
                    var text = Regex.Replace(item.Groups["x"].Value, @"^(?:an?|one|single)\s+", string.Empty, RegexOptions.IgnoreCase).Trim();
                    var isElement = ChemistryLexicon.TryElement(text, inList: true, out var symbol);
                    var family = isElement ? null : FamilyName(Regex.Replace(text, @"[- ](?:metals?|elements?|ions?|cations?)$", string.Empty, RegexOptions.IgnoreCase)) ?? FamilyName(text);
                    // "one of Si or P": one element from a short list, a group like a family's (regression r17-09: the list
                    // stopped there and "Na, Zr, one of Si or P, and O" became a two-element system).
                    var choice = isElement || family is not null ? null : Choice(text);
                    if (!isElement && family is null && choice is null)
                    {
                        break;
                    }

                    items.Add((text, isElement ? [symbol!] : choice ?? [family!], !isElement));
                    end = m.Groups["list"].Index + item.Index + item.Length;
                }

                if (items.Count < 2 || items.All(i => i.Family))
                {
                    continue;
                }

                r.Take(m.Index, end - m.Index);
                r.ElementsOnly ??= [];
                foreach (var (_, elements, isFamily) in items)
                {
                    r.ElementsOnly.AddRange(elements);
                    if (isFamily)
                    {
                        r.AddGroup(elements);
                    }
                    else
                    {
                        r.AddInclude(elements[0]);
                    }
                }

                r.ExactElements ??= items.Count;
                r.AddNote($"Read \"{r.Text[m.Index..end].Trim()}\" as the whole system: exactly {items.Count} elements, one from each item.");
            }
        }

        // "of Si or P", "either Ti or Zr", "Mn/Fe": the elements of a choice, or null when an item is not an element.
        private static List<string>? Choice(string text)
        {
            var words = Regex.Replace(text, @"^(?:of\s+)?(?:either\s+)?", string.Empty, RegexOptions.IgnoreCase).Split([" or ", "/", ","], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var symbols = new List<string>();
            foreach (var word in words)
            {
                if (!ChemistryLexicon.TryElement(word, inList: true, out var symbol))
                {
                    return null;
                }

                symbols.Add(symbol!);
            }

            return symbols.Count >= 2 ? symbols.Distinct(StringComparer.Ordinal).ToList() : null;
        }

        [GeneratedRegex(@"\b(?:made (?:up )?of|made from|composed of|consisting of|consist of|comprising|built from)\s+(?<list>[^.;:?!]+)", RegexOptions.IgnoreCase)]
        private static partial Regex MadeOf();

        [GeneratedRegex(@"\G\s*(?:,\s*(?:and\s+|plus\s+)?|\band\s+|\bplus\s+)?(?<x>(?:(?:an?|one|single)\s+)?[A-Za-z0-9][A-Za-z0-9-]*(?:\s+(?!and\b|plus\b)[A-Za-z-]+){0,3}?)(?=\s*(?:,|\band\b|\bplus\b|$|\s[-–—]\s|\s*\())", RegexOptions.IgnoreCase)]
        private static partial Regex Item();

        [GeneratedRegex(@"(?<![\w-])(?:[A-Z][a-z]?|TM|RE)(?:\s*[-–/]\s*(?:[A-Z][a-z]?|TM|RE))+(?![\w-])")]
        private static partial Regex Chain();

        [GeneratedRegex(@"\b(?:only|just|solely|exclusively|nothing\s+but)\s+(?:(?:of|from|with|using|containing|contain|the\s+elements|the)\s+)*(?<item>[A-Za-z]{1,12})(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?<item>[A-Za-z]{1,12}))+\b|\b(?<item>[A-Z][a-z]?)(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?<item>[A-Z][a-z]?))+\s+only\b")]
        private static partial Regex Only();
    }

    /// <summary>"an alkali metal", "one rare-earth element", "a transition metal", "3d metals only" → at least one member of the family.</summary>
    private sealed partial class FamilyRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            // Each group is one or more families: "alkali or alkaline-earth metals" is one choice, "an alkali and a rare
            // earth" two requirements.
            var groups = new List<List<string>>();
            var free = r.Free;
            Match? previous = null;
            foreach (Match m in Family().Matches(free))
            {
                if (FamilyName(m.Groups["f"].Value) is not { } name)
                {
                    continue;
                }

                r.Take(m);
                if (previous is not null && Either().IsMatch(free[(previous.Index + previous.Length)..m.Index]))
                {
                    groups[^1].Add(name);
                }
                else
                {
                    groups.Add([name]);
                }

                previous = m;
            }

            // "transition-metal oxides, 3d metals only": the narrower family is the one meant.
            if (groups.Any(g => g.Any(f => f.EndsWith("_transition_metal", StringComparison.Ordinal))))
            {
                groups.RemoveAll(g => g is ["transition_metal"]);
            }

            foreach (var group in groups)
            {
                r.AddGroup(group);
            }
        }

        [GeneratedRegex(@"^\s*(?:,\s*)?(?:or|and/or|/)\s*$", RegexOptions.IgnoreCase)]
        private static partial Regex Either();

        [GeneratedRegex(@"\b(?:an?\s+|one\s+|single\s+|some\s+|any\s+)?(?<f>[345]d(?:[- ]transition)?[- ]metals?|[345]d transition metals?|transition[- ]metals?|TMs?|alkali(?:ne[- ]earths?)?|alkali[- ]metals?|alkaline[- ]earth[- ]metals?|rare[- ]earths?|lanthanides?|lanthanoids?|actinides?|halogens?|chalcogens?|pnictogens?|noble[- ]gas(?:es)?|noble[- ]metals?|platinum[- ]group(?:[- ]metals?)?|metalloids?)(?:[- ](?:metals?|elements?|ions?|cations?))?(?:\s+only)?\b", RegexOptions.IgnoreCase)]
        private static partial Regex Family();
    }

    /// <summary>"S, Se or Te", "Li or Na plus B or Al" → one of these in each candidate.</summary>
    private sealed partial class ElementAlternativesRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in Alternatives().Matches(r.Free))
            {
                var captures = m.Groups["e"].Captures.ToList();
                var symbols = captures.Select(c => ChemistryLexicon.TryElement(c.Value, inList: true, out var s) ? s : null).ToList();
                if (symbols.Any(s => s is null))
                {
                    continue;
                }

                // "Na, Zr, Si or P, O": the list goes on after the choice, so it is a list of elements in which "or" joins
                // only its two neighbours; the others are required (a later rule reads them), not alternatives.
                var continues = captures.Count > 2 && ListContinues().IsMatch(r.Free[(m.Index + m.Length)..]);
                if (continues)
                {
                    var from = captures[^2];
                    r.Take(from.Index, m.Index + m.Length - from.Index);
                    r.AddGroup(symbols.TakeLast(2).OfType<string>());
                    continue;
                }

                r.Take(m);
                r.AddGroup(symbols.OfType<string>());
            }
        }

        [GeneratedRegex(@"(?<![\w-])(?<e>[A-Z][a-z]?|[a-z]{4,12})(?:\s*,\s*(?<e>[A-Z][a-z]?|[a-z]{4,12}))*\s*,?\s+(?:or|and/or)\s+(?<e>[A-Z][a-z]?|[a-z]{4,12})(?![\w-])")]
        private static partial Regex Alternatives();

        [GeneratedRegex(@"^\s*,\s*[A-Z][a-z]?(?![\w-])")]
        private static partial Regex ListContinues();
    }

    /// <summary>"nitrides" → N the anion; "oxysulfides" → O and S; "halides" → a halogen; "phosphates" → P and O; "arsenides or antimonides" → As or Sb.</summary>
    private sealed partial class CompoundClassRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in Alternatives().Matches(r.Free))
            {
                var classes = m.Groups["c"].Captures.Select(c => ChemistryLexicon.TryCompoundClass(c.Value, out var cc) ? cc : null).ToList();
                if (classes.Count < 2 || classes.Any(c => c is null))
                {
                    continue;
                }

                r.Take(m);
                r.AddGroup(classes.SelectMany(c => c!.Anion is { } a ? [a] : c.Include.Concat(c.AnyOf)));
            }

            foreach (Match m in Word().Matches(r.Free))
            {
                if (!ChemistryLexicon.TryCompoundClass(m.Value, out var compoundClass))
                {
                    continue;
                }

                r.Take(m);
                foreach (var s in compoundClass.Include)
                {
                    r.AddInclude(s);
                }

                if (compoundClass.AnyOf.Count > 0)
                {
                    r.AddGroup(compoundClass.AnyOf);
                }

                if (compoundClass.Anion is { } anion)
                {
                    r.Anions.Add(anion);
                }
                else if (compoundClass.Include.Count + (compoundClass.AnyOf.Count > 0 ? 1 : 0) >= 2)
                {
                    // A mixed-anion class names all its anions: Sm3TaN2OF5 is no oxynitride, Dy2Ta2FeS7N2O3 no oxynitride either.
                    var own = compoundClass.Include.Concat(compoundClass.AnyOf).ToHashSet(StringComparer.Ordinal);
                    r.ClassExclude.Add((m.Value, AnionFormers.Where(e => !own.Contains(e)).ToList()));
                }
            }
        }

        // The elements that take the anion's place in inorganic compounds (halide, chalcogenide, nitride, carbide, hydride).
        private static readonly string[] AnionFormers = ["F", "Cl", "Br", "I", "O", "S", "Se", "Te", "N", "C", "H"];

        [GeneratedRegex(@"\b(?<c>[a-z]+(?:ides?|ates?))(?:\s*,\s*(?<c>[a-z]+(?:ides?|ates?)))*\s*,?\s+(?:or|and/or)\s+(?<c>[a-z]+(?:ides?|ates?))\b", RegexOptions.IgnoreCase)]
        private static partial Regex Alternatives();

        [GeneratedRegex(@"[\p{L}]+")]
        private static partial Regex Word();
    }

    /// <summary>Elements named anywhere else ("Ba oxysulfides", "silver chalcogenides", "with Li", "Mg-based", "A = Mg") → included.</summary>
    private sealed partial class ElementMentionRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            foreach (Match m in Token().Matches(r.Free))
            {
                var word = m.Value;
                string? symbol = null;
                if (word.Length <= 2 && char.IsAsciiLetterUpper(word[0]) && ElementTable.Default.TryGet(word, out var element))
                {
                    // "I" the pronoun and "In"/"As"/"No"/"Be" opening a sentence are words, not elements.
                    var atStart = m.Index == 0 || Regex.IsMatch(r.Text[..m.Index], @"[.?!:]\s*$");
                    var listed = Regex.IsMatch(r.Text[..m.Index], @"\b[A-Z][a-z]?\s*(?:,|and|or)\s*$");
                    if ((word == "I" && !listed) || (atStart && word is "In" or "As" or "No" or "Be" or "At" or "He" or "So"))
                    {
                        continue;
                    }

                    // "Pb or Sn on the B site", "B-site cation", "B = Ti or Zr": a site of the prototype, not boron.
                    if (word is "B" or "C" && SiteLabel().IsMatch(r.Text[(m.Index + m.Length)..]))
                    {
                        // The site word goes with its letter, so that "site" is not reported as unused.
                        var siteWord = SiteWord().Match(r.Text[(m.Index + m.Length)..]);
                        r.Take(m.Index, m.Length + (siteWord.Success ? siteWord.Length : 0));
                        continue;
                    }

                    symbol = element.Symbol;
                }
                else if (word.Length >= 3 && ChemistryLexicon.TryElementName(word, out var named) && !IsOtherSense(r.Text, m))
                {
                    symbol = named;
                }
                else if (word.Length == 1 && word[0] > 0x2E80 && ChemistryLexicon.TryElementName(word, out var chinese))
                {
                    symbol = chinese;
                }

                if (symbol is not null)
                {
                    r.Take(m);
                    r.AddInclude(symbol);
                }
            }
        }

        // "lead generation", "iron out", "hydrogen storage" (the element is then implied anyway, as a hydride).
        private static bool IsOtherSense(string text, Match m) =>
            m.Value.Equals("lead", StringComparison.OrdinalIgnoreCase) && Regex.IsMatch(text[(m.Index + m.Length)..], @"^\s+(?:to|generation|candidates?|the)\b", RegexOptions.IgnoreCase);

        [GeneratedRegex(@"(?<![\w])[A-Z][a-z]?(?![\w])|\b[a-z]{3,12}\b|[\u4e00-\u9fff]")]
        private static partial Regex Token();

        [GeneratedRegex(@"^(?:[- ]?sites?\b|[- ]?site[- ]cations?\b|\s*=\s*(?:[A-Z][a-z]?\b|\{))")]
        private static partial Regex SiteLabel();

        [GeneratedRegex(@"^[- ]?sites?\b(?:[- ]cations?\b)?")]
        private static partial Regex SiteWord();
    }

    /// <summary>
    /// No element count, prototype, system or example: at most five elements, a named default. 98.1 % of the compositions in
    /// the Materials Project reference (mp_e_form_reduced.csv) have five or fewer; without a bound the generator met "Ta
    /// oxynitrides, gap 2–3 eV" with ZrTaVRuRhNO7 and Sr2YTaCuIr2NO6. "any number of elements" lifts it.
    /// </summary>
    private sealed partial class DefaultElementBoundRule : IDesignRule
    {
        public const int DefaultMax = 5;

        public void Apply(DesignReading r)
        {
            if (AnyCount().Match(r.Free) is { Success: true } any)
            {
                r.Take(any);
                return;
            }

            // A system of named elements bounds itself; one with a family in it ("borohydrides of alkali metals") does not.
            var closed = (r.ElementsOnly ?? r.ClassSystem?.Elements) is { } system && system.All(e => e.Length <= 2);
            if (r.ExactElements is not null || r.MaxElements is not null || r.MinElements is not null || r.Stoichiometry is not null || closed
                || r.Include.Count + r.IncludeAny.Count > DefaultMax)
            {
                return;
            }

            r.MaxElements = DefaultMax;
            r.AddNote($"At most {DefaultMax} elements (default: no element count was given, and 98 % of known compositions have {DefaultMax} or fewer); say \"any number of elements\" or \"up to 7 elements\" to change it.");
        }

        [GeneratedRegex(@"\b(?:any|whatever|unlimited|no limit on the)\s+(?:number of\s+)?elements?(?:\s+count)?\b", RegexOptions.IgnoreCase)]
        private static partial Regex AnyCount();
    }

    /// <summary>
    /// "tantalum oxynitrides with an alkaline earth (like BaTaO2N)", "NaYF4-type hosts": with no element count and no
    /// prototype, the example's number of elements bounds the candidates'. Without it the generator's 6–8-element oxynitrides
    /// met every constraint and none of what the user meant. An example the request's elements cannot fit is left unused.
    /// </summary>
    private sealed partial class ExemplarRule : IDesignRule
    {
        public void Apply(DesignReading r)
        {
            if (r.ExactElements is not null || r.MaxElements is not null || r.MinElements is not null || r.Stoichiometry is not null || r.ElementsOnly is not null)
            {
                return;
            }

            var matches = new[] { Before(), After() }.SelectMany(p => p.Matches(r.Free)).ToList();
            var examples = matches.SelectMany(m => m.Groups["ex"].Captures)
                .Select(c => Composition.TryParse(c.Value, out var x, out _) ? x : null).OfType<Composition>().Where(x => x.ElementCount >= 2).ToList();
            if (examples.Count == 0)
            {
                return;
            }

            var most = examples.Max(x => x.ElementCount);
            var written = string.Join(", ", examples.Select(x => x.Formula).Distinct(StringComparer.Ordinal));
            if (most < r.Include.Count + r.IncludeAny.Count)
            {
                // "Li, Fe, Mn and P oxides like LiFePO4": the named elements need more than the example has; they win.
                r.AddNote($"The example {written} has {most} elements, fewer than the request names, so it does not bound the element count.");
                return;
            }

            foreach (var m in matches)
            {
                r.Take(m);
            }

            r.MaxElements = most;
            r.AddNote($"At most {most} elements, as in the example {written}: no element count was given (say \"quaternary\" or \"up to 5 elements\" to change it).");
        }

        private const string Formula = "(?<ex>" + FormulaPattern + ")";

        private const string Formulas = Formula + @"(?:\s*(?:,|/|\bor\b|\band\b)\s*" + Formula + @")*";

        // "like BaTaO2N", "such as LiBH4 or NaAlH4", "e.g. Li3PS4".
        [GeneratedRegex(@"\b(?:like|such as|e\.\s?g\.|for example|for instance|similar to|analogous to|resembling|akin to)\s*[:,]?\s*(?:the\s+)?" + Formulas + @"(?![\w(])")]
        private static partial Regex Before();

        // "NaYF4-type", "LiBH4 / NaAlH4 type", "Li3PS4-like".
        [GeneratedRegex(@"(?<![\w)])" + Formulas + @"\s*[- ]\s*(?:type|like|based|family|structured|structure)\b")]
        private static partial Regex After();
    }

    /// <summary>Applications (cathode, thermoelectric, PV absorber, …) are not predicted: a note says so and which proxy, if any, there is. Their words stay in not_used.</summary>
    private sealed partial class ApplicationRule : IDesignRule
    {
        private static readonly (Regex Pattern, string Note)[] Notes =
        [
            (new Regex(@"\b(?:cathodes?|anodes?|batter(?:y|ies)|electrodes?|sodium-ion|li-ion|lithium-ion|(?:na|k|mg|zn)-ion)\b", RegexOptions.IgnoreCase), "Battery performance (voltage, capacity, cycling) is not predicted; only composition validity, novelty, formation energy, band gap and metal probability are."),
            (new Regex(@"\bthermoelectrics?\b", RegexOptions.IgnoreCase), "Thermoelectric performance (zT, Seebeck coefficient, thermal conductivity) is not predicted; the band gap is the only related prediction."),
            (new Regex(@"\b(?:PV|photovoltaics?|solar|absorbers?)\b", RegexOptions.IgnoreCase), "Photovoltaic performance is not predicted; the predicted band gap is the proxy (about 1–1.8 eV for an absorber)."),
            (new Regex(@"\b(?:solid[- ]state electrolytes?|solid electrolytes?|electrolytes?|ionic conduct\w*)\b", RegexOptions.IgnoreCase), "Ionic conductivity is not predicted; a wide predicted band gap is the only related proxy (electronic insulation)."),
            (new Regex(@"\bcatal\w+\b", RegexOptions.IgnoreCase), "Catalytic activity is not predicted."),
            (new Regex(@"\bmagnet\w*\b", RegexOptions.IgnoreCase), "Magnetic properties are not predicted."),
            (new Regex(@"\bscintil+\w*\b", RegexOptions.IgnoreCase), "Scintillation performance (light yield, decay time) is not predicted; the band gap and metal probability are the only related predictions."),
            (new Regex(@"\bhydrogen storage\b", RegexOptions.IgnoreCase), "Hydrogen capacity and desorption temperature are not predicted."),
            (new Regex(@"\bsuperconduct\w*\b", RegexOptions.IgnoreCase), "Superconductivity is not predicted by any tool."),
            (new Regex(@"\b(?:upconversion|phosphors?|luminescen\w*|LEDs?)\b", RegexOptions.IgnoreCase), "Optical performance (luminescence, upconversion efficiency) is not predicted; the band gap is the only related prediction."),
        ];

        public void Apply(DesignReading r)
        {
            foreach (var (pattern, note) in Notes)
            {
                if (pattern.IsMatch(r.Text))
                {
                    r.AddNote(note);
                }
            }
        }
    }
}
