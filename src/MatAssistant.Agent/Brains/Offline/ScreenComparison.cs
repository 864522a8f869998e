using System.Globalization;
using System.Text.RegularExpressions;
using MatAssistant.Screening;
using MatAssistant.Screening.Surrogates;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>
/// "Which has the larger predicted gap, CdS or CdTe?", "which of these is most likely metallic?": the screened formulas
/// ordered by the property asked about, first in the answer, with whether the top two are told apart by their
/// uncertainties. Before, the answer listed the table and left the comparison to the reader.
/// </summary>
internal static partial class ScreenComparison
{
    private sealed record Asked(string Property, bool Largest, string Words);

    /// <summary>The sentence, or null when the question compares nothing or fewer than two formulas have the property.</summary>
    public static string? For(string question, IReadOnlyList<ScreenResult> results)
    {
        if (Read(question) is not { } asked)
        {
            return null;
        }

        var ranked = results
            .Where(r => r.Error is null && r.Valid == true && r.Predictions?.ContainsKey(asked.Property) == true)
            .Select(r => (Formula: r.ReducedFormula ?? r.Formula, Prediction: r.Predictions![asked.Property]))
            .GroupBy(x => x.Formula, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(x => asked.Largest ? -x.Prediction.Mean : x.Prediction.Mean)
            .ToList();
        if (ranked.Count < 2)
        {
            return null;
        }

        var unit = asked.Property switch { "band_gap" or "dft_band_gap" => " eV", "formation_energy" => " eV/atom", _ => string.Empty };
        string Said((string Formula, PropertyPrediction Prediction) x) =>
            string.Create(CultureInfo.InvariantCulture, $"`{x.Formula}` ({x.Prediction.Mean:0.00} ± {x.Prediction.Std:0.00}{unit}{(x.Prediction.InDistribution ? "" : ", out of distribution")})");
        var (first, second) = (ranked[0], ranked[1]);
        // Told apart when the gap between the two means exceeds their combined one-sigma spread.
        var spread = Math.Sqrt((first.Prediction.Std * first.Prediction.Std) + (second.Prediction.Std * second.Prediction.Std));
        var apart = Math.Abs(first.Prediction.Mean - second.Prediction.Mean) > spread;
        var order = string.Join(", then ", ranked.Select(Said));
        return $"{char.ToUpperInvariant(asked.Words[0])}{asked.Words[1..]}: {order}. "
            + (apart
                ? $"`{first.Formula}` leads by more than the combined uncertainty of the first two."
                : $"The first two overlap within their uncertainties, so the order between `{first.Formula}` and `{second.Formula}` is not established by these models.");
    }

    private static Asked? Read(string question)
    {
        if (MetalAsked().IsMatch(question))
        {
            return new Asked(SurrogateCatalog.IsMetal.Name, !LeastMetal().IsMatch(question), LeastMetal().IsMatch(question) ? "least likely metallic first (predicted metal probability)" : "most likely metallic first (predicted metal probability)");
        }

        if (GapAsked().Match(question) is { Success: true } gap)
        {
            var largest = !Small().IsMatch(gap.Value);
            return new Asked(SurrogateCatalog.BandGap.Name, largest, largest ? "largest predicted band gap first" : "smallest predicted band gap first");
        }

        if (StabilityAsked().Match(question) is { Success: true })
        {
            return new Asked(SurrogateCatalog.FormationEnergy.Name, false, "lowest predicted formation energy first (a composition model's estimate, not convex-hull stability)");
        }

        return null;
    }

    [GeneratedRegex(@"\b(?:most|least|more|less)\s+(?:likely\s+(?:to\s+be\s+)?)?(?:metallic|a\s+metal|conducting|conductive)\b|\bwhich\b[^?.]{0,60}\b(?:is|are)\s+(?:the\s+)?(?:metals?|metallic)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MetalAsked();

    [GeneratedRegex(@"\bleast\s+(?:likely\s+(?:to\s+be\s+)?)?(?:metallic|a\s+metal)|\bless\s+(?:likely\s+(?:to\s+be\s+)?)?(?:metallic|a\s+metal)", RegexOptions.IgnoreCase)]
    private static partial Regex LeastMetal();

    [GeneratedRegex(@"\b(?:larg|bigg|wid|high|small|narrow|low)(?:er|est)\s+(?:predicted\s+)?(?:band\s*)?gap\b|\b(?:band\s*)?gap\b[^?.]{0,20}\b(?:larg|bigg|wid|high|small|narrow|low)(?:er|est)\b|\b(?:compare|comparing|rank|order|sort)\b[^?.]{0,60}\bgaps?\b|\bgaps?\b[^?.]{0,60}\b(?:vs\.?|versus|compared)(?=\s)", RegexOptions.IgnoreCase)]
    private static partial Regex GapAsked();

    [GeneratedRegex(@"\b(?:small|narrow|low)(?:er|est)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Small();

    [GeneratedRegex(@"\b(?:most|more)\s+stable\b|\b(?:low|most\s+negative)(?:er|est)?\s+formation\s+energ|\b(?:rank|order|sort)\b[^?.]{0,60}\bformation\s+energ", RegexOptions.IgnoreCase)]
    private static partial Regex StabilityAsked();
}
