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

    /// <summary>The answer to <paramref name="text"/>, the brain's final text, after <paramref name="calls"/>, by <paramref name="backend"/>; <paramref name="notUsed"/>: words of the request no tool took.</summary>
    /// <param name="text">The brain's final text, with its [n] markers (passage numbers).</param>
    /// <param name="calls">The turn's tool calls and their results.</param>
    /// <param name="backend">offline, llama or openai.</param>
    /// <param name="notUsed">Words of the request that no tool argument took.</param>
    /// <param name="markerOrder">The brain's marker numbers in the order a stream showed them (<see cref="CitationRenumberer.Order"/>),
    /// so that the final numbering is the one already on the reader's screen; null: the order of appearance in <paramref name="text"/>.</param>
    public AssistantAnswer Compose(string text, IReadOnlyList<ToolCallRecord> calls, string backend, IReadOnlyList<string>? notUsed = null, IReadOnlyList<int>? markerOrder = null)
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

        // Markers numbered in the order the reader meets them ([1], [2], …), not by retrieval rank ([3], [1]).
        var order = markerOrder is null ? citations.Select(c => c.Id).ToList() : [.. markerOrder, .. citations.Select(c => c.Id).Where(id => !markerOrder.Contains(id))];
        var renumber = order.Select((id, i) => (id, i + 1)).ToDictionary(x => x.id, x => x.Item2);
        answer = CitationMarker().Replace(answer, m => renumber.TryGetValue(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), out var n) ? $"[{n}]" : m.Value);
        citations = citations.Select(c => c with { Id = renumber[c.Id] }).ToList();
        var summaries = calls.Select(c => new ToolCallSummary(c.Tool, c.Arguments, c.Ok, c.Error, c.Result)).ToList();
        var artifacts = calls.Select(c => c.Result).OfType<IHasArtifacts>().SelectMany(a => a.Artifacts).ToList();
        var understood = Understood(calls);
        return new AssistantAnswer(ReadingLine(understood, notUsed ?? []) + answer, citations.OrderBy(c => c.Id).ToList(), summaries, backend, artifacts, understood, notUsed ?? []);
    }

    /// <summary>The first line of the answer to these calls, for a stream to show before the brain's text.</summary>
    public static string ReadingLine(IReadOnlyList<ToolCallRecord> calls, IReadOnlyList<string>? notUsed) => ReadingLine(Understood(calls), notUsed ?? []);

    private static List<string> Understood(IReadOnlyList<ToolCallRecord> calls) =>
        calls.Select(c => c.Result is IUnderstood u ? u.Understood : $"{c.Tool}: {(c.Ok ? "done" : "failed: " + c.Error)}").ToList();

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
    /// The sentences of the passage the answer leans on for [n]: for each answer sentence carrying [n], the passage
    /// sentence sharing the most of its words; the quote spans them (a claim and its "however" continuation). The first
    /// sentence when nothing matches.
    /// </summary>
    private static (int Start, int End) QuoteWithin(RetrievedPassage passage, string answer, int number)
    {
        var candidates = MatAssistant.Literature.Sentences.Split(passage.Text, 0, passage.Text.Length)
            .Select(s => (Start: passage.Start + s.Start, Words: Words(passage.Text[s.Start..s.End]), End: passage.Start + s.End))
            .Where(s => s.Words.Count > 0).ToList();
        var spans = new List<(int Start, int End)>();
        foreach (var claim in Claims(answer, number))
        {
            double Coverage(int i) => (double)claim.Intersect(candidates[i].Words).Count() / candidates[i].Words.Count;
            var best = Enumerable.Range(0, candidates.Count).OrderByDescending(Coverage).FirstOrDefault(-1);
            if (best < 0 || Coverage(best) < 0.3)
            {
                continue;
            }

            // A claim of two sentences (one and its "however" continuation) quotes both: neighbours it holds entirely.
            var (first, last) = (best, best);
            while (first > 0 && Coverage(first - 1) >= 0.8)
            {
                first--;
            }

            while (last + 1 < candidates.Count && Coverage(last + 1) >= 0.8)
            {
                last++;
            }

            spans.Add((candidates[first].Start, candidates[last].End));
        }

        if (spans.Count > 0)
        {
            return (spans.Min(s => s.Start), spans.Max(s => s.End));
        }

        return passage.Sentences.Count > 0 ? (passage.Sentences[0].Start, passage.Sentences[0].End) : (passage.Start, passage.End);
    }

    /// <summary>The words of each claim marked [n]: the answer's text from the previous marker, sentence or line up to the marker.</summary>
    private static IEnumerable<HashSet<string>> Claims(string answer, int number)
    {
        var marker = $"[{number}]";
        for (var at = answer.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = answer.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
        {
            var from = at;
            while (from > 0 && answer[from - 1] != ']' && answer[from - 1] != '\n')
            {
                from--;
            }

            // Past the closing punctuation of the previous claim ("… [2]. Next claim"): that stop belongs to it.
            yield return Words(answer[from..at]);
        }
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
