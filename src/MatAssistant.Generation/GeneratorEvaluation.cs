using MatAssistant.Chemistry;

namespace MatAssistant.Generation;

/// <summary>Evaluation settings.</summary>
/// <param name="Samples">Unconstrained samples for the figures (default 10,000).</param>
/// <param name="Seed">Seed of the model's and the baseline's samples (default 1).</param>
/// <param name="Systems">Left-out chemical systems probed for recovery (default 50, those the vocabulary covers, by name).</param>
/// <param name="SamplesPerSystem">Constrained samples per left-out system (default 200).</param>
public sealed record EvaluationOptions(int Samples = 10_000, int Seed = 1, int Systems = 50, int SamplesPerSystem = 200);

/// <summary>Computes <see cref="GenerationReport"/> for a generator against a split.</summary>
public static class GeneratorEvaluation
{
    /// <param name="generator">The model.</param>
    /// <param name="split">The split it was trained on (after the training filter).</param>
    /// <param name="baseline">The pseudo-random sampler.</param>
    /// <param name="rules">Default rules (pymatgen ICSD states).</param>
    /// <param name="smact14">SMACT14 rules, or null.</param>
    /// <param name="options">Sizes and seed.</param>
    /// <param name="temperature">Sampling temperature (null: the model's default).</param>
    /// <param name="topP">Nucleus mass (null: the model's default).</param>
    /// <param name="chargeBalance">Oxidation states for charge-aware decoding (null: off, the model's own distribution).</param>
    /// <param name="chargeRejectionRounds">See <see cref="GenerationRequest.ChargeRejectionRounds"/> (default 2).</param>
    /// <param name="chargeMixedValence">See <see cref="GenerationRequest.ChargeMixedValence"/> (default null: one state per element).</param>
    public static GenerationReport Run(
        CompositionGenerator generator,
        DatasetSplit split,
        RandomBaselineSampler baseline,
        CompositionRules rules,
        CompositionRules? smact14,
        EvaluationOptions? options = null,
        double? temperature = null,
        double? topP = null,
        OxidationStateSet? chargeBalance = null,
        int chargeRejectionRounds = 2,
        ElementSet? chargeMixedValence = null)
    {
        options ??= new EvaluationOptions();
        var training = split.Train.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        bool IsKnown(Composition c) => training.Contains(c.Reduce().Composition.AlphabeticalFormula);

        var samples = generator.Generate(new GenerationRequest(options.Samples, options.Seed, Temperature: temperature, TopP: topP, ChargeBalance: chargeBalance, ChargeRejectionRounds: chargeRejectionRounds, ChargeMixedValence: chargeMixedValence)).Select(s => s.Composition).ToArray();
        var random = baseline.Sample(options.Samples, options.Seed);
        var recovery = new List<RecoveryFigures>
        {
            RecoveryFigures.Compute(split.Test.Select(f => f.Composition), samples, $"held-out formulas (test split) among {options.Samples} unconstrained samples"),
        };

        var systems = split.HeldOutSystems
            .GroupBy(f => f.ChemicalSystem, StringComparer.Ordinal)
            .Where(g => g.First().Composition.Elements.All(e => generator.Tokenizer.RankOf(e) >= 0) && g.First().Composition.ElementCount <= generator.Tokenizer.MaxElements)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Take(options.Systems)
            .ToArray();
        if (systems.Length > 0)
        {
            var found = 0;
            var total = 0;
            var drawn = 0;
            foreach (var system in systems)
            {
                var symbols = system.Key.Split('-');
                var constrained = generator.Generate(new GenerationRequest(
                    options.SamplesPerSystem,
                    options.Seed,
                    new DecodingConstraints(Include: symbols, ExactElements: symbols.Length),
                    temperature,
                    TopP: topP,
                    ChargeBalance: chargeBalance,
                    ChargeRejectionRounds: chargeRejectionRounds,
                    ChargeMixedValence: chargeMixedValence)).Select(s => s.Composition).ToArray();
                var figures = RecoveryFigures.Compute(system.Select(f => f.Composition), constrained, system.Key);
                found += figures.Recovered;
                total += figures.HeldOut;
                drawn += constrained.Length;
            }

            recovery.Add(new RecoveryFigures(total, found, drawn,
                $"left-out chemical systems: {systems.Length} systems never seen in training, {options.SamplesPerSystem} samples each constrained to the system's elements"));
        }

        return new GenerationReport(
            GenerationMetrics.Compute(samples, rules, IsKnown),
            smact14 is null ? null : GenerationMetrics.Compute(samples, smact14, IsKnown),
            GenerationMetrics.Compute(random, rules, IsKnown),
            smact14 is null ? null : GenerationMetrics.Compute(random, smact14, IsKnown),
            recovery);
    }
}
