using MatAssistant.Screening.Ranking;
using Xunit;

namespace MatAssistant.Screening.Tests;

public class FilterTests
{
    private static readonly string[] Names = ["formation_energy", "band_gap", "dft_band_gap", "is_metal"];

    internal static ScreenResult Result(string formula, double gap, double gapStd, double energy, double energyStd = 0.05, bool inDistribution = true, bool? known = false) =>
        new(formula, formula, true, true, true, "charge_balanced", null, known,
            new Dictionary<string, PropertyPrediction>
            {
                ["band_gap"] = new(gap, gapStd, inDistribution, "eV"),
                ["formation_energy"] = new(energy, energyStd, inDistribution, "eV/atom"),
            },
            null, null);

    [Theory]
    [InlineData("band_gap between 1.5 and 3", 2.0, true)]
    [InlineData("band_gap between 1.5 and 3", 3.5, false)]
    [InlineData("band_gap > 2", 2.5, true)]
    [InlineData("band_gap >= 2.5", 2.5, true)]
    [InlineData("band_gap > 2 and formation_energy < 0", 2.5, true)]
    [InlineData("band_gap > 2 && formation_energy < -2", 2.5, false)]
    [InlineData("BAND_GAP < 1e1", 2.5, true)]
    [InlineData("band_gap.std < 0.5", 2.5, true)]
    [InlineData("band_gap > 1 and in_distribution and novel", 2.5, true)]
    [InlineData("not valid", 2.5, false)]
    [InlineData("band_gap != 2.5", 2.5, false)]
    public void Matches_FollowsTheExpression(string expression, double gap, bool expected) =>
        Assert.Equal(expected, PropertyFilter.Parse(expression, Names).Matches(Result("X", gap, 0.2, -1.0)));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("band_gap >", "expected a number")]
    [InlineData("band_gap between 3 and 1", "lower bound comes first")]
    [InlineData("band_gap between 1", "'between' needs")]
    [InlineData("density < 3", "unknown property 'density'")]
    [InlineData("band_gap > 2 or formation_energy < 0", "expected 'and'")]
    [InlineData("band_gap ~ 2", "unexpected character '~'")]
    [InlineData("band_gap.median > 1", "mean or std")]
    [InlineData("not band_gap > 1", "'not' applies only")]
    [InlineData("System.IO.File.Delete(\"x\")", "unexpected character '('")]
    public void TryParse_ExplainsBadExpressions(string expression, string fragment)
    {
        Assert.False(PropertyFilter.TryParse(expression, Names, out _, out var error));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Probability_UsesNormalUncertainty()
    {
        var filter = PropertyFilter.Parse("band_gap > 2", Names);
        Assert.Equal(0.5, filter.Probability(Result("X", 2.0, 0.5, -1)), 6);
        Assert.Equal(0.841345, filter.Probability(Result("X", 2.5, 0.5, -1)), 5); // Φ(1)
        var window = PropertyFilter.Parse("band_gap between 1 and 3", Names);
        Assert.Equal(0.954500, window.Probability(Result("X", 2.0, 0.5, -1)), 4); // Φ(2) − Φ(−2)
    }

    [Fact]
    public void Matches_IsFalseWithoutPrediction()
    {
        var bare = new ScreenResult("X", "X", true, true, true, null, null, null, null, null, null);
        Assert.False(PropertyFilter.Parse("band_gap > 0", Names).Matches(bare));
    }
}
