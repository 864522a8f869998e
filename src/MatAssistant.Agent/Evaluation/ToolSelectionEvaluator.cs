using System.Globalization;
using System.Text.Json;
using MatAssistant.Agent.Planning;

namespace MatAssistant.Agent.Evaluation;

/// <summary>One request of a tool-selection set: the tool the planner must choose and arguments it must give (a subset).</summary>
public sealed record ToolSelectionCase(string Request, string Tool, IReadOnlyDictionary<string, JsonElement> Arguments);

/// <summary>The outcome of one case.</summary>
public sealed record ToolSelectionOutcome(ToolSelectionCase Case, string? ChosenTool, bool ToolCorrect, bool ArgumentsCorrect, string? Problem);

/// <summary>Accuracy of the offline planner's tool choice and key arguments on a JSONL set.</summary>
/// <param name="Cases">Number of requests.</param>
/// <param name="ToolAccuracy">Share choosing the expected tool.</param>
/// <param name="Accuracy">Share choosing the expected tool with every expected argument.</param>
/// <param name="Outcomes">Per request.</param>
public sealed record ToolSelectionReport(int Cases, double ToolAccuracy, double Accuracy, IReadOnlyList<ToolSelectionOutcome> Outcomes);

/// <summary>Evaluates the offline planner on requests with expected tools and arguments.</summary>
public static class ToolSelectionEvaluator
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Reads a JSONL file of <c>{"request", "tool", "arguments"}</c> objects.</summary>
    public static IReadOnlyList<ToolSelectionCase> Load(string path) =>
        JsonLines.Read(path, "tool-selection case", root => root.Deserialize<ToolSelectionCase>(JsonOptions) ?? throw new JsonException("empty"));

    public static ToolSelectionReport Evaluate(IReadOnlyList<ToolSelectionCase> cases)
    {
        var outcomes = cases.Select(Evaluate).ToList();
        var n = Math.Max(outcomes.Count, 1);
        return new ToolSelectionReport(outcomes.Count, outcomes.Count(o => o.ToolCorrect) / (double)n, outcomes.Count(o => o.ToolCorrect && o.ArgumentsCorrect) / (double)n, outcomes);
    }

    private static ToolSelectionOutcome Evaluate(ToolSelectionCase c)
    {
        var request = RequestParser.Parse(c.Request);
        if (request.MissingQuestion is { } question)
        {
            return new ToolSelectionOutcome(c, null, false, false, "asked instead: " + question);
        }

        var tool = ToolNames.For(request.Intent);
        if (tool != c.Tool)
        {
            return new ToolSelectionOutcome(c, tool, false, false, $"chose {tool}");
        }

        var arguments = JsonSerializer.SerializeToElement(ToolArguments.For(request));
        foreach (var (name, expected) in c.Arguments)
        {
            if (!arguments.TryGetProperty(name, out var actual) || !Same(expected, actual))
            {
                return new ToolSelectionOutcome(c, tool, true, false, $"{name}: expected {expected.GetRawText()}, got {(arguments.TryGetProperty(name, out var a) ? a.GetRawText() : "nothing")}");
            }
        }

        return new ToolSelectionOutcome(c, tool, true, true, null);
    }

    private static bool Same(JsonElement expected, JsonElement actual) => expected.ValueKind switch
    {
        JsonValueKind.Number => actual.ValueKind == JsonValueKind.Number && Math.Abs(expected.GetDouble() - actual.GetDouble()) < 1e-9,
        JsonValueKind.Array => actual.ValueKind == JsonValueKind.Array
            && expected.EnumerateArray().Select(Text).Order(StringComparer.Ordinal).SequenceEqual(actual.EnumerateArray().Select(Text).Order(StringComparer.Ordinal)),
        _ => Text(expected) == Text(actual),
    };

    private static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        _ => e.GetRawText(),
    };
}
