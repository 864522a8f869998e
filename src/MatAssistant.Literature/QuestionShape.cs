using System.Text.RegularExpressions;

namespace MatAssistant.Literature;

/// <summary>What kind of answer a literature question wants.</summary>
public enum QuestionKind
{
    /// <summary>"What is X?": a definition first.</summary>
    Definition,

    /// <summary>"Which challenges …", "list the …": the items.</summary>
    List,

    /// <summary>"How many …", "what accuracy …": a figure, and only the figure of the entity asked about.</summary>
    Number,

    /// <summary>"Why …", "what was the weak point …": causes, with the sentence that follows a "however".</summary>
    Reason,

    /// <summary>"How does X build …": the mechanism.</summary>
    Method,

    /// <summary>"X vs Y", "compare": both sides.</summary>
    Comparison,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>
/// A literature question read for answering: its kind, its sub-questions ("which … ? and which …", "…？…？"), the names it
/// asks about (acronyms and coined names such as CDVAE, GFlowNet, F.A.I.R.) and, for a number question, the quantities
/// asked ("learning rate", "space groups", "kWh"), so that the answer can say the corpus does not report them rather
/// than give another entity's figure.
/// </summary>
/// <param name="Kind">The answer wanted (of the first sub-question that has one).</param>
/// <param name="Parts">The sub-questions, in order; the whole question when it has one.</param>
/// <param name="KeyTerms">Names of the question (CDVAE, GNoME), undotted (FAIR), in order.</param>
/// <param name="Quantities">For <see cref="QuestionKind.Number"/>: the quantities asked, as phrases; empty otherwise.</param>
/// <param name="Chinese">The question is written in Chinese.</param>
public sealed record QuestionShape(QuestionKind Kind, IReadOnlyList<string> Parts, IReadOnlyList<string> KeyTerms, IReadOnlyList<string> Quantities, bool Chinese)
{
    /// <summary>Reads <paramref name="question"/>.</summary>
    public static QuestionShape Read(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var chinese = question.Any(TextSpans.IsCjk);
        var parts = SplitParts(question);
        var kinds = parts.Select(KindOf).ToList();
        var kind = kinds.FirstOrDefault(k => k != QuestionKind.Other, QuestionKind.Other);
        var keyTerms = QuestionPatterns.KeyTerm().Matches(question).Select(m => Singular(m.Value.Replace(".", string.Empty, StringComparison.Ordinal)))
            .Where(k => k.Length >= 3 && !QuestionPatterns.CommonCapitalised.Contains(k) && !QuestionPatterns.NamedQuantity().IsMatch(k)).Distinct(StringComparer.Ordinal).ToList();
        var quantities = kinds.Contains(QuestionKind.Number) ? QuantitiesOf(question) : [];
        return new QuestionShape(kind, parts, keyTerms, quantities, chinese);
    }

    /// <summary>
    /// "GFlowNets", "GANs", "LLMs": the plural of a coined name or acronym (two capitals or more, then a lower-case s; not a
    /// formula such as GaAs) is the name, which a paper may write only in the singular ("GFlowNet models"); a name match
    /// allows a plural after it anyway.
    /// </summary>
    private static string Singular(string term) =>
        term.Length >= 4 && term[^1] == 's' && term.Count(char.IsUpper) >= 2 && !MatAssistant.Chemistry.Composition.TryParse(term, out _, out _) ? term[..^1] : term;

    /// <summary>
    /// Numbered items the question names ("challenge 2", "挑战2", "Table 1") as patterns that find their label in the text
    /// ("Challenge 2:", "挑战 2："), however it is spaced.
    /// </summary>
    public static IReadOnlyList<Regex> ItemLabels(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return QuestionPatterns.ItemLabel().Matches(text)
            .Select(m => new Regex($@"{Regex.Escape(m.Groups["w"].Value)}\s*{m.Groups["n"].Value}(?!\d)", RegexOptions.IgnoreCase))
            .ToList();
    }

    /// <summary>The acronyms and coined names written in <paramref name="text"/> (MTransformer, CDVAE), as written.</summary>
    public static IEnumerable<string> NamesIn(string text) => QuestionPatterns.KeyTerm().Matches(text).Select(m => m.Value);

    /// <summary>The kind of one sub-question.</summary>
    public static QuestionKind KindOf(string part)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (QuestionPatterns.Comparison().IsMatch(part))
        {
            return QuestionKind.Comparison;
        }

        if (QuestionPatterns.Number().IsMatch(part))
        {
            return QuestionKind.Number;
        }

        if (QuestionPatterns.Reason().IsMatch(part))
        {
            return QuestionKind.Reason;
        }

        if (QuestionSubject.Find(part) is not null && !QuestionPatterns.List().IsMatch(part))
        {
            return QuestionKind.Definition;
        }

        if (QuestionPatterns.List().IsMatch(part))
        {
            return QuestionKind.List;
        }

        return QuestionPatterns.Method().IsMatch(part) ? QuestionKind.Method : QuestionKind.Other;
    }

    /// <summary>
    /// Sub-questions: split after a question mark that more text follows, and before "and which/what/how/why" or a dash
    /// that opens a new question; a part shorter than three words stays with the one before it.
    /// </summary>
    public static IReadOnlyList<string> SplitParts(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var pieces = QuestionPatterns.PartBoundary().Split(question).Select(p => p.Trim(' ', ',', ';', '-', '–', '—')).Where(p => p.Length > 0).ToList();
        var parts = new List<string>();
        foreach (var piece in pieces)
        {
            var words = piece.Any(TextSpans.IsCjk) ? piece.Count(TextSpans.IsCjk) / 2 : piece.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (parts.Count > 0 && (words < 3 || !QuestionPatterns.Asks().IsMatch(piece)))
            {
                parts[^1] = parts[^1] + " " + piece;
            }
            else
            {
                parts.Add(piece);
            }
        }

        return parts.Count > 0 ? parts : [question.Trim()];
    }

    /// <summary>The quantities a number question asks: the words after "how many/much" up to the verb, and named quantities ("learning rate").</summary>
    private static List<string> QuantitiesOf(string question)
    {
        var found = new List<string>();
        foreach (Match m in QuestionPatterns.HowMany().Matches(question))
        {
            found.Add(m.Groups["q"].Value.Trim());
        }

        foreach (Match m in QuestionPatterns.NamedQuantity().Matches(question))
        {
            found.Add(m.Value);
        }

        return found.Where(f => f.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}

internal static partial class QuestionPatterns
{
    /// <summary>Capitalised words that are not names a passage must mention.</summary>
    internal static readonly HashSet<string> CommonCapitalised = new(StringComparer.Ordinal) { "AI", "ML", "PhD", "PDF", "URL", "HTML", "LaTeX" };

    /// <summary>Acronyms and coined names: two or more capitals in a word (CDVAE, GFlowNet, MatGAN), or dotted initials (F.A.I.R.).</summary>
    [GeneratedRegex(@"\b(?:[A-Z]\.){2,}[A-Z]?\.?|\b[A-Za-z]*[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*\b")]
    internal static partial Regex KeyTerm();

    [GeneratedRegex(@"(?<w>\b(?:challenge|opportunity|step|stage|table|figure|fig|section|point|question|problem|issue|aspect|type|category|case|example)|挑战|机遇|步骤|阶段|表|图|问题|方面)\s*(?<n>\d{1,2})(?!\d)", RegexOptions.IgnoreCase)]
    internal static partial Regex ItemLabel();

    /// <summary>A piece that asks something ("that sounds off to me" does not).</summary>
    [GeneratedRegex(@"[?？]|\b(?:which|what|how|why|who|whom|where|when|list|name)\b|什么|为什么|如何|怎么|哪|谁|吗|多少|几", RegexOptions.IgnoreCase)]
    internal static partial Regex Asks();

    [GeneratedRegex(@"(?<=[?？])\s*(?=\S)|(?<=[^.\s]{3})[,;]?\s+(?=and (?:which|what|how|why|who|where|when)\b)|\s[-–—]\s(?=(?:which|what|how|why|who|where|when|is|are|does|do|did)\b)|(?<=[。])(?=\S)", RegexOptions.IgnoreCase)]
    internal static partial Regex PartBoundary();

    [GeneratedRegex(@"\b(?:vs\.?|versus|compar(?:e|es|ed|ing|ison)|differ(?:s|ence)? (?:from|between)|how does .+ compare)\b|区别|相比|对比|比较", RegexOptions.IgnoreCase)]
    internal static partial Regex Comparison();

    [GeneratedRegex(@"\bhow (?:many|much|large|high|big|long|fast|often|accurate|valid)\b|\b(?:what|which) (?:[\w-]+ ){0,3}?(?:accuracy|precision|percentage|percent|proportion|fraction|share|learning rate|batch size|epochs|number|rate|value|threshold|energy|temperature|count|yield|error|mae|rmse|score|year|validity|size)\b|\bin (?:which|what) year\b|多少|几个|几种|百分之|比例|哪一年|哪年", RegexOptions.IgnoreCase)]
    internal static partial Regex Number();

    [GeneratedRegex(@"^\W*why\b|\bwhy\b|\b(?:reasons?|weak points?|weakness(?:es)?|drawbacks?|limitations?|disadvantages?|shortcomings?|downsides?|problems? with|what hinder|point (?:they're|they are|he is|she is|the authors? (?:is|are)) making|purpose)\b|为什么|为何|原因|不足|缺点|局限|难以|很难", RegexOptions.IgnoreCase)]
    internal static partial Regex Reason();

    [GeneratedRegex(@"^\W*(?:list|name|enumerate|give)\b|\b(?:which|what) (?:are|were)? ?(?:the )?(?:[\w-]+ ){0,3}?(?:challenges|points|areas|aspects|components|parts|types|kinds|variants|models|methods|techniques|steps|categories|properties|measures|metrics|factors|examples|databases|principles|advantages|disadvantages|issues|problems|applications|generators|algorithms|approaches|tools|architectures|frameworks|datasets|strategies|representations|encodings|limitations|benefits|uses)\b|哪些|哪几|哪类|列出|列举", RegexOptions.IgnoreCase)]
    internal static partial Regex List();

    [GeneratedRegex(@"^\W*how\b|\bhow (?:does|do|did|is|are|was|were|can|could)\b|如何|怎么|怎样", RegexOptions.IgnoreCase)]
    internal static partial Regex Method();

    [GeneratedRegex(@"\bhow (?:many|much)\s+(?<q>(?:(?!(?:did|does|do|is|are|was|were|can|could|would|has|have|had|or|and|according|in|of|for|from|it|they)\b)[\w-]+\s*){1,4})", RegexOptions.IgnoreCase)]
    internal static partial Regex HowMany();

    [GeneratedRegex(@"\b(?:learning rate|batch size|epochs?|accuracy|precision|percentage|threshold|temperature|valid(?:ity)?|kwh|co2|mae|rmse|space groups?|energy|yield)\b", RegexOptions.IgnoreCase)]
    internal static partial Regex NamedQuantity();
}
