using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace MatAssistant.Literature;

/// <summary>Field names and analyzers of the index: English (Porter stemming) and CJK bigrams, per language.</summary>
internal static class Analysis
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;
    public const string Id = "id";
    public const string Doc = "doc";
    public const string Kind = "kind";

    /// <summary>The block kind as a doc value, read per candidate at query time without loading stored fields.</summary>
    public const string KindValue = "kind_value";
    public const string Section = "section";
    public const string StoredText = "text";
    public const string Start = "start";
    public const string End = "end";
    public const string Page = "page";

    /// <summary>English stop words plus the words of questions ("what", "how", "which"), which say nothing about the answer.</summary>
    private static readonly string[] QuestionWords =
    [
        "what", "which", "who", "whom", "whose", "how", "why", "when", "where", "does", "did", "do", "done", "can", "could",
        "would", "should", "has", "have", "had", "been", "being", "its", "about", "between", "from", "there", "here", "any", "some",
        "tell", "explain", "describe", "me", "us", "we", "our", "you", "your", "i", "is", "are", "was", "were", "may", "might",
        "according", "mentioned", "mention", "described", "discussed", "paper", "article", "document", "documents", "corpus",
    ];

    public static string TextField(string language) => "text_" + language;

    public static string SectionField(string language) => "section_" + language;

    public static string TitleField(string language) => "title_" + language;

    public static IReadOnlyList<string> Languages { get; } = ["en", "zh"];

    /// <summary>The per-field analyzer used both to index and to query (the caller disposes it).</summary>
    public static Analyzer Create()
    {
        var stop = new CharArraySet(Version, EnglishAnalyzer.DefaultStopSet.Count + QuestionWords.Length, ignoreCase: true);
        foreach (var word in EnglishAnalyzer.DefaultStopSet)
        {
            stop.Add(word);
        }

        foreach (var word in QuestionWords)
        {
            stop.Add(word);
        }

        var english = new EnglishAnalyzer(Version, stop);
        var chinese = new CJKAnalyzer(Version);
        var fields = new Dictionary<string, Analyzer>(StringComparer.Ordinal);
        foreach (var make in new Func<string, string>[] { TextField, SectionField, TitleField })
        {
            fields[make("en")] = english;
            fields[make("zh")] = chinese;
        }

        return new PerFieldAnalyzerWrapper(english, fields);
    }

    /// <summary>The analysed terms of <paramref name="text"/> with their positions, as <paramref name="field"/> indexes them.</summary>
    public static List<(string Term, int Position)> Terms(Analyzer analyzer, string field, string text)
    {
        var terms = new List<(string, int)>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            terms.Add((term.ToString(), position));
        }

        stream.End();
        return terms;
    }
}
