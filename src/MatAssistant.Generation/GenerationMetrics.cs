using MatAssistant.Chemistry;

namespace MatAssistant.Generation;

/// <summary>The figures the composition-generation papers report, over one set of samples and one rule set.</summary>
/// <param name="Count">Samples.</param>
/// <param name="UniqueFraction">Distinct reduced formulas / samples.</param>
/// <param name="NovelFraction">Samples whose reduced formula is not in the reference of known formulas / samples; NaN without a reference.</param>
/// <param name="ChargeNeutralFraction">Samples with a charge-neutral oxidation-state assignment (no alloy or single-element shortcut).</param>
/// <param name="ElectronegativityBalancedFraction">Samples with a neutral assignment that passes the Pauling test (implies charge-neutral).</param>
/// <param name="ValidFraction">SMACT's <c>smact_validity</c> (alloy and single-element rules included).</param>
/// <param name="OxidationStates">Name of the oxidation-state set the rules used.</param>
public sealed record GenerationMetrics(
    int Count,
    double UniqueFraction,
    double NovelFraction,
    double ChargeNeutralFraction,
    double ElectronegativityBalancedFraction,
    double ValidFraction,
    string OxidationStates)
{
    /// <summary>Computes the figures. <paramref name="isKnown"/> decides novelty (null: <see cref="NovelFraction"/> is NaN).</summary>
    public static GenerationMetrics Compute(IReadOnlyList<Composition> samples, CompositionRules rules, Func<Composition, bool>? isKnown)
    {
        if (samples.Count == 0)
        {
            return new GenerationMetrics(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, rules.Rules.OxidationStates.Name);
        }

        var neutral = 0;
        var balanced = 0;
        var valid = 0;
        var novel = 0;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            var (n, b) = rules.Test(sample);
            neutral += n ? 1 : 0;
            balanced += b ? 1 : 0;
            valid += rules.IsValid(sample) ? 1 : 0;
            novel += isKnown is not null && !isKnown(sample) ? 1 : 0;
            keys.Add(sample.Reduce().Composition.AlphabeticalFormula);
        }

        double count = samples.Count;
        return new GenerationMetrics(
            samples.Count,
            keys.Count / count,
            isKnown is null ? double.NaN : novel / count,
            neutral / count,
            balanced / count,
            valid / count,
            rules.Rules.OxidationStates.Name);
    }
}

/// <summary>Recovery of held-out known formulas.</summary>
/// <param name="HeldOut">Held-out formulas looked for.</param>
/// <param name="Recovered">Held-out formulas that appeared among the samples.</param>
/// <param name="Samples">Samples drawn (in total).</param>
/// <param name="Description">What was held out and how it was sampled.</param>
public sealed record RecoveryFigures(int HeldOut, int Recovered, int Samples, string Description)
{
    public double Fraction => HeldOut == 0 ? double.NaN : (double)Recovered / HeldOut;

    /// <summary>How many of <paramref name="heldOut"/> occur among <paramref name="samples"/> (by reduced formula).</summary>
    public static RecoveryFigures Compute(IEnumerable<Composition> heldOut, IReadOnlyCollection<Composition> samples, string description)
    {
        var generated = samples.Select(s => s.Reduce().Composition.AlphabeticalFormula).ToHashSet(StringComparer.Ordinal);
        var keys = heldOut.Select(h => h.Reduce().Composition.AlphabeticalFormula).Distinct(StringComparer.Ordinal).ToArray();
        return new RecoveryFigures(keys.Length, keys.Count(generated.Contains), samples.Count, description);
    }
}

/// <summary>The full evaluation of a generator: the model's figures and the baseline's under two rule sets, enrichment and recovery.</summary>
/// <param name="Model">Model samples under the default rules (pymatgen ICSD states).</param>
/// <param name="ModelSmact14">Model samples under SMACT's default oxidation states (the literature's rules); null when not loaded.</param>
/// <param name="Baseline">Pseudo-random samples under the default rules.</param>
/// <param name="BaselineSmact14">Pseudo-random samples under SMACT14; null when not loaded.</param>
/// <param name="Recovery">Recovery figures (held-out formulas, left-out chemical systems).</param>
public sealed record GenerationReport(
    GenerationMetrics Model,
    GenerationMetrics? ModelSmact14,
    GenerationMetrics Baseline,
    GenerationMetrics? BaselineSmact14,
    IReadOnlyList<RecoveryFigures> Recovery)
{
    /// <summary>Electronegativity-balanced (hence charge-neutral) fraction of the model over that of the baseline, default rules.</summary>
    public double Enrichment => Model.ElectronegativityBalancedFraction / Baseline.ElectronegativityBalancedFraction;

    /// <summary>The same under SMACT14, the literature's rules.</summary>
    public double? EnrichmentSmact14 => ModelSmact14 is null || BaselineSmact14 is null ? null : ModelSmact14.ElectronegativityBalancedFraction / BaselineSmact14.ElectronegativityBalancedFraction;
}
