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

    [GeneratedRegex(@"^(?:(?:The|A|An)\s+)?(?<subject>[^,;:()]{2,80}?)\s+(?:\([^)]{1,30}\)\s+)?(?:\[\d+(?:[,–-]\d+)*\]\s+)?(?:is|are)\s+(?:an?|the|one|defined as|known as|called)\s", RegexOptions.CultureInvariant)]
    private static partial Regex CopulaDefinition();

    [GeneratedRegex(@"(?<subject>[\p{L}\p{N}][\p{L}\p{N}\-' ]{1,60}?)\s+(?:\([^)]{1,30}\)\s+)?(?:refers to|stands for|denotes|is defined as|is known as|is termed)\s", RegexOptions.CultureInvariant)]
    private static partial Regex VerbDefinition();

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

    /// <summary>All facts of one document.</summary>
    public static List<KnowledgeFact> Extract(ParsedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var facts = new List<KnowledgeFact>();
        var text = document.Text;
        var acronyms = new Dictionary<string, string>(StringComparer.Ordinal);
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
            foreach (Match m in ModelName().Matches(sentence))
            {
                var name = m.Groups["name"].Value.TrimEnd('-');
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
                var definition = CopulaDefinition().Match(sentence) is { Success: true } copula && copula.Groups["subject"].Value.Split(' ').Length <= 6 ? copula
                    : VerbDefinition().Match(sentence) is { Success: true } verb ? verb
                    : ChineseDefinition().Match(sentence) is { Success: true } zh ? zh
                    : null;
                if (definition is not null && IsDefinitionSubject(definition.Groups["subject"].Value))
                {
                    Add(FactKind.Definition, CleanSubject(definition.Groups["subject"].Value), sentence, block, span);
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

        void Add(FactKind kind, string subject, string value, TextBlock block, SentenceSpan span) =>
            facts.Add(new KnowledgeFact(kind, subject, value, document.Name, block.Section, span.Start, span.End, text[span.Start..span.End]));
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
        while (start > 0 && end - start < 12 && TextSpans.IsCjk(sentence[start - 1]) && char.IsLetter(sentence[start - 1]) && sentence[start - 1] is not '的' and not '和' and not '与' and not '及')
        {
            start--;
        }

        return end - start >= 2 ? sentence[start..end] : null;
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
        return first is not ("it" or "this" or "that" or "these" or "those" or "there" or "which" or "what" or "here" or "one" or "they" or "we" or "our" or "its" or "such" or "each")
            && !s.EndsWith(" not", StringComparison.Ordinal);
    }

    private static string CleanSubject(string subject) => subject.Trim().TrimEnd(',');

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
