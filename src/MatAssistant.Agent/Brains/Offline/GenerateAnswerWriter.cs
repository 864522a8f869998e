using System.Globalization;
using System.Text;
using MatAssistant.Application.Design;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>The offline planner's account of proposed compositions: a table with verdicts, novelty and predictions, what was enforced and what was not, and the figures of the sampling run.</summary>
internal static class GenerateAnswerWriter
{
    /// <summary>Who proposed the candidates: the model, or (for a closed prototype space it left short) partly the enumeration.</summary>
    private static string Origin(DesignResult r)
    {
        var listed = r.Candidates.Count(c => c.Source == DesignCandidate.Enumerated);
        return listed == 0 ? "proposed by the composition language model"
            : listed == r.Candidates.Count && r.SamplesDrawn == 0 ? "listed from the known-materials reference (no sampling: known ones were asked for)"
            : listed == r.Candidates.Count ? "listed by enumerating the prototype's compositions (the model's samples fell short)"
            : $"{r.Candidates.Count - listed} proposed by the composition language model and {listed} listed by enumerating the prototype's compositions";
    }

    public static void Write(StringBuilder builder, DesignResult r, Planning.DesignSlots? asked = null)
    {
        var closest = r.Candidates.Count > 0 && r.Candidates.All(c => !c.MeetsAll);
        var validNovel = r.Candidates.Count(c => c.Valid && c.Novel == true);
        var lead = closest
            ? $"No composition proposed by the composition language model meets every constraint together with {r.Filter}. The closest candidates follow, with their predictions and uncertainties."
            : r.Candidates.Count == 0
                ? "No composition proposed by the composition language model meets every constraint."
                : $"Here {(r.Candidates.Count == 1 ? "is" : "are")} {r.Candidates.Count} of the {r.Requested} compositions asked for, {Origin(r)} and screened; {r.Candidates.Count(c => c.Valid)} pass SMACT's charge-neutrality and electronegativity rules, {(validNovel == 0 && r.Candidates.All(c => c.Novel == false) ? "all of them in the known-materials reference" : $"{validNovel} of them not in the known-materials reference")}.";
        if (r.KnownInSystem is { } knownList)
        {
            // Asked "which are already known": that comes first, and the proposals below are hypothetical.
            builder.AppendLine(knownList.Summary);
            builder.AppendLine();
        }

        builder.AppendLine(lead);
        builder.AppendLine();
        if (r.Candidates.Count > 0)
        {
            var properties = r.Candidates.SelectMany(c => c.Predictions?.Keys ?? []).Distinct().ToList();
            builder.Append("| # | formula | valid | novel | oxidation states |").AppendJoin(string.Empty, properties.Select(p => $" {p.Replace('_', ' ')} |")).AppendLine();
            builder.Append("| --- | --- | --- | --- | --- |").AppendJoin(string.Empty, properties.Select(_ => " --- |")).AppendLine();
            foreach (var c in r.Candidates)
            {
                builder.Append(CultureInfo.InvariantCulture, $"| {c.Rank} | {c.ReducedFormula} | {(c.Valid ? "yes" : "no")} | {(c.Novel is null ? "?" : c.Novel.Value ? "yes" : "no")} | {c.OxidationStateText("—")} |");
                foreach (var p in properties)
                {
                    builder.Append(' ').Append(c.Predictions?.TryGetValue(p, out var prediction) == true ? OfflineAnswerWriter.FormatPrediction(prediction) : "—").Append(" |");
                }

                builder.AppendLine();
            }

            builder.AppendLine();
        }

        var m = r.Metrics;
        if (r.SamplesDrawn > 0)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"From {r.SamplesDrawn} samples ({r.DistinctDrawn} distinct) in {r.Seconds:0.00} s: {m.UniqueFraction:P1} unique, {m.NovelFraction:P1} novel, {m.ChargeNeutralFraction:P1} charge-neutral, {m.ElectronegativityBalancedFraction:P1} electronegativity-balanced ({m.OxidationStates} oxidation states).");
        }

        foreach (var n in r.ConstraintsNotEnforced)
        {
            builder.AppendLine().Append(CultureInfo.InvariantCulture, $"Not enforced: {n.Constraint} — {n.Why}").AppendLine();
        }

        if (r.Note is { } note)
        {
            builder.AppendLine().AppendLine(note);
        }

        foreach (var line in asked?.Notes ?? [])
        {
            builder.AppendLine().AppendLine(line);
        }
    }
}
