using System.Globalization;
using System.Text.RegularExpressions;
using MatAssistant.Chemistry;

namespace MatAssistant.Agent.Planning;

/// <summary>
/// Reads a user's message into an intent and slots without any language model: the offline planner's front half.
/// Deterministic and rule-based on purpose, so that the default brain needs no weights and its behaviour is testable.
/// </summary>
public static partial class RequestParser
{
    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fifteen"] = 15, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["hundred"] = 100, ["dozen"] = 12,
    };

    /// <summary>Reads <paramref name="message"/> with the rules alone.</summary>
    public static ParsedRequest Parse(string message) => Parse(message, intent: null);

    /// <summary>
    /// Reads <paramref name="message"/> as <paramref name="intent"/> when given (the sentence encoder's vote, <see
    /// cref="RequestReader"/>), or as the rules decide. The slots are always read by the rules.
    /// </summary>
    public static ParsedRequest Parse(string message, RequestIntent? intent)
    {
        var text = Normalize(message);
        var formulas = FindFormulas(text);
        var chosen = intent ?? ReadIntent(text, formulas).Intent;
        switch (chosen)
        {
            case RequestIntent.Solve:
                var solve = ParseSolve(text);
                return new ParsedRequest(RequestIntent.Solve, message, null, formulas, null, solve, MissingForSolve(solve, text), solve.Unused) { Notes = solve.Derived };
            case RequestIntent.Design:
                var design = DesignRules.Read(text);
                return new ParsedRequest(RequestIntent.Design, message, null, formulas, design, null, design.Problem, design.NotUsed);
            case RequestIntent.Screen or RequestIntent.ExplainAndScreen:
                return new ParsedRequest(chosen, message, chosen == RequestIntent.ExplainAndScreen ? MatAssistant.Literature.QuestionSubject.Find(text) : null, formulas, null, null,
                    formulas.Count == 0 ? "Which formulas should I check? I found none in your message; write them as, for example, \"LiFePO4, NaCl\"." : null)
                {
                    Notes = LowerCaseFormulas(text).Select(x => $"Read \"{x.Typed}\" (typed in lower case) as {x.Formula}.").ToList(),
                };
            default:
                // "In plain words, what is …": the question is searched without its framing; a wish about the style is reported,
                // since the offline answer quotes the papers as written.
                var framing = Framing().Match(message);
                var question = framing.Success ? message[framing.Length..] : message;
                string[] notUsed = framing.Groups["style"].Success ? [$"{framing.Groups["style"].Value} (the answer quotes the papers' own words)"] : [];
                return new ParsedRequest(RequestIntent.Faq, question, MatAssistant.Literature.QuestionSubject.Find(Normalize(question)), formulas, null, null, null, notUsed);
        }
    }

    /// <summary>
    /// The rules' intent for <paramref name="message"/>, and whether they are sure of it (<see cref="RuleReading"/>).
    /// </summary>
    public static RuleReading ReadIntent(string message)
    {
        var text = Normalize(message);
        return ReadIntent(text, FindFormulas(text));
    }

    /// <summary>
    /// Solve before design before screen, as the rules have always ranked them; faq when none fires. The rules are
    /// unsure when nothing fired and the message does not read as a question about something (then faq is only the
    /// fallback), or when it does but carries formulas or quantities; and they disagree when more than one tool's signal
    /// fired.
    /// </summary>
    internal static RuleReading ReadIntent(string text, IReadOnlyList<string> formulas)
    {
        // "replace Co in LiCoO2 with Ni or Mn and say which are charge-balanced": the substituted compounds are proposed
        // and screened by design; screening the parent alone would not answer it. Not "which Na analogues of LiCoO2 does
        // the review discuss?", a question about the papers.
        if (DesignRules.SubstitutionRule.Matches(text) && !(LiteratureMarker().IsMatch(text) && !ImperativeDesign().IsMatch(text)))
        {
            return new RuleReading(RequestIntent.Design, true, [RequestIntent.Design]);
        }

        var fired = new List<RequestIntent>();
        if (LooksLikeSolve(text))
        {
            fired.Add(RequestIntent.Solve);
        }

        if (LooksLikeDesign(text))
        {
            fired.Add(RequestIntent.Design);
        }

        var literature = LiteratureMarker().IsMatch(text);
        if (formulas.Count > 0 && ScreenWords().IsMatch(text))
        {
            fired.Add(literature ? RequestIntent.ExplainAndScreen : RequestIntent.Screen);
        }

        var asks = IsQuestion(text) || literature || QuestionMark().IsMatch(text);
        if (fired.Count > 0)
        {
            // A formula in a question that only "is"/"are" ties to the screen ("how much CO2 is it?") is a weak signal.
            var weakScreen = fired is [RequestIntent.Screen or RequestIntent.ExplainAndScreen] && asks && !StrongScreenWords().IsMatch(text);
            return new RuleReading(fired[0], fired.Count == 1 && !weakScreen, fired);
        }

        // The faq fallback is sure only of a question without numbers given as values or problem words, and without
        // formulas unless it names the papers ("does any of my papers report the conductivity of Li7La3Zr2O12?": no
        // screening word fired, so the formula is what the papers are asked about).
        var computes = HasQuantities(text) || ValueGiven().IsMatch(text) || TemplateWords().IsMatch(text);
        return new RuleReading(RequestIntent.Faq, asks && (formulas.Count == 0 || literature) && !computes, fired);
    }

    [GeneratedRegex(@"\b(screen|screener|check|verify|validate|try|run|pass|passes|survive|funnel|valid|charge[- ]?(neutral|balanced)|neutrality|oxidation states?|electronegativity|error bars?|band[- ]?gaps?|formation energ\w*|metal(?:lic)? probability|insulat\w*|semiconduct\w*|metallic|metals?|conduct\w*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StrongScreenWords();

    // "k = 0.02 per second", "D = 3e-12 m2/s", "at 550 °C": a value given to compute with, whatever its unit.
    [GeneratedRegex(@"\b[A-Za-z]\w*\s*=\s*[-+]?\.?\d|\d\s*(?:°|K\b|kJ|eV|m\^?2/s|cm\^?2/s|%)", RegexOptions.IgnoreCase)]
    private static partial Regex ValueGiven();

    /// <summary>True when the message is a design instruction ("propose …", "could you give me …").</summary>
    internal static bool IsDesignInstruction(string text) => ImperativeDesign().IsMatch(text);

    /// <summary>True when the message cites papers or the library ("the review", "Hu et al.", "according to").</summary>
    internal static bool MentionsLiterature(string text) => LiteratureMarker().IsMatch(text);

    /// <summary>True when a solve reading finds an equation or a named problem, not only the "which equation?" question.</summary>
    internal static bool HasSomethingToSolve(string text)
    {
        var solve = ParseSolve(text);
        return solve.Equations.Count > 0 || solve.Template is not null;
    }

    [GeneratedRegex(@"[?？]")]
    private static partial Regex QuestionMark();

    /// <summary>
    /// A design request: a design verb given as an instruction with something to design, or a count of compound-class
    /// words ("15 novel quaternary oxyfluorides"), or an arity with a class ("ternary Li oxides, 10 please"). A question
    /// about what a paper's model generated is a literature question.
    /// </summary>
    private static bool LooksLikeDesign(string text)
    {
        if (LiteratureMarker().IsMatch(text) && !ImperativeDesign().IsMatch(text))
        {
            return false;
        }

        if (AsksKnownInSystem(text))
        {
            return true;
        }

        var noun = DesignNoun().IsMatch(text) || ClassWord(text);
        var count = CountedNoun().IsMatch(text) || CountPlease().IsMatch(text);
        var arity = Arity().IsMatch(text);
        if (ImperativeDesign().IsMatch(text) && (noun || count || arity))
        {
            return true;
        }

        if (DesignVerb().IsMatch(text) && !IsQuestion(text))
        {
            return true;
        }

        return (count && noun) || (arity && noun && !IsQuestion(text));
    }

    /// <summary>
    /// "which compounds of the Li-Ti-O system are already known?": what the known-materials reference holds in a chemical
    /// system, a design reading (listed from the reference), not a literature search. Every part must be an element.
    /// </summary>
    private static bool AsksKnownInSystem(string text) =>
        KnownWord().IsMatch(text) && ChemicalSystem().Matches(text).Any(m => m.Value.Split('-').All(part => MatAssistant.Chemistry.ChemistryLexicon.TryElement(part.Trim(), true, out _)));

    [GeneratedRegex(@"(?<![\w-])[A-Z][a-z]?(?:\s*-\s*[A-Z][a-z]?){1,5}(?![\w-])")]
    private static partial Regex ChemicalSystem();

    [GeneratedRegex(@"\b(?:known|reported|exist(?:s|ing)?|synthesi[sz]ed|in (?:the )?materials project|in MP)\b", RegexOptions.IgnoreCase)]
    private static partial Regex KnownWord();

    private static bool ClassWord(string text) =>
        Words().Matches(text).Any(m => MatAssistant.Chemistry.ChemistryLexicon.TryCompoundClass(m.Value, out _));

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();

    [GeneratedRegex(@"\b(?:et al|papers?|reviews?|(?:co-?)?authors?|articles?|the study|according to|in my library|library|corpus|documents?|reflections|frontiers|they (?:say|write|mention|list|describe)|mention(?:s|ed)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LiteratureMarker();

    [GeneratedRegex(@"(?:^\s*|(?<!\bal|\be\.g|\bi\.e)[.?!;:]\s+|[,(]\s*|\s-\s+|\b(?:pls|plz|please|can you|could you|would you|and|then|now|just|i need|we need|i want|help me)\s+)(?:propose|suggest|generate|design|invent|gimme|give me|list|recommend|come up with|find me|need|want|looking for|search for|screen for)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ImperativeDesign();

    [GeneratedRegex(@"\b(?:compositions?|candidates?|compounds?|formulas?|materials?|oxides?|spinels?|perovskites?|garnets?|alloys?|hosts?|phases?|analogues?|analogs?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DesignNoun();

    [GeneratedRegex(@"(?<![\w.)])(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|a dozen|dozen)\s+(?:[\w-]+\s+){0,5}?(?:compositions?|candidates?|compounds?|formulas?|[a-z]*(?:ides|ates|ites)|spinels|perovskites|garnets|ones|hosts|analogues|analogs)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CountedNoun();

    [GeneratedRegex(@"(?<![\w.])\d{1,4}\s+(?:please|pls|plz|of them)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CountPlease();

    [GeneratedRegex(@"\b(?:binary|ternary|quaternary|quinary)\b|[二三四五]元", RegexOptions.IgnoreCase)]
    private static partial Regex Arity();

    /// <summary>
    /// Invisible characters out (byte-order mark, bidi controls, zero-width characters: pasted text carries them and they
    /// must not change the reading); Unicode minus, dashes, sub- and superscripts and multiplication signs to ASCII, so the
    /// patterns stay simple.
    /// </summary>
    internal static string Normalize(string message)
    {
        var builder = new System.Text.StringBuilder(message.Length);
        foreach (var c in message)
        {
            if (c is '\uFEFF' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\u00AD' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069' || c is '\u200E' or '\u200F' or '\u061C')
            {
                continue;
            }

            builder.Append(c switch
            {
                >= '\u2080' and <= '\u2089' => (char)('0' + (c - '\u2080')),
                '\u2212' or '\u2013' or '\u2014' or '\u2010' or '\u2011' => '-',
                '\u00D7' or '\u22C5' => '*',
                '\u2019' or '\u2018' => '\'',
                '\u00A0' or '\u2009' or '\u202F' => ' ',
                _ => c,
            });
        }

        // Superscript runs (cm², 10⁻¹¹) as ^n, the way the quantity reader and the equation parser read them.
        var text = MatAssistant.Application.Units.QuantityReader.Normalize(builder.ToString())
            .Replace("\u2192", "->", StringComparison.Ordinal).Replace("\u27F6", "->", StringComparison.Ordinal).Trim();

        // "y'' + 4y = 0", "dc/dt + 0.3*c = 0.1": an equation written with other terms beside the highest derivative is
        // solved for it (y'' = (0) - (4y)), the explicit form every reader below expects.
        return ImplicitEquation().Replace(text, m => $"{m.Groups["d"].Value} = ({m.Groups["rhs"].Value.Trim()}) - ({m.Groups["rest"].Value.Trim().TrimStart('+').Trim()})");
    }

    [GeneratedRegex(@"(?<d>\bd\s*[A-Za-z]\w*\s*/\s*dt|\b[A-Za-z]\w*'{1,2})\s*(?<rest>[+-]\s*[^=,;:?]*?[A-Za-z][^=,;:?]*?)\s*=\s*(?<rhs>[-+]?[^=,;:?]+?)(?=\s*(?:[,;:?]|\.\s|\.$|\s(?:with|from|for|where|when|given|and|until|on)\b|$))")]
    private static partial Regex ImplicitEquation();

    // ---------------------------------------------------------------- intent

    /// <summary>
    /// An equation makes it a problem to solve. Without one, a question about something ("Which model generates 2D
    /// materials via diffusion?", "How can ChatGPT help with differential equations?") is a literature question unless it
    /// carries quantities to compute with ("How fast does a part cool from 1200 K?").
    /// </summary>
    private static bool LooksLikeSolve(string text)
    {
        if (Derivative().IsMatch(text) || PrimeEquation().IsMatch(text) || WordProblems.IsChain(text) || WordProblems.IsReversible(text))
        {
            return true;
        }

        // "Both the review and Hu et al. compare diffusion models with GANs - what …": a question about papers is not a
        // diffusion problem, even when it does not open with a question word.
        if ((IsQuestion(text) || (LiteratureMarker().IsMatch(text) && !SolveWords().IsMatch(text))) && !HasQuantities(text))
        {
            return false;
        }

        return SolveWords().IsMatch(text) || TemplateWords().IsMatch(text);
    }

    /// <summary>A question asking about something, as opposed to a request ("Can you propose …", "Please solve …").</summary>
    private static bool IsQuestion(string text) => QuestionStart().IsMatch(text) && !PoliteRequest().IsMatch(text);

    /// <summary>
    /// A short framing phrase before a question: "In plain words, what is …", "Quick question: how does …", "So, why …".
    /// It says how to answer, not what: the question is read without it (and a style wish is reported as not used).
    /// </summary>
    private const string FramingPattern = @"^\s*(?:(?<style>in\s+(?:plain|simple|short|a\s+few|layman'?s?)\s+(?:words|terms|english)|briefly|in\s+brief|in\s+short|simply\s+put|eli5)|quick(?:ly)?|quick\s+question|so|ok(?:ay)?|hi|hello|hey|out\s+of\s+curiosity|just\s+curious|one\s+more\s+thing|also|and)\s*[,:;!.—–-]?\s+";

    [GeneratedRegex(FramingPattern + @"(?=\w)", RegexOptions.IgnoreCase)]
    private static partial Regex Framing();

    // A leading phrase before the question word counts as framing when it opens with a preposition ("besides accuracy and
    // reproducibility, what …", "in the review, which …"); regression r17-05 was read as a design request.
    [GeneratedRegex(@"^\s*(?:" + FramingPattern + @")?(?:(?:besides|apart from|aside from|other than|beyond|except for|in addition to|compared (?:to|with)|regarding|about|for|in|on|according to|with respect to)\b[^,.?!;]{1,80},\s*)?(what|how|why|who|whom|which|when|where|does|did|do|is|are|was|were|has|have|explain|describe|define|tell me about|什么|为什么|如何|怎么|哪)", RegexOptions.IgnoreCase)]
    private static partial Regex QuestionStart();

    [GeneratedRegex(@"\b(can you|could you|would you|please|give me|i need|i want|i'd like|let's|help me (?:to )?(?:find|design|propose|generate|solve))\b", RegexOptions.IgnoreCase)]
    private static partial Regex PoliteRequest();

    /// <summary>Numbers with units or named values: "1200 K", "for 2 h", "h = 0.01" turn a "how fast does it cool" question into a problem to solve.</summary>
    private static bool HasQuantities(string text) =>
        Assignment().IsMatch(text) || ValueGiven().IsMatch(text) || Kelvin().IsMatch(text) || Celsius().IsMatch(text) || Duration().IsMatch(text) || HalfLives().IsMatch(text);

    // "after 3 half-lives": a time, counted in half-lives.
    [GeneratedRegex(@"\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\s+half[- ]?li(?:ves|fes)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HalfLives();

    [GeneratedRegex(@"\b(propose|generate|suggest|design|invent|come up with|give me|find|list|recommend|need|want|looking for|search for|discover|predict|screen for)\b.*\b(compositions?|candidates?|materials?|compounds?|formulas?|oxides?|nitrides?|sulfides?|halides?|chalcogenides?|phosphates?|alloys?|cathodes?|anodes?|electrolytes?|semiconductors?|insulators?|perovskites?|binaries|ternaries|quaternaries|quinaries)\b|\b(new|novel|hypothetical)\s+(compositions?|candidates?|materials?|compounds?|binaries|ternaries|quaternaries|quinaries)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DesignVerb();

    [GeneratedRegex(@"\b(screen|screener|check|verify|validate|try|run|pass|passes|survive|funnel|is|are|r|valid|charge[- ]?(neutral|balanced)|neutrality|oxidation states?|electronegativity|stable|novel|known|predict\w*|models?|show me|compare|error bars?|uncertaint\w*|band[- ]?gaps?|gaps?|formation energ\w*|metal(?:lic)? probability|hydrates?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ScreenWords();

    [GeneratedRegex(@"\bd\s*([A-Za-z]\w*)\s*/\s*dt\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex Derivative();

    [GeneratedRegex(@"\b([A-Za-z]\w*)('{1,2})\s*=")]
    private static partial Regex PrimeEquation();

    [GeneratedRegex(@"\b(solve|integrate|simulate|ode|differential equation)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SolveWords();

    // A hot or cold body put into surroundings at another temperature: "a steel ball at 300 °C is put in air at 25 °C".
    private const string Immersed = @"\b(?:put|placed|dropped|plunged|immersed|left|set|moved)\s+(?:it\s+)?(?:in|into|on)\s+(?:an?\s+|the\s+)?(?:[-+]?\d+(?:\.\d+)?\s*°\s*c\s+)?(?:still\s+|cold\s+|hot\s+)?(?:air|water|oil|room|bath|furnace|oven|fridge|freezer|ice|brine)\b";

    [GeneratedRegex(Immersed + @"|\b(?:drops?|dropped|falls?|fell|decreases?|decreased)\s+from\s+[-+\d.]+\s*(?:°\s*[cf]|k)\b|\b(diffus\w*|carburi[sz]\w*|nitriding|nitrocarburi[sz]\w*|boriding|fick\w*|arrhenius|avrami|jmak|quench\w*|rate constant|consecutive reactions?|intermediate|johnson-mehl|newton'?s? (law of )?cooling|cool(?:s|ed|ing)?(?: down)?|robertson|reaction kinetics|what depth|first[- ]order|second[- ]order|k\s*=\s*[-+]?[\d.]+(?:e-?\d+)?\s*(?:s\^-1|1/s|per|/s|/min|/h|L|M\^-1)|1st[- ]order|2nd[- ]order|order reaction|half-life|how deep|into steel|n-th order|nth order|decay|heat(ing)? (equation|conduction)|concentration profile|case depth|depth (?:where|at which)|D\s*=\s*[\d.]+(?:e-?\d+)?\s*(?:m|cm|µm|um)(?:\^?2|²)/s|(?:alpha|α)\s*=\s*[\d.]+(?:e-?\d+)?\s*(?:m|cm)(?:\^?2|²)/s|grain (?:growth|coarsening)|(?:faces?|surfaces?|ends?)\s+(?:are\s+|is\s+)?(?:suddenly\s+)?(?:kept|held|maintained|fixed)\s+at|heat(?:s|ed)? up|warm(?:s|ed|ing)? up|activation energy|(?:rate|rate constant|reaction) (?:doubles|triples|quadruples|increases \d+(?:\.\d+)?[- ]?fold)|parabolic(?:ally)?|deal[- ]grove|k_?p(?=\s*=)|zero(?:th)?[- ]order|0th[- ]order)\b|\b[xd]\s*(?:\^\s*2|²)\s*(?:[-−]\s*[xd]_?0\s*(?:\^\s*2|²)\s*)?=\s*(?:k_?p|B|k)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TemplateWords();

    // ---------------------------------------------------------------- FAQ

    // ---------------------------------------------------------------- formulas and elements

    [GeneratedRegex(@"(?<![\w])(?:\(?[A-Z][a-z]?\d*(?:\.\d+)?\)?\d*){2,}(?:[·*][\dA-Z()]+)*(?![\w])|(?<![\w])[A-Z][a-z]?\d+(?:\.\d+)?(?![\w])")]
    private static partial Regex FormulaCandidate();

    /// <summary>Formulas in the text: tokens the Chemistry parser accepts that look like compounds (two or more elements, or a count), not words like "I" or "In".</summary>
    internal static IReadOnlyList<string> FindFormulas(string text)
    {
        var found = new List<string>();
        // 'Ca Ti O O O': a composition written as a sequence of element tokens, the way language models see it.
        foreach (Match m in TokenSequence().Matches(text))
        {
            var symbols = m.Groups["seq"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (symbols.All(sym => ElementTable.Default.TryGet(sym, out _)) && symbols.Distinct().Count() >= 2)
            {
                var formula = string.Concat(symbols.Distinct().Select(sym => sym + (symbols.Count(x => x == sym) is var n and > 1 ? n.ToString(CultureInfo.InvariantCulture) : string.Empty)));
                if (!found.Contains(formula))
                {
                    found.Add(formula);
                }
            }
        }

        // "Na2CO3.10H2O": a full stop before water of crystallisation is the hydrate dot, not a decimal point.
        text = HydrateDot().Replace(text, "·$1H2O");
        foreach (Match m in FormulaCandidate().Matches(text))
        {
            var token = m.Value.Trim();
            if (FormulaParser.TryParse(token, out var composition, out _)
                && (composition.ElementCount >= 2 || char.IsAsciiDigit(token[^1]))
                && !IsEnglishWord(token)
                && !found.Contains(token))
            {
                found.Add(token);
            }
        }

        // "Si, Ge or GaAs": an element in a list beside a compound is a formula to screen too; alone ("Co", "In", "As")
        // it is too often a word. Symbols that are everyday words stay out even in a list.
        var listed = false;
        if (found.Count > 0)
        {
            foreach (Match list in FormulaList().Matches(text))
            {
                var items = list.Groups["item"].Captures.Select(c => c.Value).ToList();
                if (!items.Any(found.Contains))
                {
                    continue;
                }

                foreach (var item in items.Where(i => i.Length <= 2 && ElementTable.Default.TryGet(i, out _) && !SymbolLikeWord(i) && !found.Contains(i)))
                {
                    found.Add(item);
                    listed = true;
                }
            }
        }

        if (listed)
        {
            // In the order written, as the table shows them.
            found = [.. found.OrderBy(f => Regex.Match(text, $@"(?<![\w]){Regex.Escape(f)}(?![\w])") is { Success: true } at ? at.Index : int.MaxValue)];
        }

        // "also check licoo2": a formula typed in lower case, in a request to check formulas, where its case is clear.
        foreach (var (_, formula) in LowerCaseFormulas(text))
        {
            if (!found.Contains(formula))
            {
                found.Add(formula);
            }
        }

        return found;
    }

    /// <summary>
    /// Formulas typed in lower case ("licoo2" → LiCoO2, <see cref="FormulaCase"/>), read only in a request to check
    /// formulas: elsewhere a lower-case token with a digit is more often a name (qm9, mp20) than a formula.
    /// </summary>
    internal static IReadOnlyList<(string Typed, string Formula)> LowerCaseFormulas(string text)
    {
        if (!StrongScreenWords().IsMatch(text))
        {
            return [];
        }

        var list = new List<(string, string)>();
        foreach (Match m in LowerToken().Matches(text))
        {
            if (FormulaCase.TryRestore(m.Value, out var formula) && !list.Any(x => x.Item2 == formula))
            {
                list.Add((m.Value, formula));
            }
        }

        return list;
    }

    [GeneratedRegex(@"(?<![\w.])[a-z][a-z0-9.]*\d[a-z0-9.]*(?<!\.)(?![\w])")]
    private static partial Regex LowerToken();

    [GeneratedRegex(@"['‘""“](?<seq>(?:[A-Z][a-z]?\s+)+[A-Z][a-z]?)['’""”]")]
    private static partial Regex TokenSequence();

    [GeneratedRegex(@"(?<=[A-Za-z)\d])\.(\d*)H2O\b")]
    private static partial Regex HydrateDot();

    // Capitalised words that parse as formulas ("No", "Cu" alone are excluded by the two-element rule; these are not).
    private static bool SymbolLikeWord(string symbol) => symbol is "I" or "In" or "As" or "At" or "Be" or "He" or "No" or "Am" or "Pm" or "Es" or "Md";

    [GeneratedRegex(@"(?<![\w.])(?<item>[A-Z][A-Za-z0-9().]*)(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:or|and|vs\.?|versus)\s+)(?<item>[A-Z][A-Za-z0-9().]*))+(?![\w])")]
    private static partial Regex FormulaList();

    private static bool IsEnglishWord(string token) => token is "HOw" or "NO" or "CO" or "OK" or "PDF" or "CNN" or "GAN" or "VAE" or "GNN" or "DFT" or "ICSD" or "SMACT" or "MOF" or "MOFs" or "CIF" or "BERT" or "GPT" or "LLM"
        || token.All(char.IsAsciiLetterUpper) && token.Length >= 3 && !token.Any(char.IsAsciiDigit);

    // ---------------------------------------------------------------- design

    /// <summary>Reads a design request's slots (<see cref="DesignRules"/>).</summary>
    internal static DesignSlots ParseDesign(string text) => DesignRules.Read(Normalize(text));

    // ---------------------------------------------------------------- solve

    private const string Number = @"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?";

    [GeneratedRegex(@"(?<lhs>\bd\s*(?<v>[A-Za-z]\w*)\s*/\s*dt|(?<v2>\b[A-Za-z]\w*)(?<p>'{1,2}))\s*=\s*(?<rhs>.+?)(?=\s*(?:,\s*(?:d\s*[A-Za-z]\w*\s*/\s*dt|[A-Za-z]\w*'|with\b|from\b|for\b|where\b|and\b|given\b|[A-Za-z]\w*\s*\(\s*0\s*\))|;|\s+(?:with|from|for|where|when|given|using|over|until|on|and)\b|\.\s|\.$|$))", RegexOptions.IgnoreCase)]
    private static partial Regex EquationPattern();

    [GeneratedRegex(@"\b(?<v>[A-Za-z]\w*)\s*\(\s*(?<t>0|t0|0\.0)\s*\)\s*=\s*(?<x>" + Number + ")")]
    private static partial Regex InitialCall();

    [GeneratedRegex(@"\b(?<v>[A-Za-z][A-Za-z]?)_?0\s*=\s*(?<x>" + Number + ")")]
    private static partial Regex InitialSubscript();

    [GeneratedRegex(@"\b(?<v>[A-Za-z]\w*)'\s*\(\s*0\s*\)\s*=\s*(?<x>" + Number + ")")]
    private static partial Regex InitialDerivative();

    [GeneratedRegex(@"\bfrom\s+t\s*=\s*(?<a>" + Number + @")\s*(?:s\b)?\s*(?:to|until|through)\s*(?:t\s*=\s*)?(?<b>" + Number + @")|\bt\s*(?:in|∈)\s*\[\s*(?<a2>" + Number + @")\s*,\s*(?<b2>" + Number + @")\s*\]|\b(?:to|until|up to|till|at|when)\s+t\s*=\s*(?<b3>" + Number + ")", RegexOptions.IgnoreCase)]
    private static partial Regex TimeSpan();

    // Not the start of a formula: "X = 1 - exp(-(k t)^n)" states the model, it sets no parameter X.
    [GeneratedRegex(@"\b(?<name>[A-Za-z][A-Za-z0-9_]*)\s*=\s*(?<x>" + Number + @")(?![\d.])(?!\s*\*?\s*[A-Za-z(])(?!\s*[-+/^]\s*[\w(])")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"(?<x>" + Number + @"|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|half an?)\s*(?<u>seconds?|secs?|s|minutes?|mins?|min|hours?|hrs?|h|days?)\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"(?<x>" + Number + @")\s*(?:°\s*C|degrees? C(?:elsius)?|C\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Celsius();

    [GeneratedRegex(@"(?<x>" + Number + @")\s*K\b")]
    private static partial Regex Kelvin();

    [GeneratedRegex(@"\bD\s*(?:=|of|is)\s*(?<x>" + Number + @")(?:\s*\*\s*10\s*\^\s*(?<exp>-?\d+))?\s*(?<u>m\^2/s|m2/s|cm\^2/s|cm2/s)?", RegexOptions.None)]
    private static partial Regex DiffusionCoefficient();

    [GeneratedRegex(@"\b(?:depth|x|distance|position)\s*(?:=|of|is)?\s*(?<x>" + Number + @")\s*(?<u>mm|µm|um|μm|nm|cm|m)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Depth();

    [GeneratedRegex(@"\b(?:surface concentration|c_?s|cs)\s*(?:=|of|is)?\s*(?<x>" + Number + @")\s*(?<u>wt\s*%|at\s*%|%|mol/m\^3)?", RegexOptions.IgnoreCase)]
    private static partial Regex SurfaceConcentration();

    internal static SolveSlots ParseSolve(string text)
    {
        var equations = new List<string>();
        var variables = new List<string>();
        foreach (Match m in EquationPattern().Matches(text))
        {
            var variable = m.Groups["v"].Success ? m.Groups["v"].Value : m.Groups["v2"].Value;
            var lhs = m.Groups["v"].Success ? $"d{variable}/dt" : $"{variable}{m.Groups["p"].Value}";
            equations.Add($"{lhs} = {ImplicitProduct().Replace(m.Groups["rhs"].Value.Trim().TrimEnd('.', ','), "$1*")}");
            variables.Add(variable);
        }

        var initial = new Dictionary<string, double>();
        foreach (Match m in InitialCall().Matches(text))
        {
            initial[m.Groups["v"].Value] = ParseDouble(m.Groups["x"].Value);
        }

        foreach (Match m in InitialDerivative().Matches(text))
        {
            initial[m.Groups["v"].Value + "'"] = ParseDouble(m.Groups["x"].Value);
        }

        foreach (Match m in InitialSubscript().Matches(text))
        {
            var v = m.Groups["v"].Value;
            if (v != "t" && variables.Contains(v) && !initial.ContainsKey(v))
            {
                initial[v] = ParseDouble(m.Groups["x"].Value);
            }
        }

        double? t0 = null, t1 = null;
        var span = TimeSpan().Match(text);
        if (span.Success)
        {
            if (span.Groups["a"].Success)
            {
                (t0, t1) = (ParseDouble(span.Groups["a"].Value), ParseDouble(span.Groups["b"].Value));
            }
            else if (span.Groups["a2"].Success)
            {
                (t0, t1) = (ParseDouble(span.Groups["a2"].Value), ParseDouble(span.Groups["b2"].Value));
            }
            else
            {
                t1 = ParseDouble(span.Groups["b3"].Value);
            }
        }

        var quantities = new Dictionary<string, double>();
        var duration = Duration().Match(text);
        if (duration.Success)
        {
            quantities["time"] = ParseDurationSeconds(duration.Groups["x"].Value, duration.Groups["u"].Value);
            t1 ??= quantities["time"];
        }

        var kelvin = Kelvin().Match(text);
        var celsius = Celsius().Match(text);
        if (kelvin.Success)
        {
            quantities["T"] = ParseDouble(kelvin.Groups["x"].Value);
        }
        else if (celsius.Success)
        {
            quantities["T"] = ParseDouble(celsius.Groups["x"].Value) + 273.15;
        }

        var diffusion = DiffusionCoefficient().Match(text);
        if (diffusion.Success)
        {
            var d = ParseDouble(diffusion.Groups["x"].Value);
            if (diffusion.Groups["exp"].Success)
            {
                d *= Math.Pow(10, int.Parse(diffusion.Groups["exp"].Value, CultureInfo.InvariantCulture));
            }

            quantities["D"] = diffusion.Groups["u"].Value.StartsWith("cm", StringComparison.Ordinal) ? d * 1e-4 : d;
        }

        var depth = Depth().Match(text);
        if (depth.Success)
        {
            quantities["x"] = ParseDouble(depth.Groups["x"].Value) * depth.Groups["u"].Value switch
            {
                "mm" => 1e-3,
                "cm" => 1e-2,
                "nm" => 1e-9,
                "m" => 1,
                _ => 1e-6,
            };
        }

        var surface = SurfaceConcentration().Match(text);
        if (surface.Success)
        {
            quantities["cs"] = ParseDouble(surface.Groups["x"].Value);
        }

        var parameters = new Dictionary<string, double>();
        var withoutEquations = EquationPattern().Replace(text, m => new string(' ', m.Length));
        foreach (Match m in Assignment().Matches(withoutEquations))
        {
            var name = m.Groups["name"].Value;
            if (name is "t" or "t0" or "t1" or "T" or "D" || variables.Contains(name) || IsInitialName(name, variables) || name.Equals("x", StringComparison.Ordinal) && quantities.ContainsKey("x"))
            {
                continue;
            }

            parameters[name] = ParseDouble(m.Groups["x"].Value);
        }

        if (equations.Count == 0 && WordProblems.Chain(text) is { } chain)
        {
            return chain;
        }

        if (equations.Count == 0 && WordProblems.Reversible(text) is { } reversible)
        {
            return reversible;
        }

        if (equations.Count == 0 && FindTemplate(text) is { } template)
        {
            var reading = WordProblems.Template(text, template, parameters);
            return span.Success && t1 is { } end ? reading with { T1 = end, ExtendToAnswer = false } : reading;
        }

        var slots = new SolveSlots(equations, parameters, initial, t0, t1, null, quantities);
        return equations.Count > 0 ? WordProblems.Equations(text, slots, span.Success) : slots;
    }

    // "2x" in an equation is 2*x (not inside a name such as k2, nor the mantissa of 1e-3).
    [GeneratedRegex(@"(?<![\w.])(\d+(?:\.\d+)?)(?=[A-Za-z(])(?![eE][-+]?\d)")]
    private static partial Regex ImplicitProduct();

    private static bool IsInitialName(string name, List<string> variables) =>
        name.Length >= 2 && (name.EndsWith('0') || name.EndsWith("_0", StringComparison.Ordinal)) && variables.Contains(name.TrimEnd('0').TrimEnd('_'));

    internal static string? FindTemplate(string text)
    {
        var lower = text.ToLowerInvariant();
        if (lower.Contains("robertson", StringComparison.Ordinal))
        {
            return "robertson";
        }

        if (lower.Contains("avrami", StringComparison.Ordinal) || lower.Contains("jmak", StringComparison.Ordinal) || lower.Contains("johnson-mehl", StringComparison.Ordinal))
        {
            return "jmak";
        }

        // Two temperatures and a k are an Arrhenius pair, unless the body cools: "900 °C quenched in oil at 50 °C, k = 0.05 1/s".
        if (lower.Contains("arrhenius", StringComparison.Ordinal)
            || Regex.IsMatch(lower, @"\bea\s*=|activation energy|\d\s*k\s*/\s*(?:min|s|h)\b|heating rate|heated at|\bramp")
            || Regex.IsMatch(lower, @"\b(?:rate|rate constant|reaction|k)\s+(?:doubles|triples|quadruples|increases\s+\d+(?:\.\d+)?[- ]?fold)") && Regex.Count(lower, @"\d\s*(?:°\s*c|k)\b") >= 2
            || Regex.IsMatch(lower, @"rate constant|\bk\s*=\s*[-+\d.e]+\s*(?:s\^-1|1/s|per\b|/s\b|/min|/h\b)") && Regex.Count(lower, @"\bat\s+[-\d.]+\s*(?:°\s*c|k)\b") >= 2
                && !Regex.IsMatch(lower, @"quench|\bcool|lumped|newton"))
        {
            return "arrhenius";
        }

        // A plate whose faces are held at a temperature (no heat-transfer coefficient): conduction with fixed faces (heat-plate).
        if (Regex.IsMatch(lower, @"\b(?:plate|slab|sheet|wall)\b") && Regex.IsMatch(lower, @"\bthick|half-thickness")
            && Regex.IsMatch(lower, @"\b(?:held|kept|maintained|fixed|clamped|brought|raised|set)\s+(?:at|to)\b|\bfaces?\s+(?:are\s+|is\s+)?(?:suddenly\s+)?at\b")
            && !Regex.IsMatch(lower, @"\bh\s*=|heat[- ]transfer coefficient"))
        {
            return "heat-plate";
        }

        // A rod, bar or wire whose ends are held at a temperature: 1-D conduction along its length (lateral surface insulated),
        // the same problem as a plate as thick as the rod is long. Regression: "a 1 m rod … both ends held at 0 °C" went to
        // literature search, and with a diffusivity to Fick's law.
        if (Regex.IsMatch(lower, @"\b(?:rod|bar|wire|beam|pipe wall)s?\b") && Regex.IsMatch(lower, @"\d\s*(?:°\s*c|k)\b|\btemperature|\bheat")
            && Regex.IsMatch(lower, @"\bends?\b[^.?!]{0,40}\b(?:held|kept|maintained|fixed|clamped|brought|raised|set|are|is)\s+(?:at|to)\b")
            && !Regex.IsMatch(lower, @"\bh\s*=|heat[- ]transfer coefficient"))
        {
            return "heat-plate";
        }

        // A semi-infinite (very thick) body whose surface is brought to a temperature: Fick's problem for heat, before Fick's
        // rule, which "thermal diffusivity" would otherwise trigger (r16-23 read the surface temperature as a concentration).
        if (Regex.IsMatch(lower, @"semi[- ]?infinite|half[- ]space|\bvery thick\b|\binfinitely thick\b") && Regex.IsMatch(lower, @"\d\s*(?:°\s*[cf]|k)\b|\btemperature|\bheat|\bthermal")
            && !Regex.IsMatch(lower, @"concentration|carbon|nitrogen|dopant|\bwt\s*%|\bat\s*%"))
        {
            return "heat-semi-infinite";
        }

        // A plate or slab losing heat through its faces, with a conductivity: conduction inside matters (heat-slab).
        if (Regex.IsMatch(lower, @"\b(?:plate|slab|sheet|wall|half-thickness)\b") && Regex.IsMatch(lower, @"\bthick|half-thickness") && Regex.IsMatch(lower, @"quench|cool|heat transfer|\bh\s*="))
        {
            return "heat-slab";
        }

        if (Regex.IsMatch(lower, @"\bcool|\bquench|newton|\b(?:drops?|dropped|falls?|fell|decreases?|decreased)\s+from\s+[-+\d.]+\s*(?:°\s*[cf]|k)\b") || Regex.IsMatch(lower, Immersed) && Regex.Count(lower, @"\d\s*(?:°\s*[cf]|k)\b") >= 2)
        {
            return "newton-cooling";
        }

        // Layer growth by a parabolic (or linear–parabolic) law: oxidation, scales, intermetallic layers. Before Fick: "diffusion-
        // controlled parabolic growth" is a growth law, not a concentration profile.
        if (Regex.IsMatch(lower, @"\bparabolic(?:ally)?\b|deal[- ]grove|\bk_?p\s*=|\bx\s*(?:\^\s*2|²)\s*=\s*(?:k_?p|b|k)\s*\*?\s*·?\s*t\b") && Regex.IsMatch(lower, @"oxid|scale|layer|film|thick|grow"))
        {
            return "parabolic-growth";
        }

        // Normal grain growth d² − d0² = K·t is the same law as a parabolic layer (x = d, x0 = d0, B = K). Regression: "grain
        // growth follows d^2 - d0^2 = K t" went to literature search.
        if (Regex.IsMatch(lower, @"\bgrain\s+(?:growth|size|coarsening)|\bgrains?\s+(?:grow|coarsen)") && Regex.IsMatch(lower, @"\b[dx]\s*(?:\^\s*2|²)|\bparabolic|\bk\s*=\s*[-+\d.e]+\s*(?:×\s*10\^?[-+\d]+\s*)?(?:m|cm|mm|µm|um|nm)\s*(?:\^\s*2|²|2)\s*/\s*(?:s|min|h)\b"))
        {
            return "parabolic-growth";
        }

        // A diffusivity (D in m²/s) or a surface concentration is Fick's problem even when no diffusion word is written:
        // "constant surface concentration, D = 1e-11 m^2/s: how long until 1 mm depth is at half" was asked for an equation.
        if (Regex.IsMatch(lower, @"diffus|carburi|nitriding|boriding|fick|case depth|concentration profile|how deep|into steel|what depth|\bdepth (?:where|at which)|surface (?:concentration|content|composition)")
            || Regex.IsMatch(lower, @"\bd\s*=\s*[-+\d.e]+\s*(?:×\s*10\^?[-+\d]+\s*)?(?:m|cm|mm|µm|um|nm)\s*(?:\^\s*2|²|2)\s*/\s*(?:s|min|h)\b") && Regex.IsMatch(lower, @"\bdepth|\bdeep|\bconcentration|\bsurface"))
        {
            return "fick";
        }

        if (Regex.IsMatch(lower, @"first[- ]order|1st[- ]order|second[- ]order|2nd[- ]order|zero(?:th)?[- ]order|n-th order|nth order|third-order|order reaction|\bdecay|half-life"))
        {
            return "nth-order";
        }

        return null;
    }

    private static string? MissingForSolve(SolveSlots solve, string text)
    {
        if (solve.Equations.Count == 0)
        {
            if (solve.Template is not null)
            {
                return SolveQuestions.Missing(text, solve);
            }

            return solve.Template is null
                ? "Which equation should I solve? Write it as, for example, \"dy/dt = -k*y with k = 0.5, y(0) = 1, from t = 0 to 10\", or name a problem (diffusion into a surface, Arrhenius kinetics, JMAK/Avrami, Newton cooling, Robertson)."
                : null;
        }

        var variables = solve.Equations.Select(e => Regex.Match(e, @"^d(\w+)/dt|^(\w+)'").Groups.Cast<Group>().Skip(1).First(g => g.Success).Value).ToList();
        var missing = variables.Where(v => !solve.InitialValues.ContainsKey(v)).ToList();
        foreach (var equation in solve.Equations.Where(e => Regex.IsMatch(e, @"^\w+''")))
        {
            var v = Regex.Match(equation, @"^(\w+)''").Groups[1].Value;
            if (!solve.InitialValues.ContainsKey(v + "'"))
            {
                missing.Add(v + "'");
            }
        }

        if (missing.Count > 0)
        {
            return $"What is the initial value of {string.Join(" and ", missing.Select(v => $"{v} ({v.TrimEnd('\'')}{(v.EndsWith('\'') ? "'" : string.Empty)}(0))"))}? For example: \"{missing[0].TrimEnd('\'')}{(missing[0].EndsWith('\'') ? "'" : string.Empty)}(0) = 1\".";
        }

        return solve.T1 is null ? "Until what time should I integrate? For example: \"from t = 0 to 10\"." : null;
    }

    private static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static double ParseDurationSeconds(string amount, string unit)
    {
        var value = amount.ToLowerInvariant() switch
        {
            "half a" or "half an" => 0.5,
            var word when NumberWords.TryGetValue(word, out var n) => n,
            var number => ParseDouble(number),
        };
        return value * unit.ToLowerInvariant() switch
        {
            var u when u.StartsWith('h') => 3600,
            var u when u.StartsWith("min", StringComparison.Ordinal) => 60,
            var u when u.StartsWith('d') => 86400,
            _ => 1,
        };
    }
}
