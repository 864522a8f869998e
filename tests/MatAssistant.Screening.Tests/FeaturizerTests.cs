using MatAssistant.Chemistry;
using MatAssistant.Screening.Surrogates;
using Xunit;

namespace MatAssistant.Screening.Tests;

public class FeaturizerTests
{
    private static float Feature(string formula, string name)
    {
        var featurizer = CompositionFeaturizer.Default;
        var index = featurizer.Names.ToList().IndexOf(name);
        Assert.True(index >= 0, name);
        return featurizer.Featurize(Composition.Parse(formula))[index];
    }

    [Fact]
    public void Names_AreUniqueAndMatchLength()
    {
        var f = CompositionFeaturizer.Default;
        Assert.Equal(f.Length, f.Names.Distinct().Count());
        Assert.Equal(ElementTable.MaxAtomicNumber, f.StatisticsOffset);
    }

    [Theory]
    [InlineData("NaCl", "fraction_Na", 0.5)]
    [InlineData("Fe2O3", "fraction_O", 0.6)]
    [InlineData("NaCl", "electronegativity_mean", (0.93 + 3.16) / 2)]
    [InlineData("NaCl", "electronegativity_deviation", (3.16 - 0.93) / 2)]
    [InlineData("NaCl", "electronegativity_range", 3.16 - 0.93)]
    [InlineData("Fe2O3", "atomic_number_min", 8)]
    [InlineData("Fe2O3", "atomic_number_max", 26)]
    [InlineData("Fe2O3", "atomic_number_mean", (2 * 26 + 3 * 8) / 5.0)]
    [InlineData("SrTiO3", "element_count", 3)]
    [InlineData("Si", "l2_norm", 1)]
    public void Features_MatchHandComputedValues(string formula, string name, double expected) =>
        Assert.Equal(expected, Feature(formula, name), 4);

    [Theory]
    [InlineData(1, 1, 0, 0, 0, 1)]   // H 1s1
    [InlineData(8, 2, 4, 0, 0, 2)]   // O [He] 2s2 2p4
    [InlineData(26, 2, 0, 6, 0, 4)]  // Fe [Ar] 4s2 3d6
    [InlineData(31, 2, 1, 10, 0, 5)] // Ga [Ar] 4s2 3d10 4p1
    [InlineData(57, 2, 0, 0, 1, 13)] // La by Madelung: [Xe] 6s2 4f1 (the real 5d1 is an exception)
    public void Valence_FollowsMadelungRule(int z, int s, int p, int d, int f, int unfilled)
    {
        var v = CompositionFeaturizer.Valence(z);
        Assert.Equal([s, p, d, f, s + p + d + f, unfilled], v);
    }

    [Fact]
    public void Featurize_IsIndependentOfFormulaScaleAndOrder()
    {
        var a = CompositionFeaturizer.Default.Featurize(Composition.Parse("Fe2O3"));
        var b = CompositionFeaturizer.Default.Featurize(Composition.Parse("O6Fe4"));
        Assert.Equal(a, b);
    }
}
