using System.Text.RegularExpressions;
using MatAssistant.Agent.Orchestration;
using MatAssistant.Application;
using MatAssistant.Application.Literature;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MatAssistant.Agent.Answers;

/// <summary>
/// Turns a brain's final text and the turn's tool calls into the answer: the citation list for every [n] the text uses,
/// each quote narrowed to the sentence of the passage that the answer relies on and checked to be verbatim corpus text.
/// A citation whose quote is not verbatim is dropped, its marker removed, and the drop logged.
/// </summary>
public sealed partial class AnswerComposer(ICorpusText corpus, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public AssistantAnswer Compose(string text, IReadOnlyList<ToolCallRecord> calls, string backend, IReadOnlyList<string>? notUsed = null)
    {
        var passages = calls.Select(c => c.Result).OfType<RetrieveResult>().SelectMany(r => r.Passages)
            .GroupBy(p => p.Number).ToDictionary(g => g.Key, g => g.Last());
        var citations = new List<Citation>();
        var dropped = new HashSet<int>();
        foreach (var number in CitationMarker().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct())
        {
            if (!passages.TryGetValue(number, out var passage))
            {
                dropped.Add(number);
                _logger.LogWarning("Dropped citation [{Number}]: no retrieved passage has that number.", number);
                continue;
            }

            var (start, end) = QuoteWithin(passage, text, number);
            var quote = passage.Text[(start - passage.Start)..(end - passage.Start)];
            if (!corpus.IsVerbatim(passage.Document, start, end, quote))
            {
                dropped.Add(number);
                _logger.LogWarning("Dropped citation [{Number}]: its quote is not verbatim text of {Document} at {Start}..{End}.", number, passage.Document, start, end);
                continue;
            }

            citations.Add(new Citation(number, passage.Document, passage.Title, passage.Section, quote, start, end, passage.Sentences.FirstOrDefault(x => x.Start == start)?.Page ?? passage.Page));
        }

        var answer = dropped.Count == 0 ? text : MarkerWithSpace().Replace(text, m => dropped.Contains(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) ? string.Empty : m.Value);
        var summaries = calls.Select(c => new ToolCallSummary(c.Tool, c.Arguments, c.Ok, c.Error, c.Result)).ToList();
        var artifacts = calls.Select(c => c.Result).OfType<IHasArtifacts>().SelectMany(a => a.Artifacts).ToList();
        var understood = calls.Select(c => c.Result is IUnderstood u ? u.Understood : $"{c.Tool}: {(c.Ok ? "done" : "failed: " + c.Error)}").ToList();
        return new AssistantAnswer(ReadingLine(understood, notUsed ?? []) + answer, citations.OrderBy(c => c.Id).ToList(), summaries, backend, artifacts, understood, notUsed ?? []);
    }

    /// <summary>
    /// The answer's first line: how the request was read and what of it was not used, so that a dropped constraint is
    /// visible to the reader and not only in the JSON. Empty when no tool ran and nothing was left over.
    /// </summary>
    internal static string ReadingLine(IReadOnlyList<string> understood, IReadOnlyList<string> notUsed)
    {
        if (understood.Count == 0 && notUsed.Count == 0)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        if (understood.Count > 0)
        {
            parts.Add("Read as: " + string.Join("; ", understood.Select(u => u.Replace("*", "\\*", StringComparison.Ordinal))) + ".");
        }

        if (notUsed.Count > 0)
        {
            parts.Add("Not used: " + string.Join(", ", notUsed.Select(n => $"\"{n}\"")) + ".");
        }

        return "_" + string.Join(" ", parts) + "_\n\n";
    }

    /// <summary>
    /// The sentence of the passage the answer leans on for [n]: the one sharing the most words with the answer's
    /// sentences that carry [n]; the whole passage when the passage has a single sentence or nothing matches.
    /// </summary>
    private static (int Start, int End) QuoteWithin(RetrievedPassage passage, string answer, int number)
    {
        var citing = Sentences(answer).Where(s => s.Text.Contains($"[{number}]", StringComparison.Ordinal)).Select(s => Words(s.Text)).ToList();
        var candidates = passage.Sentences.Count > 0
            ? passage.Sentences.Select(s => (s.Start, s.Text)).ToList()
            : Sentences(passage.Text).Select(s => (Start: passage.Start + s.Start, s.Text)).ToList();
        var best = (Start: passage.Start, End: passage.End);
        var bestScore = 0.0;
        foreach (var (start, sentence) in candidates)
        {
            var words = Words(sentence);
            if (words.Count == 0)
            {
                continue;
            }

            var score = citing.Count == 0 ? 0 : citing.Max(c => (double)c.Intersect(words).Count() / words.Count);
            if (score > bestScore)
            {
                bestScore = score;
                best = (start, start + sentence.Length);
            }
        }

        if (bestScore >= 0.3)
        {
            return best;
        }

        return passage.Sentences.Count > 0 ? (passage.Sentences[0].Start, passage.Sentences[0].End) : (passage.Start, passage.End);
    }

    internal static IEnumerable<(int Start, string Text)> Sentences(string text)
    {
        var start = 0;
        foreach (Match m in SentenceEnd().Matches(text))
        {
            var end = m.Index;
            var sentence = text[start..end];
            var trimmedStart = start + (sentence.Length - sentence.TrimStart().Length);
            if (end > trimmedStart)
            {
                yield return (trimmedStart, text[trimmedStart..end]);
            }

            start = m.Index + m.Length;
        }

        if (start < text.Length && text[start..].Trim().Length > 0)
        {
            var tail = text[start..];
            var trimmedStart = start + (tail.Length - tail.TrimStart().Length);
            yield return (trimmedStart, text[trimmedStart..].TrimEnd());
        }
    }

    private static HashSet<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length > 2).ToHashSet();

    [GeneratedRegex(@"\[(\d{1,3})\]")]
    private static partial Regex CitationMarker();

    [GeneratedRegex(@" ?\[(\d{1,3})\]")]
    private static partial Regex MarkerWithSpace();

    [GeneratedRegex(@"(?<=[.!?。！？])(?:\s+|(?=[\u4e00-\u9fff]))")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}

/// <summary>Access to the corpus files' exact text, for verifying quotes.</summary>
public interface ICorpusText
{
    /// <summary>True when <paramref name="quote"/> equals the text of <paramref name="document"/> at [start, end).</summary>
    bool IsVerbatim(string document, int start, int end, string quote);
}

/// <summary>Corpus files read from a directory (cached), for <see cref="ICorpusText"/>.</summary>
/// <summary>
/// The stored text of every document in the literature index, wherever it came from (the shipped corpus, an added PDF):
/// citations are verified against what the index holds, which is what the offsets refer to.
/// </summary>
public sealed class IndexedText(MatAssistant.Literature.LiteratureIndex index) : ICorpusText
{
    public bool IsVerbatim(string document, int start, int end, string quote) =>
        CorpusDirectory.Matches(index.DocumentText(document), start, end, quote);
}

public sealed class CorpusDirectory(string directory) : ICorpusText
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _texts = new(StringComparer.Ordinal);

    public bool IsVerbatim(string document, int start, int end, string quote)
    {
        var text = _texts.GetOrAdd(document, name =>
        {
            var path = Path.Combine(directory, Path.GetFileName(name));
            return File.Exists(path) ? File.ReadAllText(path) : null;
        });
        return Matches(text, start, end, quote);
    }

    /// <summary>True when <paramref name="quote"/> is exactly <paramref name="text"/>[start..end).</summary>
    internal static bool Matches(string? text, int start, int end, string quote) =>
        text is not null && start >= 0 && end <= text.Length && start <= end
            && string.CompareOrdinal(text, start, quote, 0, Math.Max(end - start, quote.Length)) == 0 && quote.Length == end - start;
}
