using MatAssistant.Screening.Ranking;
using Xunit;

namespace MatAssistant.Screening.Tests;

public class RankingTests
{
    private static readonly string[] Names = ["formation_energy", "band_gap"];

    [Fact]
    public void Rank_PutsNonDominatedCandidatesInFrontOne()
    {
        var results = new[]
        {
            FilterTests.Result("A", gap: 3.0, gapStd: 0, energy: -1.0, energyStd: 0),  // front 1 (best gap)
            FilterTests.Result("B", gap: 1.0, gapStd: 0, energy: -3.0, energyStd: 0),  // front 1 (best energy)
            FilterTests.Result("C", gap: 0.9, gapStd: 0, energy: -0.5, energyStd: 0),  // dominated by A and B
            FilterTests.Result("D", gap: 2.0, gapStd: 0, energy: -2.0, energyStd: 0),  // front 1 (trade-off)
        };
        var options = new RankingOptions(Objective.ParseList("formation_energy:min,band_gap:max", Names));
        var ranked = CandidateRanker.Rank(results, options);
        Assert.Equal(["A", "B", "D"], ranked.Where(r => r.Front == 1).Select(r => r.Result.Formula).Order());
        Assert.Equal("C", ranked[^1].Result.Formula);
        Assert.Equal(2, ranked[^1].Front);
        Assert.Equal(Enumerable.Range(1, 4), ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Rank_PenalisesUncertainty()
    {
        // Same means; the uncertain one is pessimistically worse on both objectives and falls behind.
        var sure = FilterTests.Result("Sure", gap: 2.0, gapStd: 0.1, energy: -1.0, energyStd: 0.01);
        var unsure = FilterTests.Result("Unsure", gap: 2.0, gapStd: 1.0, energy: -1.0, energyStd: 0.5);
        var ranked = CandidateRanker.Rank([unsure, sure], new RankingOptions(Objective.ParseList("formation_energy:min,band_gap:max", Names)));
        Assert.Equal("Sure", ranked[0].Result.Formula);
        Assert.Equal(2, ranked[1].Front);
    }

    [Fact]
    public void FilterAndRank_DropsFailuresAndRanksByFilterProbability()
    {
        var filter = PropertyFilter.Parse("band_gap > 2", Names);
        var results = new[]
        {
            FilterTests.Result("Edge", gap: 2.1, gapStd: 0.5, energy: -1.0),
            FilterTests.Result("Clear", gap: 3.5, gapStd: 0.2, energy: -1.0),
            FilterTests.Result("Fails", gap: 1.0, gapStd: 0.2, energy: -3.0),
        };
        var ranked = CandidateRanker.FilterAndRank(results, RankingOptions.ForFilter(filter));
        Assert.Equal(["Clear", "Edge"], ranked.Select(r => r.Result.Formula));
        Assert.True(ranked[0].Objectives[Objective.FilterProbability] > 0.99);
    }

    [Theory]
    [InlineData("band_gap:up")]
    [InlineData("density:min")]
    [InlineData("")]
    public void ParseList_RejectsBadObjectives(string text) =>
        Assert.Throws<FormatException>(() => Objective.ParseList(text, Names));

    [Fact]
    public void Rank_PutsResultsWithoutPredictionLast()
    {
        var bare = new ScreenResult("Bare", "Bare", true, true, true, null, null, null, null, null, null);
        var ranked = CandidateRanker.Rank([bare, FilterTests.Result("A", 1, 0.1, -1)], new RankingOptions(Objective.ParseList("band_gap:max", Names)));
        Assert.Equal(["A", "Bare"], ranked.Select(r => r.Result.Formula));
        Assert.Equal(0, ranked[1].Front);
    }
}
