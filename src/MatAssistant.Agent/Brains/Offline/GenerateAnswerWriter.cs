using System.Globalization;
using System.Text;
using MatAssistant.Agent.Plugins;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>The offline planner's account of proposed compositions: a table with verdicts, novelty and predictions, and the figures of the sampling run.</summary>
internal static class GenerateAnswerWriter
{
    public static void Write(StringBuilder builder, GenerateToolResult r)
    {
        var validNovel = r.Candidates.Count(c => c.Screen.Valid == true && c.Novel == true);
        var scope = r.Include.Count > 0 ? $" containing {string.Join(", ", r.Include)}" : string.Empty;
        var without = r.Exclude.Count > 0 ? $" without {string.Join(", ", r.Exclude)}" : string.Empty;
        var filter = r.Filter is null ? string.Empty : $" predicted to meet {r.Filter}";
        var lead = r.Note?.StartsWith("None of", StringComparison.Ordinal) == true
            ? $"No composition{scope}{without} proposed by the composition language model is predicted to meet {r.Filter}. The closest candidates follow, with their predictions and uncertainties."
            : $"Here are {r.Candidates.Count} compositions{scope}{without}{filter} proposed by the composition language model; {validNovel} pass SMACT's charge-neutrality and electronegativity rules and are not in the known-materials reference.";
        builder.AppendLine(lead);
        builder.AppendLine();
        var properties = r.Candidates.SelectMany(c => c.Screen.Predictions?.Keys ?? []).Distinct().ToList();
        builder.Append("| # | formula | valid | novel | oxidation states |").AppendJoin(string.Empty, properties.Select(p => $" {p.Replace('_', ' ')} |")).AppendLine();
        builder.Append("| --- | --- | --- | --- | --- |").AppendJoin(string.Empty, properties.Select(_ => " --- |")).AppendLine();
        var i = 0;
        foreach (var c in r.Candidates)
        {
            var s = c.Screen;
            var states = s.OxidationStateText("—");
            builder.Append(CultureInfo.InvariantCulture, $"| {++i} | {s.ReducedFormula} | {(s.Valid == true ? "yes" : "no")} | {(c.Novel is null ? "?" : c.Novel.Value ? "yes" : "no")} | {states} |");
            foreach (var p in properties)
            {
                builder.Append(' ').Append(s.Predictions?.TryGetValue(p, out var prediction) == true ? OfflineAnswerWriter.FormatPrediction(prediction) : "—").Append(" |");
            }

            builder.AppendLine();
        }

        builder.AppendLine();
        var m = r.Metrics;
        builder.AppendLine(CultureInfo.InvariantCulture, $"From {r.Samples} samples in {r.Seconds:0.00} s: {m.UniqueFraction:P1} unique, {m.NovelFraction:P1} novel, {m.ChargeNeutralFraction:P1} charge-neutral, {m.ElectronegativityBalancedFraction:P1} electronegativity-balanced ({m.OxidationStates} oxidation states).");
        if (r.Note is { } note)
        {
            builder.AppendLine().AppendLine(note);
        }
    }
}
