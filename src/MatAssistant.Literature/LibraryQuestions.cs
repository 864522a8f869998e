using System.Text.RegularExpressions;

namespace MatAssistant.Literature;

/// <summary>
/// A document's byline: its author line as the document writes it (<c>text[Start..End)</c> of the stored text, so it can
/// be quoted verbatim) and the names read from it.
/// </summary>
/// <param name="Document">The document's name.</param>
/// <param name="Title">Its recovered title.</param>
/// <param name="Language">Its main language.</param>
/// <param name="Line">The author line, verbatim ("" when the document has none that was recovered).</param>
/// <param name="Names">The authors' names, in order, without affiliation markers; empty when none could be read.</param>
/// <param name="Start">Offset of the line in the document's text (of the title when there is no author line; -1 when neither was found).</param>
/// <param name="End">One past its end.</param>
/// <param name="Page">The 1-based page, for paged formats; null otherwise.</param>
/// <param name="TranslationOf">The document this one translates (the earlier of the pair), null when it is none's translation.</param>
public sealed record DocumentByline(string Document, string Title, string Language, string Line, IReadOnlyList<string> Names, int Start, int End, int? Page, string? TranslationOf = null)
{
    /// <summary>The section label a citation of the byline shows.</summary>
    public const string Section = "front matter";
}

/// <summary>A document a question names as its source, and the words that named it ("Hu", "the reflections paper").</summary>
public sealed record NamedDocument(string Document, string Title, string NamedBy);

/// <summary>
/// Questions about the library rather than about what its documents say: "who wrote the paper on …", "which papers do I
/// have". They are answered from each document's front matter (title and author line), quoted verbatim like any claim.
/// </summary>
public static partial class LibraryQuestions
{
    /// <summary>"Who wrote …", "the authors of …", "written by whom", "作者是谁".</summary>
    public static bool AsksAuthors(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return AuthorsCue().IsMatch(question);
    }

    /// <summary>
    /// "Which papers are in my library", "what documents do you have", "list the documents", "我的文献库里有哪些论文";
    /// not "which papers does the review cite" or "list the papers that discuss CDVAE", questions about the content.
    /// </summary>
    public static bool AsksCatalogue(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return CatalogueCue().IsMatch(question);
    }

    /// <summary>
    /// The question with its authorship and library wording taken out ("who wrote", "paper", "library"), leaving the words
    /// that can name a document's title.
    /// </summary>
    public static string TitleWords(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return LibraryWording().Replace(question, " ");
    }

    /// <summary>
    /// The authors' names in an author line: affiliation markers (<c>^a</c>, <c>^{1,2}</c>, ¹, *, †) removed, split at
    /// commas, semicolons and "and", and read up to the first affiliation (Department, University, …), which often follows
    /// the last name on the same line. A part that is not name-shaped (two to five capitalised words, or two to four Han
    /// characters) ends the list. Hand-written: no library on the registry parses free-form bylines.
    /// </summary>
    public static IReadOnlyList<string> AuthorNames(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = Marker().Replace(line, " ");
        var names = new List<string>();
        foreach (var raw in NameSeparator().Split(text))
        {
            var part = Spaces().Replace(raw, " ").Trim();
            if (part.Length == 0)
            {
                continue;
            }

            var affiliation = Affiliation().Match(part);
            var candidate = (affiliation.Success ? part[..affiliation.Index] : part).Trim().TrimEnd('(', '[', ',', ';', ':').Trim();
            if (candidate.Length > 0 && (LatinName().IsMatch(candidate) || HanName().IsMatch(candidate)))
            {
                names.Add(candidate);
            }
            else if (names.Count > 0 || affiliation.Success)
            {
                break;
            }

            if (affiliation.Success)
            {
                break;
            }
        }

        return names;
    }

    /// <summary>
    /// Surnames by which a question names a paper: "Hu et al.", "Hu and Li", "by Fujinuma", "Hu's review", "the Hu paper".
    /// Only a capitalised word is a name, so "the generative paper" names none; whether the name is an author of a
    /// document in the library is for the index to decide.
    /// </summary>
    public static IReadOnlyList<string> NamedAuthors(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return AuthorReference().Matches(question).SelectMany(m => m.Groups["name"].Captures.Select(c => c.Value)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The words with which a question names a paper by its subject: "the reflections paper", "the generative AI review",
    /// "in the materials discovery article" (the words between "the" and the paper word).
    /// </summary>
    public static IReadOnlyList<string> NamedTitles(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return TitleReference().Matches(question).Select(m => m.Groups["words"].Value).ToList();
    }

    /// <summary>
    /// The question without the words that name its source ("Hu et al.", "the Design Without Understanding paper"), for
    /// ranking passages inside that source: its title words would otherwise favour sentences that repeat them.
    /// </summary>
    public static string WithoutSource(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var stripped = TitleReference().Replace(AuthorReference().Replace(question, " "), " ");
        return string.IsNullOrWhiteSpace(stripped) ? question : stripped;
    }

    // "Hu et al.", "Hu and Li (2024)", "by Hu", "Hu's review", "the Hu paper"; a name is one capitalised word (Hattrick-Simpers).
    [GeneratedRegex(@"\b(?<name>\p{Lu}[\p{L}'’-]+)(?:\s+(?:and|&)\s+(?<name>\p{Lu}[\p{L}'’-]+))?\s+et\s+al\b|\b(?:written\s+|published\s+)?by\s+(?<name>\p{Lu}[\p{L}'’-]+)(?:\s+(?:and|&)\s+(?<name>\p{Lu}[\p{L}'’-]+))?\b|\b(?<name>\p{Lu}[\p{L}-]+)['’]s\s+(?:paper|review|article|study|work|perspective|preprint)\b|\bthe\s+(?<name>\p{Lu}[\p{L}-]+)\s+(?:paper|review|article|study|perspective|preprint)\b")]
    private static partial Regex AuthorReference();

    [GeneratedRegex(@"\b(?:the|this|that)\s+(?<words>[\p{L}\d-]+(?:\s+[\p{L}\d-]+){0,3}?)\s+(?:paper|review|article|study|perspective|preprint|essay)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TitleReference();

    /// <summary>"A", "A and B", "A, B and C".</summary>
    public static string JoinNames(IReadOnlyList<string> names) => names.Count switch
    {
        0 => string.Empty,
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
    };

    // Not "what did the authors of CDVAE find?" or "作者认为…" ("the authors think"): those ask about the content.
    [GeneratedRegex(@"\bwho\s+(?:wrote|writes|authored|is\s+the\s+author|are\s+the\s+authors|were\s+the\s+authors|is\s+behind|are\s+behind)\b|^\W*(?:the\s+)?authors?\s+(?:of|behind)\b|\b(?:list|name|give|tell)\s+(?:me\s+)?the\s+authors\b|\b(?:what|which)\s+(?:are|were|is)\s+the\s+(?:authors?|names?\s+of\s+the\s+authors)\b|\b(?:written|authored)\s+by\s+(?:whom|who)\b|\bwho\s+(?:is|are|was|were)\s+(?:it|this|that|they)\s+(?:written|authored)\s+by\b|作者是谁|作者是哪些|作者有哪些|谁写|谁撰写", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorsCue();

    // Anchored at the start of the question: "how many crystals did GNoME find, according to the papers in my library?"
    // asks about their content (regression: dev-req-14 got the listing).
    [GeneratedRegex(@"^\W*(?:(?:please|ok(?:ay)?|so|hi|hey)[,!]?\s+)?(?:(?:can|could|would)\s+you\s+(?:please\s+)?)?(?:tell\s+me\s+|show\s+me\s+)?(?:(?:which|what|how\s+many)\s+(?:papers|documents|articles|sources|files|publications)\s+(?:do\s+(?:I|we|you)\s+have|(?:are|have\s+been|were)\s+(?:indexed|ingested|loaded|available|there)|(?:are|is)\s+(?:in|on)\s+(?:my|the|your|this)\s+(?:library|corpus|index|collection))|(?:list|show|name|enumerate)\s+(?:me\s+)?(?:all\s+|the\s+|my\s+|your\s+)*(?:papers|documents|articles|sources|publications)\s*(?:[?.!]|$|(?:in|you|I|we)\b))|^\W*(?:我的)?(?:文献库|资料库|库里|库中).{0,6}(?:哪些|几篇|多少)|^\W*(?:请)?(?:列出|列举).{0,4}(?:所有|全部)?(?:论文|文献|文档)", RegexOptions.IgnoreCase)]
    private static partial Regex CatalogueCue();

    [GeneratedRegex(@"\b(?:who|whom|whose|wrote|writes|written|authored|authors?|is\s+behind|papers?|articles?|documents?|library|corpus|titled|called|named|published|publication)\b|作者|谁写|谁撰写|论文|文献", RegexOptions.IgnoreCase)]
    private static partial Regex LibraryWording();

    [GeneratedRegex(@"\^\{[^}]*\}|\^[\p{L}\d*†‡§]+|[¹²³⁴⁵⁶⁷⁸⁹⁰⁺*†‡§#]+|\[[†‡*§\d,\s]+\]|(?<=\p{L}),?\d+(?:,\d+)*(?=[\s,;&)]|$)")]
    private static partial Regex Marker();

    [GeneratedRegex(@"\s*[,;，、]\s*(?:and\s+)?|\s+and\s+|\s+&\s+")]
    private static partial Regex NameSeparator();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(?:Department|Dept\.|University|Universit[éà]|College|Institute|Laboratory|Laboratories|School|Faculty|Center|Centre|Academy|Corporation|Inc\.|Ltd|GmbH|Publishing|Press|Division|Group|Hospital|Email|E-mail)\b|@", RegexOptions.IgnoreCase)]
    private static partial Regex Affiliation();

    [GeneratedRegex(@"^(?:(?:Dr|Prof|Mr|Ms|Mrs)\.?\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|van|von|der|de|da|del|la|le|di)){1,4}$")]
    private static partial Regex LatinName();

    [GeneratedRegex(@"^\p{IsCJKUnifiedIdeographs}{2,4}$")]
    private static partial Regex HanName();
}
