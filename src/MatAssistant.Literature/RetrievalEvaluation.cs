using System.Text.Json;

namespace MatAssistant.Literature;

/// <summary>One evaluation question (the format of <c>../shared/eval/literature_dev.jsonl</c>).</summary>
public sealed record RetrievalQuestion(string Id, string Question, IReadOnlyList<string> ExpectDocuments, IReadOnlyList<string> ExpectAll, IReadOnlyList<string> ExpectAny);

/// <summary>Where the first matching hit of a question ranked (null: not in the top k).</summary>
public sealed record RetrievalQuestionResult(string Id, string Question, int? Rank, string? Document, string? Section);

/// <summary>recall@1, recall@k and mean reciprocal rank over a question set.</summary>
public sealed record RetrievalMetrics(int Questions, int K, double RecallAt1, double RecallAtK, double Mrr, double MedianMilliseconds, IReadOnlyList<RetrievalQuestionResult> Results);

/// <summary>Retrieval evaluation: a hit counts when it comes from an expected document and contains the expected strings.</summary>
public static class RetrievalEvaluation
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Line(string? Id, string? Question, string[]? ExpectDocuments, string[]? ExpectAll, string[]? ExpectAny);

    /// <summary>Reads a JSONL file; a malformed line throws <see cref="InvalidDataException"/> naming the line.</summary>
    public static List<RetrievalQuestion> Read(string path)
    {
        var questions = new List<RetrievalQuestion>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            Line? line;
            try
            {
                line = JsonSerializer.Deserialize<Line>(raw, Json);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{number}: not a JSON object ({e.Message}).", e);
            }

            if (line?.Question is null || line.ExpectDocuments is null)
            {
                throw new InvalidDataException($"{path}:{number}: needs \"question\" and \"expect_documents\".");
            }

            questions.Add(new RetrievalQuestion(line.Id ?? $"line-{number}", line.Question, line.ExpectDocuments, line.ExpectAll ?? [], line.ExpectAny ?? []));
        }

        return questions;
    }

    /// <summary>True when <paramref name="hit"/> answers <paramref name="question"/>.</summary>
    public static bool Matches(LiteratureHit hit, RetrievalQuestion question)
    {
        ArgumentNullException.ThrowIfNull(hit);
        ArgumentNullException.ThrowIfNull(question);
        return question.ExpectDocuments.Contains(hit.Document, StringComparer.Ordinal)
            && question.ExpectAll.All(s => hit.Text.Contains(s, StringComparison.OrdinalIgnoreCase))
            && (question.ExpectAny.Count == 0 || question.ExpectAny.Any(s => hit.Text.Contains(s, StringComparison.OrdinalIgnoreCase)));
    }

    public static RetrievalMetrics Evaluate(LiteratureIndex index, IReadOnlyList<RetrievalQuestion> questions, int k = 5)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(questions);
        var results = new List<RetrievalQuestionResult>();
        var times = new List<double>();
        foreach (var question in questions)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var hits = index.Search(question.Question, k);
            times.Add(clock.Elapsed.TotalMilliseconds);
            var rank = hits.Select((h, i) => (h, i)).FirstOrDefault(p => Matches(p.h, question), (null!, -1)).Item2;
            results.Add(new RetrievalQuestionResult(question.Id, question.Question, rank < 0 ? null : rank + 1, rank < 0 ? null : hits[rank].Document, rank < 0 ? null : hits[rank].Section));
        }

        var n = Math.Max(1, results.Count);
        times.Sort();
        return new RetrievalMetrics(
            results.Count,
            k,
            results.Count(r => r.Rank == 1) / (double)n,
            results.Count(r => r.Rank is not null) / (double)n,
            results.Sum(r => r.Rank is { } rank ? 1.0 / rank : 0) / n,
            times.Count == 0 ? 0 : times[times.Count / 2],
            results);
    }
}
