using System.Globalization;
using MatAssistant.Screening;
using MatAssistant.Screening.Surrogates;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>
/// One sentence per screened formula that answers what the table only lists: metal or insulator, and where its band gap
/// comes from — a measured value, the Materials Project PBE gap mapped to experiment, or the composition model alone
/// (and then whether it extrapolates). "Is LiCoO2 an insulator?" deserves a word, not a column to read.
/// </summary>
internal static class PropertySummary
{
    /// <summary>Sentences are written for at most this many formulas; a longer screen is a table to sort, not to read.</summary>
    public const int MaxFormulas = 5;

    /// <summary>p_metal below which a formula is called an insulator or semiconductor, above 1 − this a metal; between, undecided.</summary>
    public const double Decided = 0.2;

    /// <summary>The sentence, or null without predictions and for a formula that fails the rules (NaCl2: a gap for a compound that cannot exist would read as a finding).</summary>
    public static string? For(ScreenResult r)
    {
        if (r.Valid != true || r.Predictions is not { } p || !p.TryGetValue(SurrogateCatalog.IsMetal.Name, out var metal))
        {
            return null;
        }

        var pm = metal.Mean;
        var verdict = pm <= Decided ? "a non-metal" : pm >= 1 - Decided ? "a metal" : "undecided between metal and non-metal";
        var text = string.Create(CultureInfo.InvariantCulture, $"`{r.ReducedFormula}`: {verdict} (p_metal {pm:0.00}{(metal.InDistribution ? "" : ", out of distribution")})");
        if (p.TryGetValue(SurrogateCatalog.BandGap.Name, out var gap))
        {
            var from = gap.Source switch
            {
                PropertyPrediction.Measured => $"the measured value ({MeasuredGapReference.SourceName})",
                PropertyPrediction.AnchoredPbe => "the Materials Project PBE gap mapped to experiment, combined with the composition model",
                _ => gap.InDistribution ? "the composition model" : "the composition model, extrapolating (out of distribution)",
            };
            text += string.Create(CultureInfo.InvariantCulture, $"; band gap {gap.Mean:0.00} ± {gap.Std:0.00} eV, from {from}");
        }

        if (p.TryGetValue(SurrogateCatalog.FormationEnergy.Name, out var formation))
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; formation energy {formation.Mean:0.00} ± {formation.Std:0.00} eV/atom (composition model{(formation.InDistribution ? "" : ", out of distribution")})");
        }

        return text + ".";
    }
}
