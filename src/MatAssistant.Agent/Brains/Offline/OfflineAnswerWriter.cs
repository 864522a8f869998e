using System.Globalization;
using System.Text;
using MatAssistant.Agent.Planning;
using MatAssistant.Application.Design;
using MatAssistant.Application.Literature;
using MatAssistant.Application.Screening;
using MatAssistant.Application.Solving;
using MatAssistant.Screening;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>Writes the offline planner's answers from the tools' results: tables for candidates and screens, numbers for solutions, cited sentences for questions.</summary>
public static class OfflineAnswerWriter
{
    public static string Write(ParsedRequest request, IReadOnlyList<(FunctionCallContent? Call, FunctionResultContent Result)> results)
    {
        var builder = new StringBuilder();
        if (request.FollowUpNote is { } followUp)
        {
            builder.AppendLine(followUp).AppendLine();
        }

        foreach (var note in request.Notes)
        {
            builder.AppendLine(note);
        }

        if (request.Notes.Count > 0)
        {
            builder.AppendLine();
        }

        foreach (var (_, result) in results)
        {
            switch (result.Result)
            {
                case ScreenResponse screen:
                    WriteScreen(builder, screen.Results, question: request.Text);
                    break;
                case DesignResult generated:
                    GenerateAnswerWriter.Write(builder, generated, request.Design);
                    break;
                case SolveResult solve:
                    SolveAnswerWriter.Write(builder, solve, request.Solve?.TimeUnit);
                    WriteUnchanged(builder, request, solve);
                    break;
                case RetrieveResult retrieval:
                    FaqAnswerWriter.Write(builder, request, retrieval);
                    break;
                case string text when text.StartsWith("Error:", StringComparison.Ordinal):
                    builder.AppendLine(CultureInfo.InvariantCulture, $"The tool could not do this: {text["Error:".Length..].Trim()}");
                    break;
                case null:
                    builder.AppendLine("The tool returned nothing.");
                    break;
                default:
                    builder.AppendLine(result.Result.ToString());
                    break;
            }
        }

        if (request.IntentNote is { } reading)
        {
            builder.AppendLine().AppendLine(reading);
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>
    /// A follow-up that changed a value the model does not use ("what about at 700 °C?" when D was given at one
    /// temperature) gets the same result: say so, rather than let the user read the unchanged number as an answer.
    /// </summary>
    private static void WriteUnchanged(StringBuilder builder, ParsedRequest request, SolveResult solve)
    {
        var unused = request.FollowUpChanged.Where(k => solve.Ignored.Any(i => i.StartsWith(k + " ", StringComparison.Ordinal) || i.StartsWith(k + "=", StringComparison.Ordinal))).ToList();
        if (unused.Count == 0)
        {
            return;
        }

        var hint = unused.Contains("T") && request.Solve?.Template == "fick"
            ? " The diffusion coefficient was given as one value, so the temperature does not enter: give D at the new temperature, or D0 and Q, for it to matter."
            : string.Empty;
        builder.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"The changed {string.Join(" and ", unused)} is not used by this model, so this result is the same as before.{hint}");
    }

    internal static void WriteScreen(StringBuilder builder, IReadOnlyList<ScreenResult> results, bool lead = true, string? question = null)
    {
        var readable = results.Where(r => r.Error is null).ToList();
        if (lead)
        {
            var valid = readable.Count(r => r.Valid == true);
            builder.AppendLine(CultureInfo.InvariantCulture, $"Of {results.Count} formula{(results.Count == 1 ? "" : "s")}, {valid} pass{(valid == 1 ? "es" : "")} SMACT's charge-neutrality and electronegativity rules.");
            builder.AppendLine();
        }

        if (question is not null && ScreenComparison.For(question, readable) is { } comparison)
        {
            builder.AppendLine(comparison).AppendLine();
        }

        var properties = readable.SelectMany(r => r.Predictions?.Keys ?? []).Distinct().ToList();
        builder.Append("| formula | valid | why | charge-neutral | EN-balanced | oxidation states | plausibility | known |");
        builder.AppendJoin(string.Empty, properties.Select(p => $" {p.Replace('_', ' ')} |")).AppendLine();
        builder.Append("| --- | --- | --- | --- | --- | --- | --- | --- |").AppendJoin(string.Empty, properties.Select(_ => " --- |")).AppendLine();
        foreach (var r in readable)
        {
            var states = r.OxidationStateText("—");
            // The rule that passed (alloy, mixed valence) or the reason it failed, in words: a verdict without its reason
            // leaves a chemist guessing why Fe3O4 or MgB2 passed.
            var why = (r.Rule is "mixed_valence" or "alloy" or "single_element" ? r.Rule : r.Reason)?.Replace('_', ' ') ?? "—";
            var plausibility = r.Plausibility is { } pl ? pl.ToString("0.00", CultureInfo.InvariantCulture) : "—";
            builder.Append(CultureInfo.InvariantCulture, $"| {r.ReducedFormula} | {YesNo(r.Valid)} | {why} | {YesNo(r.ChargeNeutral)} | {YesNo(r.ElectronegativityBalanced)} | {states} | {plausibility} | {(r.Known is null ? "?" : r.Known.Value ? "known" : "novel")} |");
            foreach (var p in properties)
            {
                builder.Append(' ').Append(r.Predictions?.TryGetValue(p, out var prediction) == true ? FormatPrediction(prediction) : "—").Append(" |");
            }

            builder.AppendLine();
        }

        if (readable.Count <= PropertySummary.MaxFormulas)
        {
            foreach (var summary in readable.Select(PropertySummary.For).Where(s => s is not null))
            {
                builder.AppendLine().Append(summary);
            }
        }

        foreach (var r in readable.Where(r => r.Detail is not null))
        {
            builder.AppendLine().Append(CultureInfo.InvariantCulture, $"`{r.Formula}`: {r.Detail}");
        }

        foreach (var note in readable.Select(ScreenNotes.For).Where(n => n is not null))
        {
            builder.AppendLine().Append(note);
        }

        foreach (var r in results.Where(r => r.Error is not null))
        {
            builder.AppendLine().Append(CultureInfo.InvariantCulture, $"`{r.Formula}` could not be read: {r.Error}");
        }

        builder.AppendLine();
    }

    internal static string FormatPrediction(PropertyPrediction p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Mean:0.00} ± {p.Std:0.00} {p.Unit}{(p.Source == PropertyPrediction.Measured ? " (measured)" : "")}{(p.InDistribution ? "" : " (out of distribution)")}");

    private static string YesNo(bool? value) => value switch { true => "yes", false => "no", _ => "—" };
}
