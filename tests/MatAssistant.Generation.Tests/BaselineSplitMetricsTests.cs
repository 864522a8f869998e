using MatAssistant.Chemistry;
using MatAssistant.Generation;
using Xunit;

namespace MatAssistant.Generation.Tests;

public class BaselineSplitMetricsTests
{
    private static readonly Composition[] Training = new[] { "SrTiO3", "Fe2O3", "LiCoO2", "NaCl", "MgO", "Li2O", "KCl", "TiO2" }.Select(Composition.Parse).ToArray();

    [Fact]
    public void Baseline_FollowsTheTrainingElementCountsAndIsSeeded()
    {
        var elements = Training.SelectMany(c => c.Elements).Distinct().ToArray();
        var sampler = RandomBaselineSampler.FromTraining(Training, elements);
        Assert.Equal([0, 0.75, 0.25], sampler.ElementCountDistribution.Select(p => Math.Round(p, 9)).ToArray());
        Assert.Equal(3, sampler.MaxCount);
        var a = sampler.Sample(5000, 3);
        var b = sampler.Sample(5000, 3);
        Assert.Equal(a.Select(c => c.Formula), b.Select(c => c.Formula));
        Assert.All(a, c => Assert.True(c.ElementCount is 2 or 3 && c.Amounts.All(x => x is >= 1 and <= 3)));
        Assert.InRange(a.Count(c => c.ElementCount == 2) / 5000.0, 0.72, 0.78);
    }

    [Fact]
    public void Split_IsDeterministicDisjointAndLeavesSystemsOut()
    {
        var formulas = Enumerable.Range(1, 400)
            .SelectMany(i => new[] { $"Li{i}O", $"Na{i}Cl", $"Fe{i}O{i + 1}" })
            .Select(f => Composition.Parse(f).Reduce().Composition)
            .Select(c => new KnownFormula(c.AlphabeticalFormula, c))
            .DistinctBy(f => f.Key)
            .ToArray();
        var options = new SplitOptions(0.1, 0.1, 0.34, Seed: 5);
        var one = DatasetSplit.Create(formulas, options);
        var two = DatasetSplit.Create(formulas.Reverse().ToArray(), options);
        Assert.Equal(one.Train.Select(f => f.Key).Order(), two.Train.Select(f => f.Key).Order());
        var sets = new[] { one.Train, one.Validation, one.Test, one.HeldOutSystems };
        Assert.Equal(formulas.Length, sets.Sum(s => s.Count));
        Assert.Equal(formulas.Length, sets.SelectMany(s => s).Select(f => f.Key).Distinct().Count());
        var trainSystems = one.Train.Select(f => f.ChemicalSystem).ToHashSet();
        Assert.DoesNotContain(one.HeldOutSystems, f => trainSystems.Contains(f.ChemicalSystem));
    }

    [Fact]
    public void Metrics_CountWhatTheyClaim()
    {
        // NaCl twice (neutral, balanced), Na2Cl (not neutral), FeNi (alloy: valid, not neutral), O (single element).
        var samples = new[] { "NaCl", "Na2Cl2", "Na2Cl", "FeNi", "O2" }.Select(Composition.Parse).ToArray();
        var metrics = GenerationMetrics.Compute(samples, new CompositionRules(ScreeningRules.PymatgenIcsd), c => c.ReducedFormula == "NaCl");
        Assert.Equal(5, metrics.Count);
        Assert.Equal(4 / 5.0, metrics.UniqueFraction, 9);
        Assert.Equal(3 / 5.0, metrics.NovelFraction, 9);
        Assert.Equal(2 / 5.0, metrics.ChargeNeutralFraction, 9);
        Assert.Equal(2 / 5.0, metrics.ElectronegativityBalancedFraction, 9);
        Assert.Equal(4 / 5.0, metrics.ValidFraction, 9);
    }

    [Fact]
    public void Recovery_CountsHeldOutFormulasAmongSamples()
    {
        var figures = RecoveryFigures.Compute(new[] { "LiF", "NaCl", "KBr" }.Select(Composition.Parse), new[] { "Li2F2", "KBr", "CsI" }.Select(Composition.Parse).ToArray(), "test");
        Assert.Equal((3, 2), (figures.HeldOut, figures.Recovered));
    }
}
