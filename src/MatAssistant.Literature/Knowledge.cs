using System.Text.RegularExpressions;
using MatAssistant.Chemistry;

namespace MatAssistant.Literature;

/// <summary>What kind of fact was extracted.</summary>
public enum FactKind
{
    /// <summary>An acronym and its expansion: Subject is the short form, Value the long form.</summary>
    Acronym,

    /// <summary>A definitional sentence ("X is a …", "X refers to …"): Subject is X, Value the sentence.</summary>
    Definition,

    /// <summary>A sentence reporting a figure (percentage, count, quantity with unit, range): Subject is what it is about.</summary>
    Quantity,

    /// <summary>A chemical formula or chemical system validated by the Chemistry parser: Subject is the formula as written, Value its reduced form.</summary>
    Formula,

    /// <summary>A named model or method (<c>MatGAN</c>, <c>CDVAE</c>): Subject is the name, Value the sentence that introduces it.</summary>
    NamedModel,
}

/// <summary>A fact extracted from a document, with the offsets of its source: <c>Quote</c> equals <c>text[Start..End)</c>.</summary>
public sealed record KnowledgeFact(FactKind Kind, string Subject, string Value, string Document, string Section, int Start, int End, string Quote);

/// <summary>
/// Rule-based extraction of acronyms (a simplified Schwartz–Hearst matcher), definitions, reported figures, formulas and
/// model names. Hand-written: the extraction libraries that do this (scispaCy, ChemDataExtractor) are Python-only.
/// </summary>
public static partial class KnowledgeExtractor
{
    [GeneratedRegex(@"\(\s*(?<sf>[A-Za-z][A-Za-z0-9\-]{1,15})\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex ParenthesisedShortForm();

    [GeneratedRegex(@"(?:^|[;.]\s+|\.\s*)(?<sf>[A-Z][A-Za-z0-9\-]{1,15}):\s+(?<lf>[a-z][^;:.]{3,150})", RegexOptions.CultureInvariant)]
    private static partial Regex CaptionExpansion();

    [GeneratedRegex(@"^(?:(?:The|A|An)\s+)?(?<subject>[^,;:()]{2,80}?)\s+(?:\([^)]{1,30}\)\s+)?(?:(?:model|models|framework|method|network|approach)\s+)?(?:\[\d+(?:[,–-]\d+)*\]\s+)?(?:is|are)\s+(?:an?\s|the\s|one\s|defined as|known as|called|[\p{L}\-]+\s+(?:models?|methods?|approach(?:es)?|frameworks?|networks?|algorithms?|techniques?|tools?)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex CopulaDefinition();

    [GeneratedRegex(@"(?<subject>[\p{L}\p{N}][\p{L}\p{N}\-' ]{1,60}?)\s+(?:\([^)]{1,30}\)\s+)?(?:\[\d+\]\s+)?(?:(?:model|models|framework|method|network|approach)\s+)?(?:refers to|stands for|denotes|is defined as|is known as|is termed|consists of|is composed of|comprises)\s", RegexOptions.CultureInvariant)]
    private static partial Regex VerbDefinition();

    [GeneratedRegex(@"\b(?:refers to|stands for|denotes|is defined as|is known as|is termed|consists of|is composed of|comprises)\s", RegexOptions.CultureInvariant)]
    private static partial Regex DefinitionVerb();

    [GeneratedRegex(@"(?<subject>(?:[\p{L}\p{N}'’\-]+\s){0,5}[\p{L}\p{N}'’\-]+)(?:\s*\([^)]{1,20}\))?\s*(?:\[\d+\])?,\s+which\s+(?:is|are|was|reminds|states|describes|means|refers|denotes|trains|learns|uses|generates|builds|consists)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RelativeDefinition();

    [GeneratedRegex(@"\b(?:principle|law|rule|effect|theorem|hypothesis|paradox|criterion|conjecture)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PrincipleWord();

    [GeneratedRegex(@"(?<subject>[\p{L}\p{N}]{2,20})\s*(?:\([A-Za-z][A-Za-z0-9\-]{1,15}\)\s*)?(?:\[\d+\]\s*)?是(?:一种|一个|指)", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseDefinition();

    [GeneratedRegex(@"\d+(?:\.\d+)?\s?%|\b\d+(?:\.\d+)?\s?(?:eV|meV|K|°C|nm|Å|GPa|MPa|kJ|kg|mg|ms|mAh|wt%|at%|cm|mm|μm|h|s|days|years)\b|\b\d+(?:\.\d+)?\s?[–-]\s?\d+(?:\.\d+)?\b|\b(?:more than|over|about|nearly|approximately|up to|at least)\s+\d[\d,]*|\b\d{1,3}(?:,\d{3})+\b|\b\d{2,}\s+(?:new|novel|hypothetical|stable|materials?|structures?|compounds?|samples?|candidates?|space groups?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Figure();

    [GeneratedRegex(@"(?<![A-Za-z\\])(?:\$?\\text\{[A-Z][a-z]?\}(?:_\{?\d+\}?)?\$?){2,}|(?<![A-Za-z])(?:[A-Z][a-z]?(?:_\{?\d+(?:\.\d+)?\}?|\d+(?:\.\d+)?)?){2,}(?![A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex FormulaCandidate();

    [GeneratedRegex(@"(?<![A-Za-z\-–])[A-Z][a-z]?(?:\s?[–-]\s?[A-Z][a-z]?){1,5}(?![A-Za-z\-–])", RegexOptions.CultureInvariant)]
    private static partial Regex ChemicalSystem();

    [GeneratedRegex(@"\b(?<name>[A-Z][A-Za-z]*[A-Z0-9][A-Za-z0-9\-]*|[A-Z][a-z]+[A-Z][A-Za-z0-9]*)\b(?:\s+\[\d+\])?\s+(?:model|models|algorithm|method|framework|network|generator|approach|architecture|tool|platform|technique)\b|\b(?:developed|proposed|introduced|presented|called|named|dubbed)\s+(?:the\s+|a\s+)?(?<name>[A-Z][A-Za-z]*[A-Z0-9][A-Za-z0-9\-]*)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ModelName();

    [GeneratedRegex(@"\b[a-z]?[A-Z]+[a-z]+[A-Z][A-Za-z0-9]*\b|\b[A-Z][a-z]+[A-Z]*\d+[A-Za-z]*\b", RegexOptions.CultureInvariant)]
    private static partial Regex CamelCaseName();

    [GeneratedRegex(@"^(?:Mc|Mac|De|Le|La|Van|Von|Di|Da|Du|O)[A-Z][a-z]+$|^(?:PhD|YouTube|JavaScript|GitHub|PyTorch|TensorFlow|LaTeX)$|^[A-Z][a-z]+\d{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex Surname();

    /// <summary>All facts of one document.</summary>
    public static List<KnowledgeFact> Extract(ParsedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var facts = new List<KnowledgeFact>();
        var text = document.Text;
        var acronyms = new Dictionary<string, string>(StringComparer.Ordinal);
        var unique = new HashSet<string>(StringComparer.Ordinal);
        var sentences = new List<(TextBlock Block, SentenceSpan Span)>();
        foreach (var block in document.Blocks)
        {
            if (block.Kind is BlockKind.Paragraph or BlockKind.Abstract or BlockKind.Caption or BlockKind.List or BlockKind.Table)
            {
                sentences.AddRange(Sentences.Split(text, block.Start, block.End).Select(s => (block, s)));
            }
        }

        // Acronyms first: they name the subjects of the other facts.
        foreach (var (block, span) in sentences)
        {
            var sentence = text[span.Start..span.End];
            foreach (Match m in ParenthesisedShortForm().Matches(sentence))
            {
                var shortForm = m.Groups["sf"].Value;
                if (!IsShortForm(shortForm))
                {
                    continue;
                }

                var longForm = TextSpans.IsCjk(sentence[Math.Max(0, m.Index - 1)]) || (m.Index >= 2 && TextSpans.IsCjk(sentence[m.Index - 2]))
                    ? ChineseLongForm(sentence, m.Index)
                    : LongForm(sentence[..m.Index], shortForm);
                if (longForm is not null)
                {
                    Add(FactKind.Acronym, shortForm, longForm, block, span);
                }
            }

            if (block.Kind is BlockKind.Caption || sentence.Contains(": ", StringComparison.Ordinal))
            {
                foreach (Match m in CaptionExpansion().Matches(sentence))
                {
                    var shortForm = m.Groups["sf"].Value;
                    var longForm = m.Groups["lf"].Value.Trim();
                    var cut = longForm.IndexOf(" (", StringComparison.Ordinal);
                    var core = cut > 0 ? longForm[..cut] : longForm;
                    if (IsShortForm(shortForm) && char.ToLowerInvariant(shortForm[0]) == char.ToLowerInvariant(core[0]) && LongForm(core, shortForm) is not null)
                    {
                        Add(FactKind.Acronym, shortForm, longForm, block, span);
                    }
                }
            }
        }

        foreach (var fact in facts)
        {
            acronyms.TryAdd(fact.Subject, fact.Value);
        }

        var names = new HashSet<string>(acronyms.Keys, StringComparer.Ordinal);
        foreach (var (block, span) in sentences)
        {
            var sentence = text[span.Start..span.End];

            // Mixed-case coinages (MatGAN, GFlowNet, AlphaFold2, iMatGen, DiffSBDD) name models and methods wherever they stand.
            foreach (Match m in CamelCaseName().Matches(sentence))
            {
                if (!Surname().IsMatch(m.Value) && !FormulaParser.TryParse(m.Value, out _, out _) && names.Add(m.Value))
                {
                    Add(FactKind.NamedModel, m.Value, sentence, block, span);
                }
            }

            foreach (Match m in ModelName().Matches(sentence))
            {
                var name = m.Groups["name"].Value.TrimEnd('-');
                if (name.EndsWith("-based", StringComparison.Ordinal))
                {
                    name = name[..^"-based".Length];
                }

                if (name.Length >= 3 && !IsCommonWord(name) && names.Add(name))
                {
                    Add(FactKind.NamedModel, name, sentence, block, span);
                }
            }
        }

        foreach (var (block, span) in sentences)
        {
            var sentence = text[span.Start..span.End];
            if (block.Kind is not BlockKind.Table)
            {
                // Cheap cues first: the definition patterns backtrack, and most sentences hold none of their verbs.
                var definition = (sentence.Contains(" is ", StringComparison.Ordinal) || sentence.Contains(" are ", StringComparison.Ordinal)) && CopulaDefinition().Match(sentence) is { Success: true } copula && copula.Groups["subject"].Value.Split(' ').Length <= 6 ? copula
                    : DefinitionVerb().IsMatch(sentence) && VerbDefinition().Match(sentence) is { Success: true } verb ? verb
                    : sentence.Contains('是', StringComparison.Ordinal) && ChineseDefinition().Match(sentence) is { Success: true } zh ? zh
                    : null;
                if (definition is not null && IsDefinitionSubject(definition.Groups["subject"].Value))
                {
                    Add(FactKind.Definition, KnownSuffix(CleanSubject(definition.Groups["subject"].Value), names, acronyms), sentence, block, span);
                }
                else if (sentence.Contains(", which ", StringComparison.Ordinal) && RelativeDefinition().Match(sentence) is { Success: true } relative)
                {
                    // "X [59], which reminds us …" defines X only when X is a known name or names a principle, law or effect.
                    var subject = CleanSubject(relative.Groups["subject"].Value);
                    var known = names.Concat(acronyms.Values).Where(n => n.Length >= 3 && ContainsWord(subject, n)).OrderByDescending(n => n.Length).FirstOrDefault();
                    var principle = PrincipleWord().Match(subject);
                    if (known is not null || principle.Success)
                    {
                        Add(FactKind.Definition, known ?? subject[FirstCapital(subject)..], sentence, block, span);
                    }
                }
            }

            var figures = Figure().Matches(sentence).Select(m => m.Value.Trim()).Where(v => !IsYearOrCitation(v)).Distinct().ToList();
            if (figures.Count > 0 && block.Kind is not BlockKind.Table)
            {
                var subject = names.Where(n => ContainsWord(sentence, n)).OrderBy(n => sentence.IndexOf(n, StringComparison.Ordinal)).FirstOrDefault() ?? block.Section;
                Add(FactKind.Quantity, subject, string.Join("; ", figures), block, span);
            }

            foreach (Match m in FormulaCandidate().Matches(sentence))
            {
                if (NormaliseFormula(m.Value, names) is { } reduced)
                {
                    Add(FactKind.Formula, m.Value.Trim('$'), reduced, block, span);
                }
            }

            foreach (Match m in ChemicalSystem().Matches(sentence))
            {
                var parts = m.Value.Split(['–', '-'], StringSplitOptions.TrimEntries);
                if (parts.All(p => ElementTable.Default.TryGet(p, out _)) && parts.Distinct().Count() == parts.Length && parts.Any(p => p.Length == 2 || p == "O"))
                {
                    Add(FactKind.Formula, m.Value, string.Join('-', parts), block, span);
                }
            }
        }

        return facts;

        void Add(FactKind kind, string subject, string value, TextBlock block, SentenceSpan span)
        {
            // One fact per document: the first mention, the one that introduces the term.
            if (unique.Add($"{kind}|{subject.ToUpperInvariant()}|{(kind is FactKind.Acronym or FactKind.Formula ? value.ToUpperInvariant() : span.Start.ToString(System.Globalization.CultureInfo.InvariantCulture))}"))
            {
                facts.Add(new KnowledgeFact(kind, subject, value, document.Name, block.Section, span.Start, span.End, text[span.Start..span.End]));
            }
        }
    }

    /// <summary>A short form has two capitals (or a capital and a digit) and is not a plain word.</summary>
    internal static bool IsShortForm(string candidate)
    {
        var upper = candidate.Count(char.IsUpper);
        var digits = candidate.Count(char.IsDigit);
        return candidate.Length is >= 2 and <= 16 && char.IsLetter(candidate[0]) && (upper >= 2 || (upper >= 1 && digits >= 1)) && upper + digits >= candidate.Length / 3;
    }

    /// <summary>
    /// Schwartz &amp; Hearst (2003): the shortest run of words before the parenthesis whose letters contain the short form's
    /// letters in order, the first of them starting a word. Returns null when none does.
    /// </summary>
    internal static string? LongForm(string before, string shortForm)
    {
        var words = before.TrimEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var letters = shortForm.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray();
        var maxWords = Math.Min(words.Length, Math.Min(letters.Length + 5, letters.Length * 2));
        for (var take = 1; take <= maxWords; take++)
        {
            var candidate = string.Join(' ', words[^take..]);
            if (candidate.IndexOfAny(['(', ')', '[', ']', ';', ':']) >= 0)
            {
                return null;
            }

            if (Covers(candidate, letters))
            {
                var first = candidate.TrimStart('"', '“', '\'');
                return first.Equals(shortForm, StringComparison.OrdinalIgnoreCase) ? null : first.TrimEnd(',');
            }
        }

        return null;
    }

    private static bool Covers(string candidate, char[] letters)
    {
        var lower = candidate.ToLowerInvariant();
        var position = lower.Length - 1;
        for (var k = letters.Length - 1; k >= 0; k--)
        {
            var c = letters[k];
            while (position >= 0 && (lower[position] != c || (k == 0 && position > 0 && char.IsLetterOrDigit(lower[position - 1]))))
            {
                position--;
            }

            if (position < 0)
            {
                return false;
            }

            position--;
        }

        // The long form must begin where the first letter matched: no stray leading words.
        return position < 0 || lower[..(position + 1)].Trim().Length == 0;
    }

    private static string? ChineseLongForm(string sentence, int parenthesis)
    {
        var end = parenthesis;
        while (end > 0 && char.IsWhiteSpace(sentence[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && end - start < 10 && TextSpans.IsCjk(sentence[start - 1]) && char.IsLetter(sentence[start - 1]) && !ChineseStops.Contains(sentence[start - 1]))
        {
            start--;
        }

        return end - start >= 2 ? sentence[start..end] : null;
    }

    /// <summary>Function words that end a Chinese long form read backwards from the parenthesis ("了", "的", "采用" …).</summary>
    private const string ChineseStops = "的和与及了地在是将用为对被把从以其该由而或等如";

    /// <summary>The known name (acronym, expansion, model) that ends <paramref name="subject"/>, else the subject itself.</summary>
    private static string KnownSuffix(string subject, HashSet<string> names, Dictionary<string, string> acronyms)
    {
        foreach (var name in names.Concat(acronyms.Values).OrderByDescending(n => n.Length))
        {
            if (name.Length >= 2 && subject.Length > name.Length && subject.EndsWith(name, StringComparison.OrdinalIgnoreCase) && !char.IsLetterOrDigit(subject[subject.Length - name.Length - 1]))
            {
                return subject[^name.Length..];
            }
        }

        return subject;
    }

    private static bool IsDefinitionSubject(string subject)
    {
        var s = subject.Trim();
        var words = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 8)
        {
            return false;
        }

        var first = words[0].ToLowerInvariant();
        return first is not ("it" or "this" or "that" or "these" or "those" or "there" or "which" or "what" or "here" or "one" or "they" or "we" or "our" or "its" or "such" or "each"
                or "if" or "first" or "second" or "third" or "another" or "other" or "all" or "both" or "however" or "thus" or "then" or "also")
            && !s.EndsWith(" not", StringComparison.Ordinal) && !s.Contains(". ", StringComparison.Ordinal);
    }

    private static string CleanSubject(string subject)
    {
        var s = subject.Trim().TrimEnd(',');
        foreach (var article in new[] { "The ", "the ", "A ", "An ", "Our ", "our " })
        {
            if (s.StartsWith(article, StringComparison.Ordinal) && s.Length > article.Length + 1)
            {
                s = s[article.Length..];
            }
        }

        foreach (var noun in new[] { " model", " models", " framework", " method", " network" })
        {
            if (s.EndsWith(noun, StringComparison.Ordinal) && s.Length > noun.Length + 1)
            {
                s = s[..^noun.Length];
            }
        }

        return s;
    }

    /// <summary>Where a subject's proper part starts: its first capitalised word ("to Delbruck's principle" → "Delbruck's principle").</summary>
    private static int FirstCapital(string subject)
    {
        for (var i = 0; i < subject.Length; i++)
        {
            if (char.IsUpper(subject[i]) && (i == 0 || subject[i - 1] == ' '))
            {
                return i;
            }
        }

        return 0;
    }

    private static bool IsCommonWord(string name) => name is "The" or "This" or "Our" or "In" or "AI" or "ML";

    private static bool IsYearOrCitation(string value) =>
        value.Length == 9 && value[4] is '–' or '-' && int.TryParse(value.AsSpan(0, 4), out var y) && y is > 1900 and < 2100;

    internal static bool ContainsWord(string sentence, string word)
    {
        var index = sentence.IndexOf(word, StringComparison.Ordinal);
        while (index >= 0)
        {
            var before = index == 0 || !char.IsLetterOrDigit(sentence[index - 1]);
            var afterIndex = index + word.Length;
            var after = afterIndex >= sentence.Length || !char.IsLetterOrDigit(sentence[afterIndex]);
            if (before && after)
            {
                return true;
            }

            index = sentence.IndexOf(word, index + 1, StringComparison.Ordinal);
        }

        return false;
    }

    /// <summary>The reduced formula when <paramref name="candidate"/> is a plausible formula (not an acronym such as CNF or NICE).</summary>
    internal static string? NormaliseFormula(string candidate, IReadOnlySet<string> names)
    {
        var plain = candidate.Replace("\\text{", "", StringComparison.Ordinal).Replace("$", "", StringComparison.Ordinal)
            .Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        var hasDigit = plain.Any(char.IsDigit);
        var hasLower = plain.Any(char.IsLower);
        if (plain.Length < 3 || names.Contains(plain) || (!hasDigit && !hasLower) || (!hasDigit && plain.Count(char.IsUpper) < 2))
        {
            return null;
        }

        // Mixed-case words that happen to parse ("CoVID", "NiCE") need a digit or a subscript to count.
        if (!hasDigit && plain.Length > 6)
        {
            return null;
        }

        return FormulaParser.TryParse(plain, out var composition, out _) && composition.ElementCount >= 2 ? composition.Formula : null;
    }
}
