using MatAssistant.Chemistry;

namespace MatAssistant.Screening.Tests;

public class CompositionScreenerTests
{
    [Fact]
    public void Screen_BadFormula_GivesErrorResultNotException()
    {
        var result = new CompositionScreener().Screen("Xx2O");
        Assert.NotNull(result.Error);
        Assert.Null(result.Valid);
        Assert.Equal("Xx2O", result.Formula);
    }

    [Fact]
    public void Screen_ReportsVerdictAssignmentAndReason()
    {
        var result = new CompositionScreener().Screen("Fe3Al");
        Assert.Equal("alloy", result.Reason);
        Assert.True(result.Valid);
        Assert.Null(result.Species); // an alloy: oxidation states do not apply, though Fe3Al balances arithmetically under icsd24
        Assert.Null(result.OxidationStates);
        Assert.Null(result.Known);
    }

    [Fact]
    public void Screen_WithKnownReference_FillsKnown()
    {
        var known = KnownFormulaSet.FromCompositions([Composition.Parse("SrTiO3")], "test");
        var screener = new CompositionScreener(ScreenerOptions.Default with { KnownFormulas = known });
        Assert.True(screener.Screen("Sr2Ti2O6").Known);
        Assert.False(screener.Screen("BaTiO3").Known);
    }

    [Fact]
    public void ScreenBatch_InParallel_KeepsInputOrder()
    {
        var formulas = Enumerable.Range(1, 5000).Select(i => $"Na{i}Cl{i % 7 + 1}").ToArray();
        var screener = new CompositionScreener();
        var parallel = screener.ScreenBatch(formulas, maxDegreeOfParallelism: 4);
        var sequential = screener.ScreenBatch(formulas, maxDegreeOfParallelism: 1);
        Assert.Equal(formulas, parallel.Select(r => r.Formula));
        Assert.Equal(sequential.Select(r => r.Valid), parallel.Select(r => r.Valid));
    }

    [Fact]
    public void ScreenBatch_TinyAmount_KeepsEveryOtherResult()
    {
        // Fe0.0000001 once threw DivideByZeroException out of the batch, losing the other results.
        var results = new CompositionScreener().ScreenBatch(["NaCl", "Fe0.0000001", "Xx2O", "Li1e-9O", "SrTiO3"]);
        Assert.Equal(5, results.Length);
        Assert.True(results[0].Valid);
        Assert.Equal("Fe", results[1].ReducedFormula);
        Assert.NotNull(results[2].Error);
        Assert.Equal("not_integral", results[3].Reason);
        Assert.True(results[4].Valid);
    }

    [Fact]
    public void ScreenBatch_Fuzzed_NoExceptionEscapes_EveryResultAccountedFor()
    {
        var random = new Random(7);
        var symbols = new[] { "Fe", "O", "Li", "Mn", "Na", "Cl", "K", "D", "Xx", "(", ")", "·", "e-", "0.0000001", "9.9e-09", "0.000000000001", "1234567890123", "2", " " };
        var formulas = Enumerable.Range(0, 20_000)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 8)).Select(_ => symbols[random.Next(symbols.Length)])))
            .ToArray();
        var results = new CompositionScreener().ScreenBatch(formulas);
        Assert.Equal(formulas, results.Select(r => r.Formula));
        Assert.All(results, r => Assert.True((r.Error is null) != (r.Valid is null), r.Formula));
        Assert.DoesNotContain(results, r => r.Error?.StartsWith("Internal error", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("Fe3O4", "mixed_valence", "Fe+2/Fe+3 O-2")]
    [InlineData("LiMn2O4", "mixed_valence", "Li+1 Mn+3/Mn+4 O-2")]
    [InlineData("YBa2Cu3O7", "mixed_valence", "Y+3 Ba+2 Cu+2/Cu+3 O-2")]
    [InlineData("KO2", "single_valence", "K+1 O-1/2 (superoxide)")]
    [InlineData("SrTiO3", "single_valence", "Sr+2 Ti+4 O-2")]
    [InlineData("FeNi", "alloy", "")]
    public void Screen_WithMixedValence_ReportsRuleSpeciesAndPlausibility(string formula, string rule, string text)
    {
        var rules = ScreeningRules.Default with { MixedValence = true, Peroxides = true };
        var result = new CompositionScreener(ScreenerOptions.Default with { Rules = rules }).Screen(formula);
        Assert.True(result.Valid, result.Detail);
        Assert.Equal(rule, result.Rule);
        Assert.Equal(text, result.OxidationStateText());
        Assert.Equal(rule == "alloy", result.Plausibility is null);
    }
}
