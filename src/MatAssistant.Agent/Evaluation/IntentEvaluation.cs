using System.Diagnostics;
using System.Text.Json;
using MatAssistant.Agent.Planning;

namespace MatAssistant.Agent.Evaluation;

/// <summary>One request with the intent it must be read as.</summary>
/// <param name="Request">What the user wrote.</param>
/// <param name="Category">The set's category (the request set's <c>category</c>; otherwise the expected intent's name).</param>
/// <param name="Expected">The intent a correct reading has.</param>
public sealed record IntentCase(string Request, string Category, RequestIntent Expected);

/// <summary>How one reader did on one request.</summary>
public sealed record IntentOutcome(IntentCase Case, RequestIntent Chosen, bool Asked, bool ByEncoder, double Milliseconds)
{
    public bool Correct => Chosen == Case.Expected;
}

/// <summary>Correct intents per category for one reader, and its time per request.</summary>
public sealed record IntentReport(IntentMode Mode, IReadOnlyList<IntentOutcome> Outcomes)
{
    public IReadOnlyList<CategoryScore> Categories =>
        Outcomes.GroupBy(o => o.Case.Category).Select(g => new CategoryScore(g.Key, g.Count(), g.Count(o => o.Correct))).ToList();

    public int Correct => Outcomes.Count(o => o.Correct);

    /// <summary>Median milliseconds per request (intent reading only, the encoder's exemplars already embedded).</summary>
    public double MedianMs => Median(Outcomes.Select(o => o.Milliseconds));

    /// <summary>The slowest request's milliseconds; 0 when none.</summary>
    public double MaxMs => Outcomes.Count == 0 ? 0 : Outcomes.Max(o => o.Milliseconds);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}

/// <summary>
/// Intent accuracy of a <see cref="RequestReader"/> on request files of three shapes: a request set
/// (<c>category</c> + <c>expect.tools</c>, ../shared/eval/README.md), an intent set (<c>intent</c>), a tool-selection set
/// (<c>tool</c>), a word-problem set (<c>template</c> or <c>equations</c>: solve) or a design-reading set (<c>arguments</c> without a tool:
/// design). Only the intent is judged: slots have their own evaluations.
/// </summary>
public static class IntentEvaluation
{
    public static IReadOnlyList<IntentCase> Read(string path) => JsonLines.Read(path, "intent case", FromJson);

    private static IntentCase FromJson(JsonElement root)
    {
        var request = root.GetProperty("request").GetString()!;
        if (root.TryGetProperty("intent", out var intent))
        {
            return Case(request, null, Intent(intent.GetString()!));
        }

        if (root.TryGetProperty("category", out var category))
        {
            var name = category.GetString()!;
            var tools = root.TryGetProperty("expect", out var expect) && expect.TryGetProperty("tools", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Select(x => x.GetString()).ToList()
                : [];
            var expected = name switch
            {
                "faq" => RequestIntent.Faq,
                "design" => RequestIntent.Design,
                "solve" => RequestIntent.Solve,
                "explain" => tools.Contains("retrieve") ? RequestIntent.ExplainAndScreen : RequestIntent.Screen,
                _ => throw new InvalidDataException($"unknown category '{name}'"),
            };
            return Case(request, name, expected);
        }

        if (root.TryGetProperty("tool", out var tool))
        {
            return Case(request, null, tool.GetString() switch
            {
                ToolNames.Retrieve => RequestIntent.Faq,
                ToolNames.Generate => RequestIntent.Design,
                ToolNames.Screen => RequestIntent.Screen,
                ToolNames.Solve => RequestIntent.Solve,
                var other => throw new InvalidDataException($"unknown tool '{other}'"),
            });
        }

        if (root.TryGetProperty("template", out _) || root.TryGetProperty("equations", out _))
        {
            return Case(request, null, RequestIntent.Solve);
        }

        return root.TryGetProperty("arguments", out _)
            ? Case(request, null, RequestIntent.Design)
            : throw new InvalidDataException("no intent, category, tool, template, equations or arguments");
    }

    private static IntentCase Case(string request, string? category, RequestIntent expected) =>
        new(request, category ?? Name(expected), expected);

    private static RequestIntent Intent(string name) =>
        IntentEncoder.TryIntent(name, out var intent) ? intent : throw new InvalidDataException($"unknown intent '{name}'");

    /// <summary>faq, design, screen, solve, explain_and_screen.</summary>
    public static string Name(RequestIntent intent) => intent == RequestIntent.ExplainAndScreen ? "explain_and_screen" : intent.ToString().ToLowerInvariant();

    /// <summary>Reads every case with <paramref name="reader"/>. The first reading (which embeds the exemplars) is timed apart by the caller's warm-up.</summary>
    public static IntentReport Evaluate(IReadOnlyList<IntentCase> cases, RequestReader reader)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(reader);
        var outcomes = new List<IntentOutcome>();
        foreach (var c in cases)
        {
            var watch = Stopwatch.StartNew();
            var reading = reader.ReadIntent(c.Request);
            outcomes.Add(new IntentOutcome(c, reading.Intent, reading.Vote is not null, reading.ByEncoder, watch.Elapsed.TotalMilliseconds));
        }

        return new IntentReport(reader.Mode, outcomes);
    }
}
